import { describe, expect, it } from 'vitest';

import { CloudTrailUnmappedRegistry, MAX_TRACKED_KEYS } from './unmapped-registry.js';

describe('CloudTrailUnmappedRegistry', () => {
  it('adds counts per key and keeps first and last seen', () => {
    const registry = new CloudTrailUnmappedRegistry();

    registry.record(
      { unmapped: [{ key: 'glue.amazonaws.com:GetTable', count: 2 }], skippedByReason: [] },
      new Date('2026-05-01T00:00:00Z'),
    );
    registry.record(
      {
        unmapped: [
          { key: 'glue.amazonaws.com:GetTable', count: 1 },
          { key: 'athena.amazonaws.com:StartQueryExecution', count: 5 },
        ],
        skippedByReason: [
          { reason: 'no-permission-needed', key: 'sts.amazonaws.com:GetCallerIdentity', count: 4 },
        ],
      },
      new Date('2026-05-02T00:00:00Z'),
    );

    const report = registry.report();
    expect(report.unmapped).toEqual([
      {
        key: 'athena.amazonaws.com:StartQueryExecution',
        count: 5,
        firstSeen: '2026-05-02T00:00:00.000Z',
        lastSeen: '2026-05-02T00:00:00.000Z',
      },
      {
        key: 'glue.amazonaws.com:GetTable',
        count: 3,
        firstSeen: '2026-05-01T00:00:00.000Z',
        lastSeen: '2026-05-02T00:00:00.000Z',
      },
    ]);
    expect(report.skipped).toEqual([
      { reason: 'no-permission-needed', key: 'sts.amazonaws.com:GetCallerIdentity', count: 4 },
    ]);
    expect(report.uncountedRecords).toBe(0);
  });

  it('counts records past the key limit without keeping their keys', () => {
    const registry = new CloudTrailUnmappedRegistry();
    const unmapped = Array.from({ length: MAX_TRACKED_KEYS + 3 }, (_, index) => ({
      key: `svc${index}.amazonaws.com:Call`,
      count: 2,
    }));

    registry.record({ unmapped, skippedByReason: [] });

    const report = registry.report();
    expect(report.unmapped).toHaveLength(MAX_TRACKED_KEYS);
    expect(report.uncountedRecords).toBe(6);
  });
});
