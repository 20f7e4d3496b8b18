import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { findLogFiles, NotALogFileError, readLogFile } from './log-files.js';

const logFile = (eventId: string) => JSON.stringify({ Records: [{ eventID: eventId }] });

describe('findLogFiles', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'cloudtrail-files-'));
    const day = join(
      root,
      'AWSLogs',
      '111122223333',
      'CloudTrail',
      'eu-west-1',
      '2026',
      '05',
      '14',
    );
    const digest = join(root, 'AWSLogs', '111122223333', 'CloudTrail-Digest', 'eu-west-1');
    await mkdir(day, { recursive: true });
    await mkdir(digest, { recursive: true });
    await writeFile(join(day, 'b.json.gz'), gzipSync(logFile('b')));
    await writeFile(join(day, 'a.json'), logFile('a'));
    await writeFile(join(day, 'notes.txt'), 'not a log');
    await writeFile(join(digest, 'digest.json.gz'), gzipSync('{"logFiles": []}'));
    await writeFile(join(root, 'extra.log'), logFile('extra'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('finds .json and .json.gz files recursively, sorted, without digests', async () => {
    const files = await findLogFiles([root]);

    expect(files.map((file) => file.path.slice(root.length))).toEqual([
      '/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/05/14/a.json',
      '/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/05/14/b.json.gz',
    ]);
    expect(files.every((file) => file.size > 0 && file.mtimeMs > 0)).toBe(true);
  });

  it('takes a file named directly whatever its extension, once', async () => {
    const files = await findLogFiles([join(root, 'extra.log'), root, join(root, 'extra.log')]);

    expect(files.map((file) => file.path.slice(root.length))).toEqual([
      '/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/05/14/a.json',
      '/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/05/14/b.json.gz',
      '/extra.log',
    ]);
  });

  it('rejects a path that does not exist', async () => {
    await expect(findLogFiles([join(root, 'missing')])).rejects.toThrow(
      /missing does not exist; give CloudTrail log files or folders of them/,
    );
  });
});

describe('readLogFile', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'cloudtrail-read-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads the records of a gzip file', async () => {
    const path = join(root, 'x.json.gz');
    await writeFile(path, gzipSync(logFile('gz')));

    expect(await readLogFile({ path })).toEqual([{ eventID: 'gz' }]);
  });

  it('reads the records of a plain file', async () => {
    const path = join(root, 'x.json');
    await writeFile(path, logFile('plain'));

    expect(await readLogFile({ path })).toEqual([{ eventID: 'plain' }]);
  });

  it('names a file without Records as not a log file', async () => {
    const path = join(root, 'digest.json');
    await writeFile(path, '{"awsAccountId": "111122223333", "logFiles": []}');

    const error = await readLogFile({ path }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(NotALogFileError);
    expect((error as Error).message).toBe(
      `${path} has no "Records" array, so it is not a CloudTrail log file`,
    );
  });

  it('names a truncated gzip file', async () => {
    const path = join(root, 'cut.json.gz');
    const full = gzipSync(logFile('cut'));
    await writeFile(path, full.subarray(0, full.length - 10));

    await expect(readLogFile({ path })).rejects.toThrow(
      `${path} is not a complete gzip file: unexpected end of file`,
    );
  });

  it('names a file that is not JSON', async () => {
    const path = join(root, 'bad.json');
    await writeFile(path, '{"Records": [');

    await expect(readLogFile({ path })).rejects.toThrow(new RegExp(`^${path} is not valid JSON: `));
  });
});
