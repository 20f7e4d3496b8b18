// Starts the app services of docker-compose.yml with scripts/compose-run.mjs, on this machine
// and without Docker, checks that each responds to GET /health/ready with 200, and stops them.
//
// Needs `npm run build`, PostgreSQL and a Kafka broker (`bash scripts/kafka.sh start`). The
// apps get the Compose file's own environment with the service host names mapped to
// 127.0.0.1, so they reach PostgreSQL at 127.0.0.1:5432 and Kafka at 127.0.0.1:9092.
//
// Environment (all optional):
//   COMPOSE_TEST_DATABASE_URL  database for the apps. By default the test creates
//                              policy_ledger_compose_test on the server of DATABASE_URL (or
//                              127.0.0.1:5432), migrates it and drops it afterwards.
//   KAFKA_BROKERS              broker list to give the apps instead of the mapped Compose value
//   COMPOSE_RUN_PORTS          local app ports, for example "ingest=13100,aggregator=13200,
//                              api=13000", when the Compose ports are taken by a dev stack

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import pg from 'pg';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const execFileAsync = promisify(execFile);

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const COMPOSE_FILE = path.join(REPO_ROOT, 'docker-compose.yml');
const RUNNER = path.join(REPO_ROOT, 'scripts/compose-run.mjs');
// A folder of its own, so the test never stops services that a developer started with the
// default .runtime/compose.
const RUNTIME_DIR = path.join(REPO_ROOT, '.runtime/compose-int-test');
const APP_SERVICES = ['ingest', 'aggregator', 'api'] as const;
const TEST_DATABASE = 'policy_ledger_compose_test';
const CONSUMER_GROUP = 'policy-ledger-aggregator-compose-test';
const READY_TIMEOUT_SECONDS = 60;

interface ComposeService {
  environment?: Record<string, string | number | null>;
  ports?: string[];
}

interface RecordedState {
  pid: number;
  port: number;
  readyUrl: string;
}

/**
 * Returns each app's local port as compose-run should choose it, read from the Compose file:
 * the host port published for the service's PORT, else PORT, unless COMPOSE_RUN_PORTS names
 * the service.
 */
function expectedPorts(): Record<string, number> {
  const compose = parseYaml(fs.readFileSync(COMPOSE_FILE, 'utf8')) as {
    services: Record<string, ComposeService>;
  };
  const overrides = Object.fromEntries(
    (process.env.COMPOSE_RUN_PORTS ?? '')
      .split(',')
      .filter((item) => item.includes('='))
      .map((item) => item.trim().split('='))
      .map(([name, port]) => [name, Number(port)]),
  );

  return Object.fromEntries(
    APP_SERVICES.map((name) => {
      const service = compose.services[name];
      const containerPort = Number(service.environment?.PORT);
      const published = (service.ports ?? [])
        .map((entry) => entry.split(':').map(Number))
        .find((parts) => parts.at(-1) === containerPort)
        ?.at(-2);
      return [name, overrides[name] ?? published ?? containerPort];
    }),
  );
}

