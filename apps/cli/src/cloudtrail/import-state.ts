import { readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

import type { LogFile } from './log-files.js';

/** Default state file, in the working directory. */
export const DEFAULT_STATE_FILE = '.policy-ledger-import.json';

interface CompletedFile {
  size: number;
  mtimeMs: number;
  completedAt: string;
}

interface StateDocument {
  version: 1;
  ingestUrl: string;
  completed: Record<string, CompletedFile>;
}

/** A state file that exists but cannot be used. */
export class InvalidStateFileError extends Error {
  readonly code = 'INVALID_STATE_FILE';
}

/**
 * The files an import has finished, by absolute path with size and mtime, so `--resume`
 * skips them. A file that changed since (other size or mtime) counts as not finished.
 * Every save writes a temporary file and renames it, so a crash never leaves half a file.
 */
export class ImportState {
  private constructor(
    readonly path: string,
    private readonly document: StateDocument,
  ) {}

  static empty(path: string, ingestUrl: string): ImportState {
    return new ImportState(resolve(path), { version: 1, ingestUrl, completed: {} });
  }

  /** Loads the state file, or starts empty when it does not exist. */
  static async load(path: string, ingestUrl: string): Promise<ImportState> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return ImportState.empty(path, ingestUrl);
      }
      throw error;
    }

    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      throw new InvalidStateFileError(
        `State file ${path} is not valid JSON (${(error as Error).message}); delete it or pass --state with another path`,
      );
    }

    const completed = (document as Partial<StateDocument> | null)?.completed;
    if (
      (document as Partial<StateDocument> | null)?.version !== 1 ||
      typeof completed !== 'object' ||
      completed === null
    ) {
      throw new InvalidStateFileError(
        `State file ${path} is not a policy-ledger import state (version 1); delete it or pass --state with another path`,
      );
    }

    return new ImportState(resolve(path), { version: 1, ingestUrl, completed: { ...completed } });
  }

  isCompleted(file: LogFile): boolean {
    const entry = this.document.completed[file.path];
    return entry !== undefined && entry.size === file.size && entry.mtimeMs === file.mtimeMs;
  }

  markCompleted(file: LogFile, at = new Date()): void {
    this.document.completed[file.path] = {
      size: file.size,
      mtimeMs: file.mtimeMs,
      completedAt: at.toISOString(),
    };
  }

  get completedCount(): number {
    return Object.keys(this.document.completed).length;
  }

  async save(): Promise<void> {
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(this.document, null, 2)}\n`);
    await rename(temporary, this.path);
  }
}
