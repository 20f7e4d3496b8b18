// Static checks of docker-compose.yml, the Dockerfile and scripts/compose-run.mjs. No
// Docker engine is needed: the Compose file is validated against the Compose Specification
// schema, and its references are checked against the repository and the built dist/.
// Run `npm run build` first; the app commands must point at files in dist/.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';

const execFileAsync = promisify(execFile);
const require = createRequire(import.meta.url);

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const COMPOSE_FILE = path.join(REPO_ROOT, 'docker-compose.yml');
const DOCKERFILE = path.join(REPO_ROOT, 'Dockerfile');
const DOCKERIGNORE = path.join(REPO_ROOT, '.dockerignore');
const SCHEMA_FILE = path.join(REPO_ROOT, 'test/fixtures/compose-spec/compose-spec.json');
const RUNNER_FILE = path.join(REPO_ROOT, 'scripts/compose-run.mjs');
const VENDORED_SCHEMA_CONTENT_SHA256 =
  '75e8180abc72f5faeea98ce2ac6bae645f25ddc253999d973545a5a1d7df5763';

const APP_SERVICES = ['ingest', 'aggregator', 'api'] as const;
type AppService = (typeof APP_SERVICES)[number];

/** Each app waits only for what it uses: ingest writes to Kafka, the api reads PostgreSQL. */
const APP_DEPENDENCIES: Record<AppService, Record<string, string>> = {
  ingest: { kafka: 'service_healthy' },
  aggregator: {
    kafka: 'service_healthy',
    postgres: 'service_healthy',
    migrate: 'service_completed_successfully',
  },
  api: { postgres: 'service_healthy', migrate: 'service_completed_successfully' },
};

const APP_ENVIRONMENT_KEYS: Record<AppService, string[]> = {
  ingest: ['HOST', 'KAFKA_BROKERS', 'LOG_LEVEL', 'NODE_ENV', 'PORT', 'SDK_CSM_UDP'],
  aggregator: ['DATABASE_URL', 'HOST', 'KAFKA_BROKERS', 'LOG_LEVEL', 'NODE_ENV', 'PORT'],
  api: ['DATABASE_URL', 'HOST', 'LOG_LEVEL', 'NODE_ENV', 'PORT'],
};
const PUBLISHED_PORTS: Record<string, number | undefined> = {
  ingest: 3100,
  aggregator: undefined,
  api: 3000,
};

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; target?: string };
  command?: string | string[];
  restart?: string;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: Array<string | number | Record<string, unknown>>;
  expose?: Array<string | number>;
  depends_on?: string[] | Record<string, { condition: string }>;
  healthcheck?: { test?: string | string[] };
}

interface ComposeFile {
  services: Record<string, ComposeService>;
}

interface PortMapping {
  hostIp?: string;
  published?: number;
  target: number;
  protocol: string;
}

interface ServicePlan {
  name: string;
  executable: string;
  args: string[];
  environment: Record<string, string>;
  port?: number;
  readyUrl?: string;
}

/** The exports of scripts/compose-run.mjs that these tests use. */
interface ComposeRunModule {
  interpolate(text: string, variables: Record<string, string>, warnings?: string[]): string;
  loadCompose(
    file: string,
    variables?: Record<string, string | undefined>,
  ): { compose: ComposeFile; warnings: string[] };
  normalizeEnvironment(
    environment: ComposeService['environment'],
    variables?: Record<string, string>,
  ): Record<string, string>;
  commandWords(command: ComposeService['command']): string[];
  portMappings(service: ComposeService): PortMapping[];
  parseDotenv(text: string): Record<string, string>;
  parsePortList(text: string): Record<string, number>;
  rewriteHosts(
    value: string,
    endpoints: Map<string, Map<number, number>>,
  ): { value: string; references: Array<{ service: string; port?: number }> };
  planServices(
    compose: ComposeFile,
    serviceNames: string[],
    options?: {
      variables?: Record<string, string>;
      portOverrides?: Record<string, number>;
      envOverrides?: Array<{ service?: string; key: string; value: string }>;
      nodePath?: string;
    },
  ): ServicePlan[];
}

function readCompose(): ComposeFile {
  return parseYaml(fs.readFileSync(COMPOSE_FILE, 'utf8')) as ComposeFile;
}

async function loadRunner(): Promise<ComposeRunModule> {
  // A computed specifier keeps TypeScript from looking for declarations of the .mjs file.
  return (await import(pathToFileURL(RUNNER_FILE).href)) as ComposeRunModule;
}

