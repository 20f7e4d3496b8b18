import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';

import { randomAccountId } from '../../../../test/support/accounts.js';
import {
  runPolicyStreamConnector,
  type PolicyStreamConnectorOptions,
} from '../localstack/policy-stream-connector.js';
import { createProgram } from '../main.js';

const STREAM_PATH = '/_aws/iam/policies/stream';
const INGEST_PATH = '/v1/sources/localstack/policy-stream';

/** Builds one policy stream entry as LocalStack writes it, with request id `request-<n>`. */
function entry(account: string, n: number): string {
  return JSON.stringify({
    resource: `arn:aws:iam::${account}:role/stream-reader`,
    policy_type: 'identity',
    policy_document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::stream-bucket-${account}/object-${n}.json`,
          Sid: `Test${n.toString(16).padStart(8, '0')}`,
        },
      ],
    },
    request: {
      id: `request-${n}`,
      service: 's3',
      operation: 'GetObject',
      parameters: {},
      allowed: true,
    },
  });
}

const lines = (account: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, index) => entry(account, from + index));

interface TestServer {
  url: string;
  close(): Promise<void>;
}

const servers: TestServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<TestServer> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const testServer = {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
  servers.push(testServer);

  return testServer;
}

/** One scripted connection of the fake LocalStack. */
type StreamScript = (response: ServerResponse) => void;

/** Starts a fake LocalStack that serves the n-th stream request with the n-th script. */
async function startLocalStack(
  scripts: StreamScript[],
): Promise<TestServer & { requests: () => number }> {
  let requests = 0;
  const server = await startServer((request, response) => {
    if (request.method !== 'GET' || request.url !== STREAM_PATH) {
      response.writeHead(404).end();
      return;
    }

    const script = scripts[Math.min(requests, scripts.length - 1)]!;
    requests++;
    script(response);
  });

  return { ...server, requests: () => requests };
}

/** Sends the response headers at once, as a stream that has no entry yet still does. */
function openStream(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/x-ndjson' });
  response.flushHeaders();
}

/** Sends a blank keep-alive line every 50 ms until the connection closes. */
function keepAlive(response: ServerResponse): void {
  const timer = setInterval(() => response.write('\n'), 50);
  response.once('close', () => clearInterval(timer));
}

/** Starts a fake ingest that records the request ids of every batch it accepted. */
async function startIngest(status: (requestNumber: number) => number) {
  const accepted: string[] = [];
  const statuses: number[] = [];
  const server = await startServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const code = request.url === INGEST_PATH ? status(statuses.length + 1) : 404;
      statuses.push(code);
      const bodyLines = Buffer.concat(chunks)
        .toString('utf8')
        .split('\n')
        .filter((line) => line !== '');
      if (code === 202) {
        accepted.push(
          ...bodyLines.map((line) => (JSON.parse(line) as { request: { id: string } }).request.id),
        );
      }

      response.writeHead(code, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          code === 202
            ? { accepted: bodyLines.length, rejected: [] }
            : { message: 'Kafka is unavailable, so no event was accepted', accepted: 0 },
        ),
      );
    });
  });

  return { ...server, accepted, statuses };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function capturingLogger() {
  const records: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => void records.push(JSON.parse(line)) },
  );

  return { logger, records, messages: () => records.map((record) => record.msg) };
}

function connectorOptions(
  localstack: string,
  ingest: string,
  logger: PolicyStreamConnectorOptions['logger'],
  overrides: Partial<PolicyStreamConnectorOptions> = {},
): PolicyStreamConnectorOptions {
  return {
    endpoint: localstack,
    ingestUrl: ingest,
    batchSize: 3,
    flushIntervalMs: 20,
    backoff: { initialMs: 10, maxMs: 50 },
    idleTimeoutMs: 5000,
    shutdownTimeoutMs: 2000,
    requestTimeoutMs: 2000,
    logger,
    ...overrides,
  };
}

const sortedIds = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => `request-${from + index}`).toSorted();

describe('policy stream connector', () => {
  const account = randomAccountId();

  it('forwards every entry once across a dropped connection', async () => {
    const [first, second] = [lines(account, 1, 8).slice(0, 4), lines(account, 4, 8)];
    const localstack = await startLocalStack([
      (response) => {
        openStream(response);
        response.write(`${first[0]}\n\n${first[1]}\n${first[2]}\n\n`);
        // Entry 5 is cut in half when the connection drops.
        response.write(`${first[3]}\n${entry(account, 5).slice(0, 60)}`, () =>
          setTimeout(() => response.socket?.destroy(), 30),
        );
      },
      (response) => {
        openStream(response);
        // The stream sends entry 4 again after the reconnect.
        response.write(`${second.join('\n\n')}\n`);
        keepAlive(response);
      },
    ]);
    const ingest = await startIngest((requestNumber) => (requestNumber === 1 ? 503 : 202));
    const log = capturingLogger();
    const stop = new AbortController();

    const running = runPolicyStreamConnector(
      connectorOptions(localstack.url, ingest.url, log.logger),
      stop.signal,
    );
    await waitFor(() => new Set(ingest.accepted).size === 8, 'all 8 entries at ingest');
    stop.abort();
    const summary = await running;

    expect(ingest.accepted.toSorted()).toEqual(sortedIds(1, 8));
    expect(ingest.statuses[0]).toBe(503);
    expect(localstack.requests()).toBe(2);
    expect(summary).toMatchObject({
      connections: 2,
      entries: 9,
      duplicates: 1,
      incomplete: 1,
      sent: 8,
      accepted: 8,
      rejected: 0,
      undelivered: 0,
    });
    expect(summary.keepAlives).toBeGreaterThanOrEqual(4);
  });

  it('logs connects, disconnects, retries and totals', async () => {
    const localstack = await startLocalStack([
      (response) => {
        openStream(response);
        response.write(`${entry(account, 1)}\n`, () =>
          setTimeout(() => response.socket?.destroy(), 30),
        );
      },
      (response) => {
        openStream(response);
        response.write(`${entry(account, 2)}\n`);
        keepAlive(response);
      },
    ]);
    const ingest = await startIngest((requestNumber) => (requestNumber === 1 ? 503 : 202));
    const log = capturingLogger();
    const stop = new AbortController();

    const running = runPolicyStreamConnector(
      connectorOptions(localstack.url, ingest.url, log.logger),
      stop.signal,
    );
    await waitFor(() => ingest.accepted.length === 2, 'both entries at ingest');
    stop.abort();
    await running;

    const byMessage = (message: string) => log.records.filter((record) => record.msg === message);
    expect(byMessage('Connected')).toHaveLength(2);
    expect(byMessage('Disconnected').map((record) => record.reason)).toEqual([
      expect.stringMatching(/terminated|other side closed|socket/i),
      'stopped',
    ]);
    expect(byMessage('Disconnected')[0]).toMatchObject({
      entries: 1,
      endpoint: `${localstack.url}${STREAM_PATH}`,
    });
    expect(byMessage('Reconnecting')[0]).toMatchObject({ attempt: 1, delayMs: expect.any(Number) });
    expect(byMessage('Sending lines to ingest failed; retrying')[0]).toMatchObject({
      attempt: 1,
      lines: 1,
      reason: 'ingest responded with 503: Kafka is unavailable, so no event was accepted',
    });
    expect(byMessage('Stopped')[0]).toMatchObject({
      connections: 2,
      entries: 2,
      accepted: 2,
      undelivered: 0,
    });
  });

  it('reconnects after an error status and an idle stream', async () => {
    const localstack = await startLocalStack([
      (response) => response.writeHead(503).end('starting'),
      (response) => openStream(response),
      (response) => {
        openStream(response);
        response.write(`${lines(account, 1, 2).join('\n')}\n`);
        keepAlive(response);
      },
    ]);
    const ingest = await startIngest(() => 202);
    const log = capturingLogger();
    const stop = new AbortController();

    const running = runPolicyStreamConnector(
      connectorOptions(localstack.url, ingest.url, log.logger, { idleTimeoutMs: 200 }),
      stop.signal,
    );
    await waitFor(() => ingest.accepted.length === 2, 'both entries at ingest');
    stop.abort();
    const summary = await running;

    expect(ingest.accepted.toSorted()).toEqual(sortedIds(1, 2));
    expect(summary.connections).toBe(2);
    expect(log.records.filter((record) => record.msg === 'Could not connect')[0]).toMatchObject({
      reason: 'LocalStack responded with 503',
    });
    expect(log.records.filter((record) => record.msg === 'Disconnected')[0]).toMatchObject({
      reason: 'idle timeout',
      entries: 0,
    });
  });

  it('counts entries as undelivered when ingest stays down past the shutdown timeout', async () => {
    const localstack = await startLocalStack([
      (response) => {
        openStream(response);
        response.write(`${lines(account, 1, 2).join('\n')}\n`);
        keepAlive(response);
      },
    ]);
    const ingest = await startIngest(() => 503);
    const log = capturingLogger();
    const stop = new AbortController();

    const running = runPolicyStreamConnector(
      connectorOptions(localstack.url, ingest.url, log.logger, { shutdownTimeoutMs: 300 }),
      stop.signal,
    );
    await waitFor(() => ingest.statuses.length >= 2, 'two failed ingest requests');
    const stoppedAt = Date.now();
    stop.abort();
    const summary = await running;

    expect(Date.now() - stoppedAt).toBeLessThan(2000);
    expect(summary).toMatchObject({ entries: 2, sent: 0, undelivered: 2 });
    expect(
      log.records.some(
        (record) =>
          record.msg === 'Gave up sending lines to ingest because the shutdown timeout passed',
      ),
    ).toBe(true);
  });
});

async function runCommand(args: string[]): Promise<void> {
  await createProgram().parseAsync(['node', 'policy-ledger', 'connect', 'localstack', ...args]);
}

describe('policy-ledger connect localstack', () => {
  const account = randomAccountId();

  afterEach(() => {
    process.exitCode = undefined;
  });

  it('sends held entries on SIGTERM and exits 0', async () => {
    const localstack = await startLocalStack([
      (response) => {
        openStream(response);
        response.write(`${lines(account, 1, 5).join('\n\n')}\n`);
        keepAlive(response);
      },
    ]);
    const ingest = await startIngest(() => 202);
    const listenersBefore = process.listenerCount('SIGTERM');

    const running = runCommand([
      '--endpoint',
      localstack.url,
      '--ingest',
      ingest.url,
      '--batch-size',
      '3',
      '--flush-interval',
      '600000',
    ]);
    // Entries 4 and 5 wait for a full batch or the flush interval, which is ten minutes away.
    await waitFor(() => ingest.accepted.length === 3, 'the first full batch at ingest');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ingest.accepted).toHaveLength(3);
    process.emit('SIGTERM');
    await running;

    expect(ingest.accepted.toSorted()).toEqual(sortedIds(1, 5));
    expect(process.exitCode).toBe(0);
    expect(process.listenerCount('SIGTERM')).toBe(listenersBefore);
  });

  it('exits 1 on SIGINT when entries could not be delivered', async () => {
    const localstack = await startLocalStack([
      (response) => {
        openStream(response);
        response.write(`${entry(account, 1)}\n`);
        keepAlive(response);
      },
    ]);
    const ingest = await startIngest(() => 503);

    const running = runCommand([
      '--endpoint',
      localstack.url,
      '--ingest',
      ingest.url,
      '--flush-interval',
      '10',
      '--max-backoff',
      '50',
      '--shutdown-timeout',
      '200',
    ]);
    await waitFor(() => ingest.statuses.length >= 1, 'a failed ingest request');
    process.emit('SIGINT');
    await running;

    expect(process.exitCode).toBe(1);
  });

  it('rejects an invalid option value', async () => {
    const program = createProgram();
    const connect = program.commands.find((command) => command.name() === 'connect')!;
    const localstack = connect.commands.find((command) => command.name() === 'localstack')!;
    const errors: string[] = [];
    localstack.exitOverride().configureOutput({ writeErr: (text) => errors.push(text) });

    await expect(
      program.parseAsync([
        'node',
        'policy-ledger',
        'connect',
        'localstack',
        '--endpoint',
        'http://127.0.0.1:1',
        '--batch-size',
        '0',
      ]),
    ).rejects.toThrow();
    expect(errors.join('')).toMatch(
      /option '--batch-size <entries>' argument '0' is invalid\. "0" is not a positive integer/,
    );
  });

  it('requires --endpoint', async () => {
    const program = createProgram();
    const connect = program.commands.find((command) => command.name() === 'connect')!;
    const localstack = connect.commands.find((command) => command.name() === 'localstack')!;
    const errors: string[] = [];
    localstack.exitOverride().configureOutput({ writeErr: (text) => errors.push(text) });

    await expect(
      program.parseAsync(['node', 'policy-ledger', 'connect', 'localstack']),
    ).rejects.toThrow();
    expect(errors.join('')).toMatch(/required option '--endpoint <url>' not specified/);
  });
});
