/** How far an import has got. */
export interface ImportProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  records: number;
  accepted: number;
}

/** Shows import progress while it runs. */
export interface ProgressReporter {
  update(progress: ImportProgress): void;
  finish(progress: ImportProgress): void;
}

/** The stream progress goes to, usually process.stderr. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** Time between plain progress lines when the stream is not a terminal, in milliseconds. */
  lineIntervalMs?: number;
  now?: () => number;
}

/** Redraws of the bar are at most this often, so large imports do not flood the terminal. */
const BAR_REDRAW_MS = 100;
const DEFAULT_LINE_INTERVAL_MS = 5_000;
const BAR_WIDTH = 24;

/**
 * A progress bar redrawn in place on a terminal, or plain lines every `lineIntervalMs`
 * elsewhere (CI logs, files), so logs are not filled with carriage returns.
 */
export function createProgressReporter(
  stream: ProgressStream,
  options: ProgressOptions = {},
): ProgressReporter {
  const now = options.now ?? Date.now;

  return stream.isTTY === true
    ? new BarReporter(stream, now)
    : new LineReporter(stream, now, options.lineIntervalMs ?? DEFAULT_LINE_INTERVAL_MS);
}

/** Share done, by bytes of the files, which are known before reading them. */
export function fractionDone(progress: ImportProgress): number {
  if (progress.bytesTotal > 0) {
    return Math.min(1, progress.bytesDone / progress.bytesTotal);
  }

  return progress.filesTotal > 0 ? progress.filesDone / progress.filesTotal : 1;
}

export function describeProgress(progress: ImportProgress): string {
  return `${progress.filesDone}/${progress.filesTotal} files, ${progress.records} records, ${progress.accepted} events accepted`;
}

class BarReporter implements ProgressReporter {
  private lastDrawn = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number,
  ) {}

  update(progress: ImportProgress): void {
    const time = this.now();
    if (time - this.lastDrawn >= BAR_REDRAW_MS) {
      this.lastDrawn = time;
      this.draw(progress);
    }
  }

  finish(progress: ImportProgress): void {
    this.draw(progress);
    this.stream.write('\n');
  }

  private draw(progress: ImportProgress): void {
    const fraction = fractionDone(progress);
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
    const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
    const line = `${bar} ${percent} ${describeProgress(progress)}`;
    const width = this.stream.columns ?? 80;

    // Clear to the end of the line, in case the previous line was longer.
    this.stream.write(`\r${line.slice(0, Math.max(width - 1, 10))}\u001b[K`);
  }
}

class LineReporter implements ProgressReporter {
  private lastWritten: number;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number,
    private readonly intervalMs: number,
  ) {
    this.lastWritten = now();
  }

  update(progress: ImportProgress): void {
    const time = this.now();
    if (time - this.lastWritten >= this.intervalMs) {
      this.lastWritten = time;
      this.write(progress);
    }
  }

  finish(progress: ImportProgress): void {
    this.write(progress);
  }

  private write(progress: ImportProgress): void {
    const percent = Math.floor(fractionDone(progress) * 100);
    this.stream.write(`import cloudtrail: ${percent}% ${describeProgress(progress)}\n`);
  }
}