function dependsOn(service: ComposeService): Record<string, string> {
  const entries = service.depends_on ?? {};
  if (Array.isArray(entries)) {
    return Object.fromEntries(entries.map((name) => [name, 'service_started']));
  }
  return Object.fromEntries(Object.entries(entries).map(([name, dep]) => [name, dep.condition]));
}

describe('docker-compose.yml against the Compose Specification schema', () => {
  it('schema is the vendored draft-07 file', () => {
    const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
    const contentHash = createHash('sha256').update(JSON.stringify(schema)).digest('hex');

    expect(schema.$schema).toBe('https://json-schema.org/draft-07/schema');
    expect(schema.title).toBe('Compose Specification');
    // Recorded in test/fixtures/compose-spec/README.md; formatting does not change it.
    expect(contentHash).toBe(VENDORED_SCHEMA_CONTENT_SHA256);
  });

  it('compose file is valid', () => {
    const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strictTypes: false });
    // The schema names its dialect with an https URL without a trailing '#', but Ajv
    // registers draft-07 only under http://json-schema.org/draft-07/schema.
    ajv.addMetaSchema(
      require('ajv/dist/refs/json-schema-draft-07.json') as Record<string, unknown>,
      'https://json-schema.org/draft-07/schema',
    );
    const validate = ajv.compile(schema);

    const valid = validate(readCompose());

    const errors = (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
    expect(errors).toEqual([]);
    expect(valid).toBe(true);
  });

  it('schema rejects an unknown condition', () => {
    const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strictTypes: false });
    ajv.addMetaSchema(
      require('ajv/dist/refs/json-schema-draft-07.json') as Record<string, unknown>,
      'https://json-schema.org/draft-07/schema',
    );
    const validate = ajv.compile(schema);
    const compose = readCompose();
    compose.services.api.depends_on = { kafka: { condition: 'service_ready' } };

    expect(validate(compose)).toBe(false);
  });
});

