/** One non-blank line of a newline-delimited body, with its 1-based line number. */
export interface BodyLine {
  line: number;
  text: string;
}

/** Splits an NDJSON body into its non-blank lines. Blank and whitespace-only lines are skipped. */
export function splitLines(body: string): BodyLine[] {
  const lines: BodyLine[] = [];
  const texts = body.split(/\r?\n/);

  for (let index = 0; index < texts.length; index++) {
    const text = texts[index]!;
    if (text.trim().length > 0) {
      lines.push({ line: index + 1, text });
    }
  }

  return lines;
}

/** Parses a JSON line, or returns the parser's reason for rejecting it. */
export function parseJsonLine(
  text: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: `is not valid JSON: ${(error as Error).message}` };
  }
}
