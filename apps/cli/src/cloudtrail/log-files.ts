import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

const gunzipAsync = promisify(gunzip);

/**
 * Largest decompressed log file read. CloudTrail delivers files of a few megabytes, so a file
 * that expands past this is rejected before it can exhaust memory.
 */
export const MAX_LOG_FILE_BYTES = 256 * 1024 * 1024;

/** A CloudTrail log file found on disk, identified by absolute path, size and mtime. */
export interface LogFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** A file that is JSON but not a CloudTrail log file, such as a digest file. */
export class NotALogFileError extends Error {
  readonly code = 'NOT_A_LOG_FILE';
}

export function isNotALogFileError(error: unknown): error is NotALogFileError {
  return error instanceof NotALogFileError;
}

/** Digest folders hold signed hashes of log files, never records. */
const SKIPPED_FOLDERS = new Set(['CloudTrail-Digest']);

function isLogFileName(name: string): boolean {
  return name.endsWith('.json.gz') || name.endsWith('.json');
}

/**
 * Finds the log files under the given files and folders, sorted by path. Folders are read
 * recursively for `.json.gz` and `.json` files, skipping `CloudTrail-Digest` folders; files
 * named directly are taken whatever their extension. Throws when a path does not exist.
 */
export async function findLogFiles(paths: string[]): Promise<LogFile[]> {
  const found = new Map<string, LogFile>();

  for (const path of paths) {
    const absolute = resolve(path);
    const info = await stat(absolute).catch((error: NodeJS.ErrnoException) => {
      throw new Error(
        error.code === 'ENOENT'
          ? `${path} does not exist; give CloudTrail log files or folders of them`
          : `${path} cannot be read: ${error.message}`,
      );
    });

    if (info.isDirectory()) {
      await walk(absolute, found);
    } else {
      found.set(absolute, { path: absolute, size: info.size, mtimeMs: info.mtimeMs });
    }
  }

  return [...found.values()].toSorted(byPath);
}

/** Orders files by path in code unit order, the same on every machine and locale. */
function byPath(a: LogFile, b: LogFile): number {
  if (a.path === b.path) {
    return 0;
  }

  return a.path < b.path ? -1 : 1;
}

async function walk(folder: string, found: Map<string, LogFile>): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true });

  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) {
        await walk(path, found);
      }
    } else if (entry.isFile() && isLogFileName(entry.name)) {
      const info = await stat(path);
      found.set(path, { path, size: info.size, mtimeMs: info.mtimeMs });
    }
  }
}

/**
 * Reads the records of one log file, decompressing it when it starts with the gzip magic
 * bytes. Throws NotALogFileError for JSON without a `Records` array, and an Error naming the
 * file when it is truncated or not JSON.
 */
export async function readLogFile(file: Pick<LogFile, 'path'>): Promise<unknown[]> {
  const raw = await readFile(file.path);
  const isGzip = raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b;

  if (raw.length > MAX_LOG_FILE_BYTES) {
    throw new Error(`${file.path} is larger than ${MAX_LOG_FILE_BYTES} bytes`);
  }

  let text: string;
  try {
    const bytes = isGzip ? await gunzipAsync(raw, { maxOutputLength: MAX_LOG_FILE_BYTES }) : raw;
    text = bytes.toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new Error(`${file.path} decompresses to more than ${MAX_LOG_FILE_BYTES} bytes`, {
        cause: error,
      });
    }
    throw new Error(`${file.path} is not a complete gzip file: ${(error as Error).message}`, {
      cause: error,
    });
  }

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file.path} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }

  const records =
    typeof value === 'object' && value !== null
      ? (value as { Records?: unknown }).Records
      : undefined;
  if (!Array.isArray(records)) {
    throw new NotALogFileError(
      `${file.path} has no "Records" array, so it is not a CloudTrail log file`,
    );
  }

  return records;
}