describe('docker-compose.yml services', () => {
  const compose = readCompose();
  const services = compose.services;

  it('defines the expected services', () => {
    expect(Object.keys(services).toSorted()).toEqual(
      ['aggregator', 'api', 'ingest', 'kafka', 'migrate', 'postgres'].toSorted(),
    );
  });

  it.each(APP_SERVICES)('%s command runs its built entry point', (name) => {
    const command = services[name].command;
    const entryPoint = `dist/apps/${name}/src/main.js`;

    expect(command).toEqual(['node', entryPoint]);
    expect(
      fs.existsSync(path.join(REPO_ROOT, entryPoint)),
      `${entryPoint} is missing: run "npm run build" before this test`,
    ).toBe(true);
  });

  it.each(APP_SERVICES)('%s waits for the services it uses', (name) => {
    expect(dependsOn(services[name])).toEqual(APP_DEPENDENCIES[name]);
  });

  it('migrate waits for a healthy PostgreSQL', () => {
    const migrate = services.migrate;

    expect(dependsOn(migrate)).toEqual({ postgres: 'service_healthy' });
    expect(migrate.command).toEqual(['npx', '--no', 'prisma', 'migrate', 'deploy']);
    expect(migrate.restart).toBe('no');
  });

  it('service_healthy targets define a healthcheck', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [target, condition] of Object.entries(dependsOn(service))) {
        expect(services[target], `${name} depends on unknown service ${target}`).toBeDefined();
        if (condition === 'service_healthy') {
          expect(services[target].healthcheck?.test, `${target} has no healthcheck`).toBeDefined();
        }
      }
    }
  });

  it.each(APP_SERVICES)('%s environment follows the app contract', async (name) => {
    const runner = await loadRunner();
    const environment = runner.normalizeEnvironment(services[name].environment);

    expect(Object.keys(environment).toSorted()).toEqual(APP_ENVIRONMENT_KEYS[name].toSorted());
    expect(environment.NODE_ENV).toBe('production');
    expect(environment.HOST).toBe('0.0.0.0');
    expect(environment.LOG_LEVEL).toBe('${LOG_LEVEL:-info}');
  });

  it.each(APP_SERVICES)('%s publishes or exposes its PORT', async (name) => {
    const runner = await loadRunner();
    const service = services[name];
    const port = Number(runner.normalizeEnvironment(service.environment).PORT);
    const mappings = runner.portMappings(service);

    if (PUBLISHED_PORTS[name] === undefined) {
      expect(mappings).toEqual([]);
      expect((service.expose ?? []).map(Number)).toContain(port);
    } else {
      expect(port).toBe(PUBLISHED_PORTS[name]);
      expect(mappings).toContainEqual({
        hostIp: '127.0.0.1',
        published: port,
        target: port,
        protocol: 'tcp',
      });
    }
  });

  it('apps and migrate use the PostgreSQL service credentials', async () => {
    const runner = await loadRunner();
    const { compose: interpolated } = runner.loadCompose(COMPOSE_FILE, {});
    const postgres = runner.normalizeEnvironment(interpolated.services.postgres.environment);

    for (const name of ['aggregator', 'api', 'migrate']) {
      const environment = runner.normalizeEnvironment(interpolated.services[name].environment);
      const url = new URL(environment.DATABASE_URL);

      expect(url.protocol, name).toBe('postgresql:');
      expect(url.hostname, name).toBe('postgres');
      expect(url.port, name).toBe('5432');
      expect(url.username, name).toBe(postgres.POSTGRES_USER);
      expect(decodeURIComponent(url.password), name).toBe(postgres.POSTGRES_PASSWORD);
      expect(url.pathname, name).toBe(`/${postgres.POSTGRES_DB}`);
    }
  });

  it('postgres healthcheck probes the app database', async () => {
    const runner = await loadRunner();
    const postgres = services.postgres;
    const environment = runner.normalizeEnvironment(postgres.environment);

    expect(postgres.image).toMatch(/^postgres:\d+/);
    expect(environment.POSTGRES_DB).toBe('policy_ledger');
    expect(postgres.healthcheck?.test).toEqual([
      'CMD',
      'pg_isready',
      '-U',
      environment.POSTGRES_USER,
      '-d',
      environment.POSTGRES_DB,
    ]);
  });

  it('kafka is a single KRaft broker and controller', async () => {
    const runner = await loadRunner();
    const kafka = services.kafka;
    const environment = runner.normalizeEnvironment(kafka.environment);

    expect(kafka.image).toMatch(/^apache\/kafka:\d+\.\d+\.\d+$/);
    expect(environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(environment.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(
      `${environment.KAFKA_NODE_ID}@localhost:9093`,
    );
    expect(environment.KAFKA_LISTENERS.split(',')).toEqual([
      'PLAINTEXT://:9092',
      'CONTROLLER://:9093',
    ]);
    expect(environment.KAFKA_CONTROLLER_LISTENER_NAMES).toBe('CONTROLLER');
    expect(environment.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe('1');
    expect(environment.KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR).toBe('1');
    // A KRaft cluster id is a UUID (16 bytes) in URL-safe base64 without padding.
    expect(Buffer.from(environment.CLUSTER_ID, 'base64url')).toHaveLength(16);
    expect(kafka.healthcheck?.test).toContain('/opt/kafka/bin/kafka-broker-api-versions.sh');
  });

  it.each(['ingest', 'aggregator'])('%s KAFKA_BROKERS is the advertised listener', async (name) => {
    const runner = await loadRunner();
    const kafka = runner.normalizeEnvironment(services.kafka.environment);
    const environment = runner.normalizeEnvironment(services[name].environment);

    expect(`PLAINTEXT://${environment.KAFKA_BROKERS}`).toBe(kafka.KAFKA_ADVERTISED_LISTENERS);
  });
});

describe('app healthcheck command', () => {
  const compose = readCompose();
  const statusByPath = new Map<string, number>();
  let server: http.Server;
  let serverPort: number;
  let closedPort: number;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      response.statusCode = statusByPath.get(request.url ?? '') ?? 404;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serverPort = (server.address() as AddressInfo).port;

    // A port that was free a moment ago, so a connection to it is refused.
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    return () => new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function runHealthcheck(name: string, port: number): Promise<number> {
    const test = compose.services[name].healthcheck?.test;
    expect(Array.isArray(test)).toBe(true);
    expect((test as string[]).slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    const script = (test as string[])[3];

    try {
      await execFileAsync(process.execPath, ['-e', script], {
        env: { PATH: process.env.PATH, PORT: String(port) },
        timeout: 15_000,
      });
      return 0;
    } catch (error) {
      return (error as { code?: number }).code ?? -1;
    }
  }

  it.each(APP_SERVICES)('%s check passes on 200', async (name) => {
    statusByPath.set('/health/ready', 200);

    expect(await runHealthcheck(name, serverPort)).toBe(0);
  });

  it.each(APP_SERVICES)('%s check fails on 503', async (name) => {
    statusByPath.set('/health/ready', 503);

    expect(await runHealthcheck(name, serverPort)).toBe(1);
  });

  it.each(APP_SERVICES)('%s check fails when refused', async (name) => {
    expect(await runHealthcheck(name, closedPort)).toBe(1);
  });
});

describe('Dockerfile', () => {
  const dockerfile = fs.readFileSync(DOCKERFILE, 'utf8');
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages = new Map<string, string[]>();
  let currentStage = '';
  for (const line of lines) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      currentStage = from[1] ?? `stage-${stages.size}`;
      stages.set(currentStage, []);
    } else if (currentStage) {
      stages.get(currentStage)?.push(line);
    }
  }

  const ignorePatterns = fs
    .readFileSync(DOCKERIGNORE, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

  /** Matches a context-relative path, or one of its parent folders, against .dockerignore. */
  function isDockerIgnored(relativePath: string): boolean {
    const patterns = ignorePatterns.map((pattern) => {
      // `**/` matches any number of folders; `*` matches within one path segment.
      const source = pattern
        .split('**/')
        .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
        .join('(?:.*/)?');
      return new RegExp(`^${source}$`);
    });
    const parts = relativePath.split('/');
    return parts.some((_, index) => {
      const candidate = parts.slice(0, index + 1).join('/');
      return patterns.some((pattern) => pattern.test(candidate));
    });
  }

  function copySources(stage: string): string[] {
    return (stages.get(stage) ?? [])
      .filter((line) => /^COPY\s/i.test(line) && !/--from=/i.test(line))
      .flatMap((line) => {
        const words = line
          .split(/\s+/)
          .slice(1)
          .filter((word) => !word.startsWith('--'));
        return words.slice(0, -1);
      });
  }

  it('builds on Node.js 22', () => {
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=22$/m);
    expect(dockerfile).toMatch(/^FROM node:\$\{NODE_VERSION\}-\S+ AS base$/m);
  });

  it('installs with npm ci and builds with npm run build', () => {
    expect(stages.get('deps')).toContain('RUN npm ci --ignore-scripts');
    expect(stages.get('build')).toContain('RUN npm run build');
  });

  it('defines every build target that compose names', () => {
    const compose = readCompose();

    for (const [name, service] of Object.entries(compose.services)) {
      if (service.build === undefined) continue;
      const target = typeof service.build === 'object' ? service.build.target : undefined;

      expect(target, `${name} builds without a target`).toBeDefined();
      expect([...stages.keys()], `${name} names a missing stage`).toContain(target);
    }
  });

  it('copies sources that exist and are not ignored', () => {
    for (const stage of stages.keys()) {
      for (const source of copySources(stage)) {
        expect(fs.existsSync(path.join(REPO_ROOT, source)), `${stage}: ${source} is missing`).toBe(
          true,
        );
        expect(isDockerIgnored(source), `${stage}: ${source} is in .dockerignore`).toBe(false);
      }
    }
  });

  it('keeps migrations and app sources in the context', () => {
    const required = ['prisma/schema.prisma', 'libs/persistence/src/database-url.ts'];
    const migrations = path.join(REPO_ROOT, 'prisma/migrations');
    for (const folder of fs.readdirSync(migrations)) {
      required.push(`prisma/migrations/${folder}/migration.sql`);
    }

    for (const file of required) {
      expect(isDockerIgnored(file), `${file} is in .dockerignore`).toBe(false);
    }
    expect(isDockerIgnored('libs/persistence/src/generated/prisma/client.ts')).toBe(true);
    expect(isDockerIgnored('node_modules/yaml/package.json')).toBe(true);
  });

  it('migrate stage copies the files prisma.config.ts imports', () => {
    const copied = copySources('migrate');
    const pending = ['prisma.config.ts'];
    const seen = new Set<string>();

    while (pending.length > 0) {
      const file = pending.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);

      expect(
        copied.some((source) => file === source || file.startsWith(`${source}/`)),
        `migrate stage does not copy ${file}`,
      ).toBe(true);

      const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
      for (const match of text.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
        const imported = path.posix.join(path.posix.dirname(file), match[1]);
        pending.push(imported.replace(/\.js$/, '.ts'));
      }
    }

    expect(seen.size).toBeGreaterThan(1);
  });

  it('app stage runs as the node user with package.json beside dist', () => {
    const app = stages.get('app') ?? [];

    expect(app).toContain('COPY package.json ./');
    expect(app).toContain('COPY --from=build /app/dist ./dist');
    expect(app).toContain('USER node');
  });
});

