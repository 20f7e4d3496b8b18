import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  ImportAbortedError,
  importCloudTrail,
  type ImportOptions,
} from './import-cloudtrail-files.js';
import type { ProgressReporter } from './progress.js';

interface FakeIngest {
  fetch: typeof globalThis.fetch;
  /** The eventIDs of every request ingest responded to with 202, in order. */
  batches: string[][];
}

/**
 * Creates an ingest stand-in that accepts every record, rejects records whose eventID starts with
 * `bad`, and can respond to a chosen request with a fixed status.
 */
function fakeIngest(
  options: { failRequest?: number; failStatus?: number; maxLines?: number } = {},
): FakeIngest {
  const batches: string[][] = [];
  let requests = 0;

  const fetch = (async (_url: string, init: RequestInit) => {
    requests++;
    const lines = gunzipSync(Buffer.from(init.body as Uint8Array))
      .toString('utf8')
      .split('\n');
    if (requests === options.failRequest) {
      return new Response(JSON.stringify({ message: 'broken' }), {
        status: options.failStatus ?? 500,
      });
    }
    if (options.maxLines !== undefined && lines.length > options.maxLines) {
      return new Response(JSON.stringify({ message: 'too large' }), { status: 413 });
    }

    const ids = lines.map((line) => (JSON.parse(line) as { eventID: string }).eventID);
    batches.push(ids);
    const rejected = ids.flatMap((id, index) =>
      id.startsWith('bad') ? [{ line: index + 1, field: 'userIdentity', error: 'is missing' }] : [],
    );
    return new Response(
      JSON.stringify({
        accepted: ids.length - rejected.length,
        rejected,
        skipped: 1,
        unmapped: [{ key: 'glue.amazonaws.com:GetTable', count: 2 }],
      }),
      { status: 202 },
    );
  }) as unknown as typeof globalThis.fetch;

  return { fetch, batches };
}

const silent: ProgressReporter = { update: () => undefined, finish: () => undefined };

