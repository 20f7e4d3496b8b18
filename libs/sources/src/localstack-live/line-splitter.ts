/** A line grew past the limit without a line break, so the stream is not NDJSON. */
export class LineTooLongError extends Error {
  readonly code = 'LINE_TOO_LONG';

  constructor(readonly limit: number) {
    super(`a line of the stream is longer than ${limit} characters without a line break`);
  }
}

/**
 * Splits text that arrives in arbitrary chunks into lines. A line break may fall anywhere,
 * including between the `\r` and `\n` of CRLF. Blank lines are returned too, because a
 * long-lived stream sends them as keep-alives.
 */
export class LineSplitter {
  private rest = '';

  constructor(private readonly maxLineLength: number) {}

  /** Adds a chunk and returns the lines it completed, without their line breaks. */
  push(chunk: string): string[] {
    const lines = (this.rest + chunk).split('\n');
    this.rest = lines.pop()!;
    if (this.rest.length > this.maxLineLength) {
      throw new LineTooLongError(this.maxLineLength);
    }

    return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  }

  /** Returns the text after the last line break, which no line break has completed yet, and clears it. */
  takeRest(): string {
    const rest = this.rest;
    this.rest = '';
    return rest.endsWith('\r') ? rest.slice(0, -1) : rest;
  }
}
