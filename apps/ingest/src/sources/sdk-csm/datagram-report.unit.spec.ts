import { describe, expect, it } from 'vitest';

import { DatagramReport, type DatagramReportSummary } from './datagram-report.js';

function recordingLogger(): {
  lines: DatagramReportSummary[];
  warn: (s: DatagramReportSummary) => void;
} {
  const lines: DatagramReportSummary[] = [];
  return { lines, warn: (summary) => lines.push(summary) };
}

const UNKNOWN_KEY = { field: 'AccessKey', error: '****WXYZ is not mapped to a principal' };

describe('DatagramReport', () => {
  it('logs nothing while every record is accepted or skipped', () => {
    const report = new DatagramReport(10_000);
    const logger = recordingLogger();

    report.add(3, { accepted: 2, rejected: [], skipped: 1 });
    report.logIfDue(logger, 0);

    expect(logger.lines).toEqual([]);
  });

  it('counts rejected records, reasons and unmapped keys', () => {
    const report = new DatagramReport(10_000);
    const logger = recordingLogger();

    report.add(4, {
      accepted: 1,
      rejected: [
        { line: 1, ...UNKNOWN_KEY },
        { line: 2, ...UNKNOWN_KEY },
        { line: 3, field: 'Service', error: 'is missing' },
        { line: 3, field: 'Api', error: 'is missing' },
      ],
      unmapped: [{ key: 'API Gateway:GetRestApis', count: 2 }],
    });
    report.logIfDue(logger, 0);

    expect(logger.lines).toHaveLength(1);
    const [summary] = logger.lines;
    expect(summary!.rejected).toBe(3);
    expect(summary!.unmapped).toBe(2);
    expect(summary!.reasons[0]).toEqual({
      reason: 'AccessKey ****WXYZ is not mapped to a principal',
      count: 2,
    });
    expect(summary!.unmappedKeys).toEqual([{ key: 'API Gateway:GetRestApis', count: 2 }]);
  });

  it('logs at most once per interval', () => {
    const report = new DatagramReport(10_000);
    const logger = recordingLogger();

    for (const now of [0, 1_000, 5_000, 9_999, 10_000, 10_500]) {
      report.add(1, { accepted: 0, rejected: [{ line: 1, ...UNKNOWN_KEY }] });
      report.logIfDue(logger, now);
    }

    expect(logger.lines.map((summary) => summary.rejected)).toEqual([1, 4]);
  });

  it('logs what is left when forced', () => {
    const report = new DatagramReport(10_000);
    const logger = recordingLogger();
    report.add(1, { accepted: 0, rejected: [{ line: 1, ...UNKNOWN_KEY }] });
    report.logIfDue(logger, 0);

    report.fail(5, new Error('Kafka is unavailable'));
    report.drop(2);
    report.logIfDue(logger, 1, true);

    expect(logger.lines).toHaveLength(2);
    expect(logger.lines[1]).toMatchObject({
      records: 5,
      failed: 5,
      dropped: 2,
      error: 'Kafka is unavailable',
    });
  });
});
