import {
  classifyLine,
  isPolicyEngineLogger,
  logTimeToMs,
  type LogLine,
  type MalformedLine,
} from './log-line.js';
import {
  readIamMessage,
  readRequestLog,
  type IamMessage,
  type LoggedPermission,
  type PermissionOutcome,
} from './messages.js';

/**
 * Maximum time between a record's first line and a DEBUG line that joins it. The lines of
 * one request share the thread and usually the millisecond. The window keeps a record whole
 * when its lines cross a millisecond boundary.
 *
 * NOTE: 1000 ms is a margin, not a measured bound on how far apart LocalStack stamps them.
 */
export const RECORD_WINDOW_MS = 1000;

/** A line that could not be read, with the 1-based line number and the part it concerns. */
export interface LineProblem {
  line: number;
  field: string;
  error: string;
}

interface RecordLines {
  /** Line number of the record's first line. */
  line: number;
  /** Text of every line of the record, kept for the dead-letter topic. */
  texts: string[];
  /** Time of the first line, absent in Python's default log format. */
  time?: string;
  /** Thread of the first line, absent in Python's default log format. */
  thread?: string;
}

/** A "Request for service" header with the DEBUG lines that followed it on its thread. */
export interface RequestRecord extends RecordLines {
  kind: 'request';
  header: Extract<IamMessage, { kind: 'request' }>;
  /** Permissions of the "Necessary permissions" lines; undefined when there was none. */
  necessary?: LoggedPermission[];
  evaluated: Map<PermissionOutcome, LoggedPermission[]>;
  /** The first unreadable line of the record; the whole record is rejected for it. */
  problem?: LineProblem;
}

/** A "User: ... is not authorized to perform" line, one permission per line. */
export interface NotAuthorizedRecord extends RecordLines {
  kind: 'not-authorized';
  message: Extract<IamMessage, { kind: 'not-authorized' }>;
  /** Service and operation of the AWS request log line that followed on the same thread. */
  request?: { service: string; operation: string };
}

/** Lines rejected as a whole: a cut-off line, or a DEBUG line without its header. */
export interface RejectedRecord extends RecordLines {
  kind: 'rejected';
  problem: LineProblem;
}

export type LogRecord = RequestRecord | NotAuthorizedRecord | RejectedRecord;

/** The thread and time of a line, which decide the record it joins. */
type LineStamp = Pick<LogLine, 'thread' | 'time'>;

export interface GroupedLog {
  /** Records in the order of their first line. */
  records: LogRecord[];
  /** Non-blank lines that belong to no IAM record. */
  skipped: number;
}

/**
 * Groups the lines of a LocalStack log into IAM evaluation records. A "Request for service"
 * line opens a record on its thread. DEBUG lines of the same thread within RECORD_WINDOW_MS
 * join it, so records of interleaved threads stay apart. Lines of other loggers, and handler
 * messages about other things, are skipped and counted.
 */
export function groupLogLines(body: string): GroupedLog {
  const grouper = new LogGrouper();
  const texts = body.split(/\r?\n/);

  for (let index = 0; index < texts.length; index++) {
    const text = texts[index]!;
    if (text.trim() !== '') {
      grouper.add(index + 1, text);
    }
  }

  return { records: grouper.records, skipped: grouper.skipped };
}

class LogGrouper {
  readonly records: LogRecord[] = [];
  skipped = 0;
  /** The latest "Request for service" record of each thread, which DEBUG lines may join. */
  private readonly openRequests = new Map<string, RequestRecord | RejectedRecord>();
  /** "User: ..." records of each thread that still wait for their AWS request log line. */
  private readonly awaitingRequestLog = new Map<string, NotAuthorizedRecord[]>();

  add(line: number, text: string): void {
    const classified = classifyLine(line, text);
    if (classified.kind === 'other') {
      this.skipped++;
      return;
    }
    if (classified.kind === 'malformed') {
      this.addMalformed(line, text, classified);
      return;
    }

    const entry = classified.entry;
    if (!isPolicyEngineLogger(entry.logger)) {
      if (!this.attachRequestLog(entry)) {
        this.skipped++;
      }
      return;
    }

    const result = readIamMessage(entry.message);
    if (result === undefined) {
      this.skipped++;
      return;
    }

    if (result.ok) {
      this.addMessage(entry, result.message);
    } else {
      this.addUnreadable(entry, result.reason);
    }
  }

  private addMessage(entry: LogLine, message: IamMessage): void {
    const lines = { line: entry.line, texts: [entry.text], ...timeAndThread(entry) };

    switch (message.kind) {
      case 'request': {
        const record: RequestRecord = {
          kind: 'request',
          ...lines,
          header: message,
          evaluated: new Map(),
        };
        this.records.push(record);
        this.openRequests.set(threadKey(entry), record);
        return;
      }

      case 'not-authorized': {
        const record: NotAuthorizedRecord = { kind: 'not-authorized', ...lines, message };
        this.records.push(record);
        const waiting = this.awaitingRequestLog.get(threadKey(entry)) ?? [];
        this.awaitingRequestLog.set(threadKey(entry), [...waiting, record]);
        return;
      }

      case 'necessary-permissions':
      case 'evaluated-permissions': {
        const record = this.openRequestFor(entry);
        if (record === undefined) {
          this.rejectOrphan(entry);
          return;
        }

        record.texts.push(entry.text);
        if (record.kind === 'request') {
          addPermissions(record, message);
        }
        return;
      }
    }
  }

