import { describe, expect, it } from 'vitest';

import { IngestClient, IngestFailedError } from './ingest-client.js';

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

function fakeIngest(answers: Answer[]) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const answer = answers.shift()!;
    if (answer instanceof Error) {
      throw answer;
    }
    return new Response(JSON.stringify(answer.body ?? {}), {
      status: answer.status,
      headers: answer.headers,
    });
  }) as unknown as typeof globalThis.fetch;

  return { calls, fetch };
}

function client(answers: Answer[]) {
  const waits: number[] = [];
  const ingest = fakeIngest(answers);
  const instance = new IngestClient({
    ingestUrl: 'http://127.0.0.1:3100',
    retry: { attempts: 3, initialDelayMs: 100, maxDelayMs: 2_000 },
    requestTimeoutMs: 1_000,
    fetch: ingest.fetch,
    wait: async (ms) => {
      waits.push(ms);
    },
  });

  return { instance, waits, calls: ingest.calls };
}

const accepted = { status: 202, body: { accepted: 3, rejected: [] } };

describe('IngestClient', () => {
  it('posts gzip NDJSON to the CloudTrail route', async () => {
    const { instance, calls } = client([accepted]);

    const outcome = await instance.postBatch(Buffer.from([0x1f, 0x8b]));

    expect(outcome).toEqual({
      kind: 'answered',
      answer: { accepted: 3, rejected: [], skipped: 0, unmapped: [] },
    });
    expect(calls[0]!.url).toBe('http://127.0.0.1:3100/v1/sources/cloudtrail');
    expect(calls[0]!.init.headers).toEqual({
      'content-type': 'application/x-ndjson',
      'content-encoding': 'gzip',
    });
  });

  it('waits for Retry-After after a 503, capped by the maximum delay', async () => {
    const { instance, waits } = client([
      { status: 503, body: { message: 'Kafka is unavailable' }, headers: { 'retry-after': '5' } },
      accepted,
    ]);

    const outcome = await instance.postBatch(Buffer.alloc(1));

    expect(outcome.kind).toBe('answered');
    expect(waits).toEqual([2_000]);
  });

  it('retries an unreachable ingest with doubling waits, then gives up', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: { code: 'ECONNREFUSED' },
    });
    const { instance, waits } = client([refused, refused, refused]);

    const error = await instance.postBatch(Buffer.alloc(1)).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(IngestFailedError);
    expect((error as Error).message).toBe(
      'http://127.0.0.1:3100/v1/sources/cloudtrail is unreachable: ECONNREFUSED (gave up after 3 attempts)',
    );
    expect(waits).toEqual([100, 200]);
  });

  it('returns too-large for a 413', async () => {
    const { instance } = client([{ status: 413, body: { message: 'too large' } }]);

    expect(await instance.postBatch(Buffer.alloc(1))).toEqual({ kind: 'too-large' });
  });

  it('keeps a 400 listing rejected records', async () => {
    const rejected = [{ line: 1, field: 'userIdentity', error: 'is missing' }];
    const { instance } = client([{ status: 400, body: { accepted: 0, rejected } }]);

    expect(await instance.postBatch(Buffer.alloc(1))).toEqual({
      kind: 'answered',
      answer: { accepted: 0, rejected, skipped: 0, unmapped: [] },
    });
  });

  it('fails at once on a 500', async () => {
    const { instance, calls } = client([
      { status: 500, body: { message: 'Internal server error' } },
    ]);

    await expect(instance.postBatch(Buffer.alloc(1))).rejects.toThrow(
      'ingest responded with 500 to a batch: Internal server error',
    );
    expect(calls).toHaveLength(1);
  });
});
