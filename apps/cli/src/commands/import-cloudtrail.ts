import { Command, InvalidArgumentError } from 'commander';

import {
  DEFAULT_BATCH_BYTES,
  ImportAbortedError,
  importCloudTrail,
} from '../cloudtrail/import-cloudtrail-files.js';
import { DEFAULT_STATE_FILE } from '../cloudtrail/import-state.js';
import { createProgressReporter } from '../cloudtrail/progress.js';
import { summaryText } from '../cloudtrail/summary-text.js';
import { httpUrlParser } from '../option-parsers.js';

/** Ingest's default address when it runs on this machine with its default port. */
export const DEFAULT_CLOUDTRAIL_INGEST_URL = 'http://127.0.0.1:3100';

interface ImportCloudTrailOptions {
  ingest: string;
  resume: boolean;
  state: string;
  batchBytes: number;
  json: boolean;
}

/**
 * Adds `import cloudtrail`. The `import` parent is shared with other file sources, so it is
 * created only when no other source added it yet.
 */
export function registerImportCloudTrail(program: Command): void {
  const importCommand =
    program.commands.find((command) => command.name() === 'import') ??
    program.command('import').description('Import IAM evaluation events from files');

  importCommand
    .command('cloudtrail')
    .description(
      'Import CloudTrail log files (.json.gz or .json) from files and folders, read recursively, into ingest. Shows a progress bar on a terminal and plain progress lines otherwise. Exits 0 when every file was imported, 1 when a file failed or ingest could not take a batch.',
    )
    .argument('<paths...>', 'log files, or folders such as a downloaded AWSLogs/ tree')
    .option(
      '--ingest <url>',
      'ingest base URL',
      httpUrlParser(DEFAULT_CLOUDTRAIL_INGEST_URL),
      process.env.POLICY_LEDGER_INGEST_URL ?? DEFAULT_CLOUDTRAIL_INGEST_URL,
    )
    .option('--resume', 'skip the files the state file lists as imported', false)
    .option('--state <path>', 'state file that lists the imported files', DEFAULT_STATE_FILE)
    .option(
      '--batch-bytes <bytes>',
      'maximum uncompressed bytes of records per request to ingest',
      parseBatchBytes,
      DEFAULT_BATCH_BYTES,
    )
    .option('--json', 'print the summary as JSON instead of text', false)
    .action(runImportCloudTrail);
}

async function runImportCloudTrail(
  paths: string[],
  options: ImportCloudTrailOptions,
): Promise<void> {
  const progress = createProgressReporter(process.stderr);

  try {
    const summary = await importCloudTrail(paths, {
      ingestUrl: options.ingest,
      resume: options.resume,
      statePath: options.state,
      batchBytes: options.batchBytes,
      progress,
    });
    process.stdout.write(
      options.json ? `${JSON.stringify(summary, null, 2)}\n` : summaryText(summary),
    );
    process.exitCode = summary.files.failed.length > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof ImportAbortedError)) {
      throw error;
    }

    process.stdout.write(
      options.json ? `${JSON.stringify(error.summary, null, 2)}\n` : summaryText(error.summary),
    );
    process.stderr.write(
      `import cloudtrail stopped: ${error.message}. Run it again with --resume to continue after the last completed file.\n`,
    );
    process.exitCode = 1;
  }
}

function parseBatchBytes(value: string): number {
  const bytes = Number(value);
  if (!Number.isInteger(bytes) || bytes < 1024) {
    throw new InvalidArgumentError(`"${value}" is not a whole number of bytes of at least 1024`);
  }

  return bytes;
}
