import { describe, expect, it } from 'vitest';

import type { ImportSummary } from './import-cloudtrail-files.js';
import { summaryText } from './summary-text.js';

const summary: ImportSummary = {
  files: {
    found: 4,
    imported: 2,
    alreadyImported: 1,
    notLogFiles: [],
    failed: [{ path: '/logs/c.json.gz', error: '/logs/c.json.gz is not valid JSON: x' }],
  },
  records: 300,
  accepted: 280,
  skipped: 5,
  rejectedCount: 1,
  rejected: [{ path: '/logs/a.json.gz', record: 7, field: 'userIdentity', error: 'is missing' }],
  unmapped: [{ key: 'glue.amazonaws.com:GetTable', count: 14 }],
  requests: 3,
  stateFile: '/work/.policy-ledger-import.json',
};

describe('summaryText', () => {
  it('lists counts, unmapped calls, rejections and failures', () => {
    expect(summaryText(summary)).toBe(
      [
        'Files: 2 imported, 1 already imported, 0 not log files, 1 failed (of 4 found)',
        'Records: 300 sent in 3 requests; 280 events accepted, 1 records rejected, 5 skipped, 14 unmapped',
        'Unmapped calls (eventSource:eventName, records):',
        '  glue.amazonaws.com:GetTable 14',
        'Rejected records:',
        '  /logs/a.json.gz record 7: userIdentity is missing',
        'Failed: /logs/c.json.gz: /logs/c.json.gz is not valid JSON: x',
        '',
      ].join('\n'),
    );
  });
});