  /**
   * Rejects an unreadable handler line. A cut-off header opens a rejected record, so its DEBUG
   * lines join it rather than each becoming a rejection of its own.
   */
  private addUnreadable(entry: LogLine, reason: string): void {
    const problem = { line: entry.line, field: '(line)', error: reason };

    if (isHeaderLike(entry.message)) {
      const record: RejectedRecord = {
        kind: 'rejected',
        line: entry.line,
        texts: [entry.text],
        ...timeAndThread(entry),
        problem,
      };
      this.records.push(record);
      this.openRequests.set(threadKey(entry), record);
      return;
    }

    const record = entry.message.startsWith('User:') ? undefined : this.openRequestFor(entry);
    if (record === undefined) {
      this.reject(entry.line, entry.text, reason);
      return;
    }

    record.texts.push(entry.text);
    if (record.kind === 'request' && record.problem === undefined) {
      record.problem = problem;
    }
  }

  /**
   * Rejects a line that starts like a log line but is cut off. When its time and thread are
   * still readable and a record is open on that thread, the record is rejected with it,
   * because the cut line may be one of its DEBUG lines.
   */
  private addMalformed(line: number, text: string, malformed: MalformedLine): void {
    const { reason, time, thread } = malformed;
    const record =
      time === undefined || thread === undefined ? undefined : this.openRequestFor(malformed);

    if (record === undefined) {
      this.reject(line, text, reason);
      return;
    }

    record.texts.push(text);
    if (record.kind === 'request' && record.problem === undefined) {
      record.problem = { line, field: '(line)', error: reason };
    }
  }

  private rejectOrphan(entry: LogLine): void {
    const where = entry.thread === undefined ? '' : ` of thread "${entry.thread}"`;
    const error =
      `follows no "Request for service" line${where} within ${RECORD_WINDOW_MS} ms before it; ` +
      'send whole records, each from its "Request for service" line on';

    this.reject(entry.line, entry.text, error);
  }

  private reject(line: number, text: string, error: string): void {
    this.records.push({
      kind: 'rejected',
      line,
      texts: [text],
      problem: { line, field: '(line)', error },
    });
  }

  private openRequestFor(stamp: LineStamp): RequestRecord | RejectedRecord | undefined {
    const record = this.openRequests.get(threadKey(stamp));
    return record !== undefined && isWithinWindow(record, stamp) ? record : undefined;
  }

  /**
   * Gives the "User: ..." records waiting on this thread the service and operation of an AWS
   * request log line such as `AWS dynamodb.PutItem => 200`. Returns false when the line is
   * no such request log line or no record waits for it.
   */
  private attachRequestLog(entry: LogLine): boolean {
    const request = readRequestLog(entry.message);
    const waiting = this.awaitingRequestLog.get(threadKey(entry));
    if (request === undefined || waiting === undefined) {
      return false;
    }

    this.awaitingRequestLog.delete(threadKey(entry));
    const matching = waiting.filter((record) => isWithinWindow(record, entry));
    for (const record of matching) {
      record.request = request;
    }

    return matching.length > 0;
  }
}

function addPermissions(
  record: RequestRecord,
  message: Extract<IamMessage, { kind: 'necessary-permissions' | 'evaluated-permissions' }>,
): void {
  if (message.kind === 'necessary-permissions') {
    record.necessary = [...(record.necessary ?? []), ...message.permissions];
    return;
  }

  const known = record.evaluated.get(message.outcome) ?? [];
  record.evaluated.set(message.outcome, [...known, ...message.permissions]);
}

function timeAndThread(entry: LogLine): { time?: string; thread?: string } {
  return {
    ...(entry.time === undefined ? {} : { time: entry.time }),
    ...(entry.thread === undefined ? {} : { thread: entry.thread }),
  };
}

/** Lines in Python's default format have no thread, so they all share one key. */
function threadKey(stamp: LineStamp): string {
  return stamp.thread === undefined ? '' : `[${stamp.thread}]`;
}

/** Tells whether a line is stamped 0 to RECORD_WINDOW_MS after a record's first line. */
function isWithinWindow(record: RecordLines, stamp: LineStamp): boolean {
  if (record.time === undefined || stamp.time === undefined) {
    return record.time === stamp.time;
  }

  const elapsed = logTimeToMs(stamp.time)! - logTimeToMs(record.time)!;
  return elapsed >= 0 && elapsed <= RECORD_WINDOW_MS;
}

/** Tells whether a message is a "Request for service" header, whole or cut off. */
function isHeaderLike(message: string): boolean {
  return (
    message.startsWith('Request for service') ||
    (message !== '' && 'Request for service'.startsWith(message))
  );
}