function testDatabaseUrl(): { url: string; managed: boolean } {
  if (process.env.COMPOSE_TEST_DATABASE_URL) {
    return { url: process.env.COMPOSE_TEST_DATABASE_URL, managed: false };
  }

  const url = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${TEST_DATABASE}`;
  url.search = '';
  return { url: url.toString(), managed: true };
}

/** Runs one query on the server's maintenance database `postgres`. */
async function onMaintenanceDatabase(databaseUrl: string, sql: string): Promise<void> {
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });

  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(3_000, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** Returns whether pid runs. A zombie (exited, not yet reaped by init) counts as ended. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }

  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

async function runRunner(args: string[], timeoutMs: number): Promise<string> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [RUNNER, ...args], {
      cwd: REPO_ROOT,
      timeout: timeoutMs,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    const {
      code,
      signal,
      stdout = '',
      stderr = '',
    } = error as {
      code?: number | string;
      signal?: string | null;
      stdout?: string;
      stderr?: string;
    };
    const outcome = signal ? `was ended by ${signal}` : `exited with code ${code}`;
    throw new Error(`compose-run ${args[0]} ${outcome}:\n${stdout}${stderr}`, { cause: error });
  }
}

describe('compose-run with local PostgreSQL and Kafka', () => {
  const database = testDatabaseUrl();
  const ports = expectedPorts();
  const kafkaBrokers = process.env.KAFKA_BROKERS;

  beforeAll(async () => {
    for (const name of APP_SERVICES) {
      const entryPoint = path.join(REPO_ROOT, `dist/apps/${name}/src/main.js`);
      if (!fs.existsSync(entryPoint)) {
        throw new Error(`${entryPoint} is missing: run "npm run build" first.`);
      }
    }

    const postgres = new URL(database.url);
    if (!(await canConnect(postgres.hostname, Number(postgres.port || 5432)))) {
      throw new Error(`PostgreSQL is not reachable at ${postgres.host}. Start it first.`);
    }
    for (const broker of (kafkaBrokers ?? '127.0.0.1:9092').split(',')) {
      const [host, port] = broker.trim().split(':');
      if (!(await canConnect(host, Number(port)))) {
        throw new Error(
          `Kafka is not reachable at ${broker}. Start it with "bash scripts/kafka.sh start".`,
        );
      }
    }

    if (database.managed) {
      await onMaintenanceDatabase(
        database.url,
        `DROP DATABASE IF EXISTS "${TEST_DATABASE}" WITH (FORCE)`,
      );
      await onMaintenanceDatabase(database.url, `CREATE DATABASE "${TEST_DATABASE}"`);
    }

    const args = [
      'start',
      '--migrate',
      '--runtime-dir',
      RUNTIME_DIR,
      '--timeout',
      String(READY_TIMEOUT_SECONDS),
      '--env',
      `DATABASE_URL=${database.url}`,
      // Loopback only, and a consumer group of its own, so a running dev stack keeps its
      // partitions.
      '--env',
      'HOST=127.0.0.1',
      '--env',
      `aggregator:KAFKA_GROUP_ID=${CONSUMER_GROUP}`,
    ];
    if (kafkaBrokers) args.push('--env', `KAFKA_BROKERS=${kafkaBrokers}`);

    await runRunner(args, (READY_TIMEOUT_SECONDS + 60) * 1000);
  }, 180_000);

  afterAll(async () => {
    // Stopping twice is harmless: the last test already stopped everything if it passed.
    await runRunner(['stop', '--runtime-dir', RUNTIME_DIR], 60_000);

    if (database.managed) {
      await onMaintenanceDatabase(
        database.url,
        `DROP DATABASE IF EXISTS "${TEST_DATABASE}" WITH (FORCE)`,
      );
    }
  }, 90_000);

  it.each(APP_SERVICES)('%s is ready on its Compose port', async (name) => {
    const response = await fetch(`http://127.0.0.1:${ports[name]}/health/ready`, {
      signal: AbortSignal.timeout(5_000),
    });

    expect(response.status, await response.text()).toBe(200);
  });

  it.each(APP_SERVICES)('%s pid and port are recorded', (name) => {
    const state = JSON.parse(
      fs.readFileSync(path.join(RUNTIME_DIR, `${name}.json`), 'utf8'),
    ) as RecordedState;
    const pid = Number(fs.readFileSync(path.join(RUNTIME_DIR, `${name}.pid`), 'utf8'));

    expect(state.pid).toBe(pid);
    expect(isAlive(pid)).toBe(true);
    expect(state.port).toBe(ports[name]);
    expect(state.readyUrl).toBe(`http://127.0.0.1:${ports[name]}/health/ready`);
  });

  it('migrate log shows a successful run', () => {
    const log = fs.readFileSync(path.join(RUNTIME_DIR, 'migrate.log'), 'utf8');

    expect(log).toMatch(
      /All migrations have been successfully applied|No pending migrations to apply/,
    );
  });

  it('stop ends every recorded process', async () => {
    const pids = APP_SERVICES.map(
      (name) =>
        (
          JSON.parse(
            fs.readFileSync(path.join(RUNTIME_DIR, `${name}.json`), 'utf8'),
          ) as RecordedState
        ).pid,
    );

    await runRunner(['stop', '--runtime-dir', RUNTIME_DIR], 60_000);

    for (const pid of pids) {
      expect(isAlive(pid), `pid ${pid} still runs`).toBe(false);
    }
    for (const name of APP_SERVICES) {
      expect(fs.existsSync(path.join(RUNTIME_DIR, `${name}.pid`)), `${name}.pid is left`).toBe(
        false,
      );
    }
  });
});
