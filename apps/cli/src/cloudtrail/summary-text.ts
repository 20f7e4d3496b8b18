import type { ImportSummary } from './import-cloudtrail-files.js';

/** Unmapped keys and rejected records listed in the text summary; `--json` lists them all. */
const LISTED_LINES = 20;

/** Formats an import summary for people; `--json` prints the summary object instead. */
export function summaryText(summary: ImportSummary): string {
  const { files } = summary;
  const lines = [
    `Files: ${files.imported} imported, ${files.alreadyImported} already imported, ${files.notLogFiles.length} not log files, ${files.failed.length} failed (of ${files.found} found)`,
    `Records: ${summary.records} sent in ${summary.requests} requests; ${summary.accepted} events accepted, ${summary.rejectedCount} records rejected, ${summary.skipped} skipped, ${summary.unmapped.reduce((total, entry) => total + entry.count, 0)} unmapped`,
  ];

  if (summary.unmapped.length > 0) {
    lines.push('Unmapped calls (eventSource:eventName, records):');
    for (const { key, count } of summary.unmapped.slice(0, LISTED_LINES)) {
      lines.push(`  ${key} ${count}`);
    }
    if (summary.unmapped.length > LISTED_LINES) {
      lines.push(`  ... and ${summary.unmapped.length - LISTED_LINES} more; see --json`);
    }
  }

  if (summary.rejected.length > 0) {
    lines.push('Rejected records:');
    for (const { path, record, field, error } of summary.rejected.slice(0, LISTED_LINES)) {
      lines.push(`  ${path} record ${record}: ${field} ${error}`);
    }
    if (summary.rejectedCount > LISTED_LINES) {
      lines.push(`  ... and ${summary.rejectedCount - LISTED_LINES} more; see --json`);
    }
  }

  for (const { path, error } of files.failed) {
    lines.push(`Failed: ${path}: ${error}`);
  }

  return `${lines.join('\n')}\n`;
}
