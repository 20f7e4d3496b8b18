import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ImportState, InvalidStateFileError } from './import-state.js';

const INGEST = 'http://127.0.0.1:3100';
const file = { path: '/logs/a.json.gz', size: 120, mtimeMs: 1_780_000_000_000 };

describe('ImportState', () => {
  let root: string;
  let statePath: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'cloudtrail-state-'));
    statePath = join(root, '.policy-ledger-import.json');
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('starts empty when the state file does not exist', async () => {
    const state = await ImportState.load(statePath, INGEST);

    expect(state.isCompleted(file)).toBe(false);
    expect(state.completedCount).toBe(0);
  });

  it('remembers completed files across a save and a load', async () => {
    const state = ImportState.empty(statePath, INGEST);
    state.markCompleted(file);
    await state.save();

    const loaded = await ImportState.load(statePath, INGEST);

    expect(loaded.isCompleted(file)).toBe(true);
    expect(await readdir(root)).toEqual(['.policy-ledger-import.json']);
  });

  it('treats a file whose size or mtime changed as not completed', async () => {
    const state = ImportState.empty(statePath, INGEST);
    state.markCompleted(file);

    expect(state.isCompleted({ ...file, size: 121 })).toBe(false);
    expect(state.isCompleted({ ...file, mtimeMs: file.mtimeMs + 1 })).toBe(false);
  });

  it('rejects a state file that is not JSON', async () => {
    await writeFile(statePath, '{"version": 1,');

    await expect(ImportState.load(statePath, INGEST)).rejects.toThrow(InvalidStateFileError);
    await expect(ImportState.load(statePath, INGEST)).rejects.toThrow(
      /is not valid JSON .*; delete it or pass --state with another path/,
    );
  });

  it('rejects JSON that is not an import state', async () => {
    await writeFile(statePath, '{"Records": []}');

    await expect(ImportState.load(statePath, INGEST)).rejects.toThrow(
      /is not a policy-ledger import state \(version 1\)/,
    );
  });
});
