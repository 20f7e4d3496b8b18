import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

import { ImportState } from './import-state.js';
import { IngestClient, IngestFailedError, type RetryOptions } from './ingest-client.js';
import { findLogFiles, isNotALogFileError, readLogFile, type LogFile } from './log-files.js';
import type { ImportProgress, ProgressReporter } from './progress.js';

const gzipAsync = promisify(gzip);

/** Uncompressed NDJSON per request by default: well under ingest's default 10 MiB limit. */
export const DEFAULT_BATCH_BYTES = 4 * 1024 * 1024;

/** A 413 halves the batch size, but never below this. */
const MIN_BATCH_BYTES = 64 * 1024;

/** Rejected records listed one by one in the summary; the rest are only counted. */
const MAX_LISTED_REJECTIONS = 1_000;

const DEFAULT_RETRY: RetryOptions = { attempts: 6, initialDelayMs: 500, maxDelayMs: 30_000 };
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

export interface ImportOptions {
  /** Base URL of ingest, such as http://127.0.0.1:3100. */
  ingestUrl: string;
  /** Skip the files the state file lists as completed. */
  resume: boolean;
  statePath: string;
  /** Maximum uncompressed NDJSON bytes per request. */
  batchBytes: number;
  progress: ProgressReporter;
  retry?: RetryOptions;
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
  wait?: (ms: number) => Promise<void>;
}

/** One record ingest rejected, located in its file (`record` is its 1-based position). */
export interface RejectedFileRecord {
  path: string;
  record: number;
  field: string;
  error: string;
}

export interface ImportSummary {
  files: {
    found: number;
    imported: number;
    alreadyImported: number;
    notLogFiles: string[];
    failed: Array<{ path: string; error: string }>;
  };
  records: number;
  accepted: number;
  skipped: number;
  rejectedCount: number;
  /** The first rejected records, at most 1,000 of them. */
  rejected: RejectedFileRecord[];
  unmapped: Array<{ key: string; count: number }>;
  requests: number;
  stateFile: string;
}

/** The import stopped because ingest could not take a batch; `summary` covers the work before. */
export class ImportAbortedError extends Error {
  readonly code = 'IMPORT_ABORTED';

  constructor(
    message: string,
    readonly summary: ImportSummary,
  ) {
    super(message);
  }
}

interface RecordOrigin {
  file: LogFile;
  record: number;
}

/** Records waiting to be sent, and the files whose last record is among them. */
interface PendingBatch {
  lines: string[];
  origins: RecordOrigin[];
  bytes: number;
  endingFiles: LogFile[];
}

const emptyBatch = (): PendingBatch => ({ lines: [], origins: [], bytes: 0, endingFiles: [] });

/**
 * Imports CloudTrail log files into ingest: finds them, reads their records, posts them as
 * gzip-compressed NDJSON batches of at most `batchBytes`, and records each completed file in
 * the state file so `--resume` can skip it. A file is completed once ingest responded to
 * every batch that contains its records. Resending records is harmless because event ids
 * are CloudTrail event ids, which the aggregator stores once.
 *
 * Throws ImportAbortedError when ingest cannot take a batch after its retries.
 */
export async function importCloudTrail(
  paths: string[],
  options: ImportOptions,
): Promise<ImportSummary> {
  const files = await findLogFiles(paths);
  const state = options.resume
    ? await ImportState.load(options.statePath, options.ingestUrl)
    : ImportState.empty(options.statePath, options.ingestUrl);

  return new CloudTrailImport(files, state, options).run();
}

class CloudTrailImport {
  private readonly client: IngestClient;
  private readonly summary: ImportSummary;
  private readonly progress: ImportProgress;
  private readonly failedFiles = new Set<string>();
  private readonly unmapped = new Map<string, number>();
  private batch = emptyBatch();
  private batchBytes: number;

