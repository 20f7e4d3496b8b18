/** One line of a LocalStack log, split into the fields of its prefix and its message. */
export interface LogLine {
  /** 1-based line number in the body. */
  line: number;
  text: string;
  /** Time as printed, `2024-07-09T05:30:33.583`, without a zone; absent in Python's default format. */
  time?: string;
  level: string;
  /** Thread name without its padding; absent in Python's default format. */
  thread?: string;
  logger: string;
  message: string;
}

/**
 * A line that starts like a log line but is cut off or has an impossible time. `time` and
 * `thread` are set when the prefix is readable up to the thread.
 */
export interface MalformedLine {
  reason: string;
  time?: string;
  thread?: string;
}

/**
 * A classified line: a complete log line, a malformed one, or text that is no log line at all
 * (tracebacks, banners, shell output).
 */
export type ClassifiedLine =
  { kind: 'log'; entry: LogLine } | ({ kind: 'malformed' } & MalformedLine) | { kind: 'other' };

/**
 * LocalStack's own format: `<time with ms, no zone>  <LEVEL> --- [<thread>] <logger> : <message>`.
 * Thread and logger are padded to fixed widths, so whitespace around them varies.
 */
const LOCALSTACK_LINE =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})\s+([A-Z]+)\s+---\s+\[([^\]]*)\]\s+([^\s:]+)\s*: ?(.*)$/;

/** The time and thread of a LocalStack line whose logger or message is cut off. */
const TIME_AND_THREAD =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})\s+[A-Z]+\s+---\s+\[([^\]]*)\]/;

/** Python's default logging format, `<LEVEL>:<logger>:<message>`, which has no time or thread. */
const PYTHON_DEFAULT_LINE = /^(DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL):([^\s:]+): ?(.*)$/;

const STARTS_WITH_DATE = /^\d{4}-\d{2}-\d{2}/;
const STARTS_WITH_LEVEL = /^(DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL):/;

const CUT_LOCALSTACK_LINE =
  'starts with a date but is no complete log line (cut off?): expected "<time>  <LEVEL> --- [<thread>] <logger> : <message>"';
const CUT_PYTHON_LINE =
  'starts with a log level but is no complete log line (cut off?): expected "<LEVEL>:<logger>:<message>"';

/** Splits one line of text into the fields of a LocalStack log line. */
export function classifyLine(line: number, text: string): ClassifiedLine {
  const localstack = LOCALSTACK_LINE.exec(text);
  if (localstack !== null) {
    const [, time, level, thread, logger, message] = localstack as unknown as string[];
    if (logTimeToMs(time!) === undefined) {
      return { kind: 'malformed', reason: `has the time "${time}", which is not a valid date` };
    }

    const entry = {
      line,
      text,
      time,
      level: level!,
      thread: thread!.trim(),
      logger: logger!,
      message: message!,
    };
    return { kind: 'log', entry };
  }

  const python = PYTHON_DEFAULT_LINE.exec(text);
  if (python !== null) {
    const [, level, logger, message] = python as unknown as string[];
    return {
      kind: 'log',
      entry: { line, text, level: level!, logger: logger!, message: message! },
    };
  }

  if (STARTS_WITH_DATE.test(text)) {
    const partial = TIME_AND_THREAD.exec(text);
    if (partial === null || logTimeToMs(partial[1]!) === undefined) {
      return { kind: 'malformed', reason: CUT_LOCALSTACK_LINE };
    }

    return {
      kind: 'malformed',
      reason: CUT_LOCALSTACK_LINE,
      time: partial[1]!,
      thread: partial[2]!.trim(),
    };
  }

  if (STARTS_WITH_LEVEL.test(text)) {
    return { kind: 'malformed', reason: CUT_PYTHON_LINE };
  }

  return { kind: 'other' };
}

/**
 * Tells whether a logger is LocalStack's IAM policy engine handler, in full
 * (`localstack_ext.services.iam.policy_engine.handler`) or abbreviated to fit the column
 * (`l.s.i.p.handler`, `l.p.c.s.i.p.handler`).
 */
export function isPolicyEngineLogger(logger: string): boolean {
  return /(^|\.)(i|iam)\.(p|policy_engine)\.handler$/.test(logger);
}

/**
 * Converts a log time (no zone) to epoch milliseconds, reading it as UTC. Returns undefined for
 * dates that do not exist, such as February 30.
 */
export function logTimeToMs(time: string): number | undefined {
  const milliseconds = Date.parse(`${time}Z`);
  if (Number.isNaN(milliseconds) || new Date(milliseconds).toISOString() !== `${time}Z`) {
    return undefined;
  }

  return milliseconds;
}
