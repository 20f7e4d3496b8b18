import { describe, expect, it } from 'vitest';

import { createProgressReporter, fractionDone, type ImportProgress } from './progress.js';

function recorder(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 100, write: (text: string) => writes.push(text) } };
}

const progress = (filesDone: number, bytesDone: number): ImportProgress => ({
  filesDone,
  filesTotal: 4,
  bytesDone,
  bytesTotal: 400,
  records: filesDone * 10,
  accepted: filesDone * 9,
});

describe('progress reporter', () => {
  it('redraws a bar in place on a terminal, at most every 100 ms', () => {
    let now = 0;
    const { writes, stream } = recorder(true);
    const reporter = createProgressReporter(stream, { now: () => now });

    reporter.update(progress(1, 100));
    now = 50;
    reporter.update(progress(2, 200));
    now = 150;
    reporter.update(progress(3, 300));
    reporter.finish(progress(4, 400));

    expect(writes).toHaveLength(4);
    expect(writes[0]).toBe(
      '\r[######------------------]  25% 1/4 files, 10 records, 9 events accepted\u001b[K',
    );
    expect(writes[1]).toMatch(/^\r\[#{18}-{6}\]  75% 3\/4 files/);
    expect(writes[2]).toMatch(/^\r\[#{24}\] 100% 4\/4 files, 40 records, 36 events accepted/);
    expect(writes[3]).toBe('\n');
  });

  it('writes plain lines at the interval when the stream is not a terminal', () => {
    let now = 0;
    const { writes, stream } = recorder(false);
    const reporter = createProgressReporter(stream, { now: () => now, lineIntervalMs: 1000 });

    reporter.update(progress(1, 100));
    now = 1000;
    reporter.update(progress(2, 200));
    now = 1500;
    reporter.update(progress(3, 300));
    reporter.finish(progress(4, 400));

    expect(writes).toEqual([
      'import cloudtrail: 50% 2/4 files, 20 records, 18 events accepted\n',
      'import cloudtrail: 100% 4/4 files, 40 records, 36 events accepted\n',
    ]);
  });

  it('measures progress by bytes, or by files when all files are empty', () => {
    expect(fractionDone(progress(1, 300))).toBe(0.75);
    expect(fractionDone({ ...progress(1, 0), bytesTotal: 0 })).toBe(0.25);
  });
});