  constructor(
    private readonly files: LogFile[],
    private readonly state: ImportState,
    private readonly options: ImportOptions,
  ) {
    this.client = new IngestClient({
      ingestUrl: options.ingestUrl,
      retry: options.retry ?? DEFAULT_RETRY,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.wait === undefined ? {} : { wait: options.wait }),
    });
    this.batchBytes = options.batchBytes;
    this.summary = {
      files: { found: files.length, imported: 0, alreadyImported: 0, notLogFiles: [], failed: [] },
      records: 0,
      accepted: 0,
      skipped: 0,
      rejectedCount: 0,
      rejected: [],
      unmapped: [],
      requests: 0,
      stateFile: state.path,
    };
    this.progress = {
      filesDone: 0,
      filesTotal: files.length,
      bytesDone: 0,
      bytesTotal: files.reduce((total, file) => total + file.size, 0),
      records: 0,
      accepted: 0,
    };
  }

  async run(): Promise<ImportSummary> {
    try {
      for (const file of this.files) {
        if (this.state.isCompleted(file)) {
          this.summary.files.alreadyImported++;
          this.fileDone(file);
          continue;
        }

        await this.queueFile(file);
      }
      await this.flush();
    } catch (error) {
      if (error instanceof IngestFailedError) {
        await this.state.save();
        this.options.progress.finish(this.progress);
        throw new ImportAbortedError(error.message, this.finalSummary());
      }
      throw error;
    }

    await this.state.save();
    this.options.progress.finish(this.progress);
    return this.finalSummary();
  }

  private async queueFile(file: LogFile): Promise<void> {
    let records: unknown[];
    try {
      records = await readLogFile(file);
    } catch (error) {
      if (isNotALogFileError(error)) {
        this.summary.files.notLogFiles.push(file.path);
      } else {
        this.summary.files.failed.push({ path: file.path, error: (error as Error).message });
      }
      this.fileDone(file);
      return;
    }

    for (const [index, record] of records.entries()) {
      const line = JSON.stringify(record);
      const bytes = Buffer.byteLength(line) + 1;
      if (this.batch.lines.length > 0 && this.batch.bytes + bytes > this.batchBytes) {
        await this.flush();
      }

      this.batch.lines.push(line);
      this.batch.origins.push({ file, record: index + 1 });
      this.batch.bytes += bytes;
    }

    this.batch.endingFiles.push(file);
  }

  /** Sends the pending batch, then marks the files that ended in it as completed. */
  private async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = emptyBatch();

    if (batch.lines.length > 0) {
      await this.send(batch.lines, batch.origins);
    }

    for (const file of batch.endingFiles) {
      if (!this.failedFiles.has(file.path)) {
        this.state.markCompleted(file);
        this.summary.files.imported++;
      }
      this.fileDone(file);
    }
    await this.state.save();
  }

  private async send(lines: string[], origins: RecordOrigin[]): Promise<void> {
    const outcome = await this.client.postBatch(await gzipAsync(lines.join('\n')));
    this.summary.requests++;

    if (outcome.kind === 'too-large') {
      await this.splitAndSend(lines, origins);
      return;
    }

    const { answer } = outcome;
    this.summary.records += lines.length;
    this.summary.accepted += answer.accepted;
    this.summary.skipped += answer.skipped;
    for (const { key, count } of answer.unmapped) {
      this.unmapped.set(key, (this.unmapped.get(key) ?? 0) + count);
    }
    for (const rejection of answer.rejected) {
      const origin = origins[rejection.line - 1];
      this.summary.rejectedCount++;
      if (origin !== undefined && this.summary.rejected.length < MAX_LISTED_REJECTIONS) {
        this.summary.rejected.push({
          path: origin.file.path,
          record: origin.record,
          field: rejection.field,
          error: rejection.error,
        });
      }
    }

    this.progress.records = this.summary.records;
    this.progress.accepted = this.summary.accepted;
    this.options.progress.update(this.progress);
  }

  /** Ingest's limit is smaller than the batch: halve the batch size and send in two parts. */
  private async splitAndSend(lines: string[], origins: RecordOrigin[]): Promise<void> {
    if (lines.length === 1) {
      const [{ file, record }] = origins as [RecordOrigin];
      this.failedFiles.add(file.path);
      this.summary.files.failed.push({
        path: file.path,
        error: `record ${record} is larger than ingest's body limit, so it was not imported`,
      });
      return;
    }

    this.batchBytes = Math.max(MIN_BATCH_BYTES, Math.floor(this.batchBytes / 2));
    const half = Math.ceil(lines.length / 2);
    await this.send(lines.slice(0, half), origins.slice(0, half));
    await this.send(lines.slice(half), origins.slice(half));
  }

  private fileDone(file: LogFile): void {
    this.progress.filesDone++;
    this.progress.bytesDone += file.size;
    this.options.progress.update(this.progress);
  }

  private finalSummary(): ImportSummary {
    return {
      ...this.summary,
      unmapped: [...this.unmapped]
        .map(([key, count]) => ({ key, count }))
        .toSorted((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
    };
  }
}