describe('importCloudTrail', () => {
  let root: string;
  let logs: string;
  let statePath: string;

  async function writeLogFile(name: string, ids: string[]): Promise<void> {
    const body = JSON.stringify({
      Records: ids.map((id) => ({ eventID: id, pad: 'x'.repeat(200) })),
    });
    await writeFile(join(logs, name), name.endsWith('.gz') ? gzipSync(body) : body);
  }

  function options(ingest: FakeIngest, overrides: Partial<ImportOptions> = {}): ImportOptions {
    return {
      ingestUrl: 'http://127.0.0.1:3100',
      resume: false,
      statePath,
      batchBytes: 1_000,
      progress: silent,
      fetch: ingest.fetch,
      retry: { attempts: 1, initialDelayMs: 1, maxDelayMs: 1 },
      ...overrides,
    };
  }

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'cloudtrail-import-'));
    logs = join(root, 'AWSLogs');
    statePath = join(root, 'state.json');
    await mkdir(logs, { recursive: true });
    await writeLogFile('a.json.gz', ['a1', 'a2', 'a3', 'a4', 'a5']);
    await writeLogFile('b.json', ['b1', 'b2']);
    await writeLogFile('c.json.gz', ['c1', 'c2', 'c3']);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('sends every record once in batches of the byte budget', async () => {
    const ingest = fakeIngest();

    const summary = await importCloudTrail([logs], options(ingest));

    expect(ingest.batches.flat()).toEqual([
      'a1',
      'a2',
      'a3',
      'a4',
      'a5',
      'b1',
      'b2',
      'c1',
      'c2',
      'c3',
    ]);
    expect(ingest.batches.every((batch) => batch.length <= 4)).toBe(true);
    expect(summary.records).toBe(10);
    expect(summary.accepted).toBe(10);
    expect(summary.requests).toBe(ingest.batches.length);
    expect(summary.files).toEqual({
      found: 3,
      imported: 3,
      alreadyImported: 0,
      notLogFiles: [],
      failed: [],
    });
  });

  it('adds up skipped and unmapped counts of all batches', async () => {
    const ingest = fakeIngest();

    const summary = await importCloudTrail([logs], options(ingest, { batchBytes: 100_000 }));

    expect(summary.requests).toBe(1);
    expect(summary.skipped).toBe(1);
    expect(summary.unmapped).toEqual([{ key: 'glue.amazonaws.com:GetTable', count: 2 }]);
  });

  it('locates rejected records in their file', async () => {
    await writeLogFile('d.json', ['d1', 'bad-d2']);
    const ingest = fakeIngest();

    const summary = await importCloudTrail([logs], options(ingest));

    expect(summary.rejectedCount).toBe(1);
    expect(summary.rejected).toEqual([
      { path: join(logs, 'd.json'), record: 2, field: 'userIdentity', error: 'is missing' },
    ]);
  });

  it('resumes after the last completed file when ingest failed', async () => {
    const failing = fakeIngest({ failRequest: 3 });

    const error = await importCloudTrail([logs], options(failing)).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(ImportAbortedError);
    expect((error as Error).message).toBe('ingest responded with 500 to a batch: broken');
    const state = JSON.parse(await readFile(statePath, 'utf8')) as {
      completed: Record<string, unknown>;
    };
    expect(Object.keys(state.completed)).toEqual([join(logs, 'a.json.gz'), join(logs, 'b.json')]);

    const healthy = fakeIngest();
    const summary = await importCloudTrail([logs], options(healthy, { resume: true }));

    // c1 was in the last accepted batch, but c.json did not end there, so all of it is sent again.
    expect(healthy.batches.flat()).toEqual(['c1', 'c2', 'c3']);
    expect(summary.files.alreadyImported).toBe(2);
    expect(summary.files.imported).toBe(1);
  });

  it('imports everything again without --resume', async () => {
    await importCloudTrail([logs], options(fakeIngest()));
    const again = fakeIngest();

    await importCloudTrail([logs], options(again));

    expect(again.batches.flat()).toHaveLength(10);
  });

  it('halves the batch when ingest answers 413', async () => {
    const ingest = fakeIngest({ maxLines: 2 });

    const summary = await importCloudTrail([logs], options(ingest, { batchBytes: 100_000 }));

    expect(ingest.batches.flat()).toEqual([
      'a1',
      'a2',
      'a3',
      'a4',
      'a5',
      'b1',
      'b2',
      'c1',
      'c2',
      'c3',
    ]);
    expect(ingest.batches.every((batch) => batch.length <= 2)).toBe(true);
    expect(summary.files.imported).toBe(3);
  });

  it('fails only the file whose single record is too large', async () => {
    const ingest = fakeIngest({ maxLines: 0 });

    const summary = await importCloudTrail([join(logs, 'b.json')], options(ingest));

    expect(summary.files.imported).toBe(0);
    expect(summary.files.failed).toEqual([
      {
        path: join(logs, 'b.json'),
        error: "record 1 is larger than ingest's body limit, so it was not imported",
      },
      {
        path: join(logs, 'b.json'),
        error: "record 2 is larger than ingest's body limit, so it was not imported",
      },
    ]);
  });

  it('reports files that are not log files or cannot be read', async () => {
    await writeFile(join(logs, 'digest.json'), '{"logFiles": []}');
    await writeFile(join(logs, 'cut.json.gz'), gzipSync('{"Records": []}').subarray(0, 8));

    const summary = await importCloudTrail([logs], options(fakeIngest()));

    expect(summary.files.notLogFiles).toEqual([join(logs, 'digest.json')]);
    expect(summary.files.failed).toEqual([
      {
        path: join(logs, 'cut.json.gz'),
        error: expect.stringMatching(/is not a complete gzip file: unexpected end of file$/),
      },
    ]);
    expect(summary.files.imported).toBe(3);
  });

  it('reports progress until every file is done', async () => {
    const updates: number[] = [];
    const finished: number[] = [];
    const progress: ProgressReporter = {
      update: (state) => updates.push(state.filesDone),
      finish: (state) =>
        finished.push(state.filesDone, state.bytesDone === state.bytesTotal ? 1 : 0),
    };

    await importCloudTrail([logs], options(fakeIngest(), { progress }));

    expect(updates.at(-1)).toBe(3);
    expect(finished).toEqual([3, 1]);
  });
});