describe('compose-run planning', () => {
  it.each([
    ['${A}', { A: 'x' }, 'x'],
    ['$A-$B', { A: 'x', B: 'y' }, 'x-y'],
    ['${A:-fallback}', {}, 'fallback'],
    ['${A:-fallback}', { A: '' }, 'fallback'],
    ['${A-fallback}', { A: '' }, ''],
    ['${A:+set}', { A: 'x' }, 'set'],
    ['${A:+set}', { A: '' }, ''],
    ['${A+set}', { A: '' }, 'set'],
    ['${A:-${B:-inner}}', {}, 'inner'],
    ['cost: $$5', {}, 'cost: $5'],
    ['$$A', { A: 'x' }, '$A'],
  ])('interpolates %s', async (text, variables, expected) => {
    const runner = await loadRunner();

    expect(runner.interpolate(text, variables as Record<string, string>)).toBe(expected);
  });

  it('interpolation reports unset variables', async () => {
    const runner = await loadRunner();
    const warnings: string[] = [];

    expect(runner.interpolate('a${MISSING}b', {}, warnings)).toBe('ab');
    expect(warnings).toEqual(['MISSING']);
  });

  it('interpolation raises on a required variable', async () => {
    const runner = await loadRunner();

    expect(() => runner.interpolate('${TOKEN:?set TOKEN}', {})).toThrow(/TOKEN.*set TOKEN/);
    expect(() => runner.interpolate('${TOKEN?}', { TOKEN: '' })).not.toThrow();
    expect(() => runner.interpolate('${unclosed', {})).toThrow(/missing "}"/);
  });

  it.each([
    ['postgresql://postgres:pw@postgres:5432/db', 'postgresql://postgres:pw@127.0.0.1:5432/db'],
    [
      'postgresql://postgres@postgres/db?x=postgres',
      'postgresql://postgres@127.0.0.1/db?x=postgres',
    ],
    ['kafka:9092', '127.0.0.1:9092'],
    ['kafka:9092, other:9092', '127.0.0.1:9092,other:9092'],
    ['http://api:3000/graphql', 'http://127.0.0.1:13000/graphql'],
    ['kafka', '127.0.0.1'],
    ['kafkas:9092', 'kafkas:9092'],
    ['postgresql://user@db.example:5432/x', 'postgresql://user@db.example:5432/x'],
    ['production', 'production'],
    ['a kafka b', 'a kafka b'],
  ])('maps hosts in %s', async (value, expected) => {
    const runner = await loadRunner();
    const endpoints = new Map([
      ['postgres', new Map<number, number>()],
      ['kafka', new Map<number, number>()],
      ['api', new Map([[3000, 13000]])],
    ]);

    expect(runner.rewriteHosts(value, endpoints).value).toBe(expected);
  });

  it.each([
    ['3000', { hostIp: undefined, published: undefined, target: 3000, protocol: 'tcp' }],
    ['8080:3000', { hostIp: undefined, published: 8080, target: 3000, protocol: 'tcp' }],
    [
      '127.0.0.1:8080:3000',
      { hostIp: '127.0.0.1', published: 8080, target: 3000, protocol: 'tcp' },
    ],
    ['[::1]:8080:3000/udp', { hostIp: '[::1]', published: 8080, target: 3000, protocol: 'udp' }],
    [
      { target: 3000, published: '8080' },
      { hostIp: undefined, published: 8080, target: 3000, protocol: 'tcp' },
    ],
  ])('parses port mapping %j', async (entry, expected) => {
    const runner = await loadRunner();

    expect(runner.portMappings({ ports: [entry] })).toEqual([expected]);
  });

  it('parses .env files', async () => {
    const runner = await loadRunner();
    const text = [
      '# comment',
      'A=1',
      'export B = two words # note',
      "C='$literal # kept'",
      'D="line\\nbreak"',
      'not a variable',
    ].join('\n');

    expect(runner.parseDotenv(text)).toEqual({
      A: '1',
      B: 'two words',
      C: '$literal # kept',
      D: 'line\nbreak',
    });
  });

  it('splits string commands like a shell', async () => {
    const runner = await loadRunner();

    expect(runner.commandWords(`node -e "console.log('a b')" x\\ y`)).toEqual([
      'node',
      '-e',
      "console.log('a b')",
      'x y',
    ]);
    expect(runner.commandWords(['node', 'main.js'])).toEqual(['node', 'main.js']);
  });

  it('rejects malformed port overrides', async () => {
    const runner = await loadRunner();

    expect(runner.parsePortList('api=13000, ingest=13100')).toEqual({ api: 13000, ingest: 13100 });
    expect(() => runner.parsePortList('api')).toThrow(/SERVICE=PORT/);
    expect(() => runner.parsePortList('api=70000')).toThrow(/1-65535/);
  });

  it('plans the app services on compose ports', async () => {
    const runner = await loadRunner();
    const { compose } = runner.loadCompose(COMPOSE_FILE, {});

    const plans = runner.planServices(compose, [...APP_SERVICES], { nodePath: '/opt/node' });

    expect(plans.map((plan) => [plan.name, plan.port])).toEqual([
      ['ingest', 3100],
      ['aggregator', 3200],
      ['api', 3000],
    ]);
    for (const plan of plans) {
      expect(plan.executable).toBe('/opt/node');
      expect(plan.args).toEqual([`dist/apps/${plan.name}/src/main.js`]);
      expect(plan.readyUrl).toBe(`http://127.0.0.1:${plan.port}/health/ready`);
      expect(plan.environment.PORT).toBe(String(plan.port));
      expect(plan.environment.HOST).toBe('127.0.0.1');
      if (APP_ENVIRONMENT_KEYS[plan.name as AppService].includes('KAFKA_BROKERS')) {
        expect(plan.environment.KAFKA_BROKERS).toBe('127.0.0.1:9092');
      }
      if (APP_ENVIRONMENT_KEYS[plan.name as AppService].includes('DATABASE_URL')) {
        expect(plan.environment.DATABASE_URL).toBe(
          'postgresql://postgres:policy-ledger@127.0.0.1:5432/policy_ledger',
        );
      }
    }
  });

  it('points URLs and brokers at 127.0.0.1', async () => {
    const runner = await loadRunner();
    const { compose } = runner.loadCompose(COMPOSE_FILE, {});
    const hosts = Object.keys(compose.services);

    const plans = runner.planServices(compose, ['migrate', ...APP_SERVICES]);

    for (const plan of plans) {
      const { DATABASE_URL: databaseUrl, KAFKA_BROKERS: brokers, ...rest } = plan.environment;

      if (databaseUrl !== undefined) {
        expect(new URL(databaseUrl).hostname, `${plan.name} DATABASE_URL`).toBe('127.0.0.1');
      }
      for (const broker of brokers?.split(',') ?? []) {
        expect(broker, `${plan.name} KAFKA_BROKERS`).toMatch(/^127\.0\.0\.1:\d+$/);
      }
      for (const [key, value] of Object.entries(rest)) {
        expect(hosts, `${plan.name} ${key}`).not.toContain(value.split(':')[0]);
      }
    }
  });

  it('applies port and env overrides', async () => {
    const runner = await loadRunner();
    const { compose } = runner.loadCompose(COMPOSE_FILE, { POSTGRES_PASSWORD: 'secret' });

    const [ingest, api] = runner.planServices(compose, ['ingest', 'api'], {
      portOverrides: { api: 13000 },
      envOverrides: [
        { key: 'DATABASE_URL', value: 'postgresql://postgres@127.0.0.1:5432/other' },
        { service: 'api', key: 'LOG_LEVEL', value: 'debug' },
      ],
    });

    expect(ingest.port).toBe(3100);
    expect(api.port).toBe(13000);
    expect(api.environment.PORT).toBe('13000');
    expect(ingest.environment.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/other');
    expect(api.environment.LOG_LEVEL).toBe('debug');
    expect(ingest.environment.LOG_LEVEL).toBe('info');
  });

  it('rejects unknown services', async () => {
    const runner = await loadRunner();
    const { compose } = runner.loadCompose(COMPOSE_FILE, {});

    expect(() => runner.planServices(compose, ['web'])).toThrow(/web is not in the Compose file/);
    expect(() => runner.planServices(compose, ['kafka'])).toThrow(/no command/);
    expect(() => runner.planServices(compose, ['api'], { portOverrides: { web: 1 } })).toThrow(
      /unknown service web/,
    );
  });
});
