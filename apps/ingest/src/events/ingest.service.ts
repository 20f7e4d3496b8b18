import {
  BadRequestException,
  Injectable,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';

import type { IamEvaluationEvent } from '../../../../libs/contract/src/index.js';
import { ActionCatalog } from '../../../../libs/catalog/src/index.js';
import { lowerServicePrefix, normaliseEvent } from '../../../../libs/policy/src/index.js';
import type { RecordResult, SourceReadResult } from '../../../../libs/sources/src/index.js';
import { IngestMetrics } from '../metrics/ingest-metrics.js';
import { EventPublisher, isKafkaUnavailableError } from '../publishing/event-publisher.js';

/** One rejected input record: its line (or array position), the field and the reason. */
export interface RejectedRecord {
  line: number;
  field: string;
  error: string;
}

export interface IngestResult {
  accepted: number;
  rejected: RejectedRecord[];
  /** Records that are not IAM evaluations, such as unrelated log lines. Omitted when 0. */
  skipped?: number;
  /** Records the source could not map to IAM actions, per key. Omitted when empty. */
  unmapped?: Array<{ key: string; count: number }>;
}

/** Seconds a client should wait before retrying when Kafka is unavailable. */
export const KAFKA_RETRY_AFTER_SECONDS = 5;

/**
 * Publishes the valid records of one request body. Events are acknowledged to the client only
 * after Kafka acknowledged all of them; a body with no valid record is rejected as a whole.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    private readonly publisher: EventPublisher,
    private readonly catalog: ActionCatalog,
    private readonly metrics: IngestMetrics,
  ) {}

  async ingest(
    source: string,
    read: RecordResult[] | SourceReadResult,
    strict: boolean,
  ): Promise<IngestResult> {
    const { records, skipped = 0, unmapped = [] } = Array.isArray(read) ? { records: read } : read;
    const rejected = records.flatMap((record) =>
      record.ok ? [] : record.errors.map((error) => ({ line: record.line, ...error })),
    );
    const events = records.flatMap((record) => (record.ok ? record.events : []));
    const extras = {
      ...(skipped > 0 ? { skipped } : {}),
      ...(unmapped.length > 0 ? { unmapped } : {}),
    };

    this.metrics.count(source, 'rejected', records.filter((record) => !record.ok).length);
    this.metrics.count(source, 'skipped', skipped);
    for (const { key, count } of unmapped) {
      this.metrics.countUnmapped(source, key, count);
    }
    await this.publisher.publishDeadLetters(
      source,
      records.flatMap((record) =>
        record.ok
          ? []
          : [
              {
                line: record.line,
                reason: record.errors.map((error) => `${error.field} ${error.error}`).join('; '),
                ...(record.raw === undefined ? {} : truncatedRaw(record.raw)),
              },
            ],
      ),
    );

    const readNothing = records.length === 0 && skipped === 0 && unmapped.length === 0;
    if (events.length === 0 && (rejected.length > 0 || readNothing)) {
      throw new BadRequestException({
        message: readNothing
          ? 'Request body contains no records; send a JSON array or one JSON object per line'
          : 'Request body contains no valid record; fix the fields listed in "rejected"',
        accepted: 0,
        rejected,
        ...extras,
      });
    }
    if (strict && rejected.length > 0) {
      throw new BadRequestException({
        message: 'strict=true and some records are invalid, so nothing was published',
        accepted: 0,
        rejected,
        ...extras,
      });
    }

    const canonical = await this.normalise(events);
    try {
      await this.publisher.publish(canonical);
    } catch (error) {
      if (isKafkaUnavailableError(error)) {
        throw new ServiceUnavailableException({
          message: `Kafka did not acknowledge every event, so none is reported as accepted; some may already be stored. Send the same body again in ${KAFKA_RETRY_AFTER_SECONDS} seconds: event ids make a resend safe`,
          accepted: 0,
        });
      }
      throw error;
    }

    this.metrics.count(source, 'accepted', canonical.length);
    this.logger.log(
      { source, accepted: canonical.length, rejected: rejected.length, skipped },
      'Published events',
    );
    return { accepted: canonical.length, rejected, ...extras };
  }

  /**
   * Rewrites actions to the catalog's spelling where the catalog lists them and moves identity
   * policies of STS sessions to their roles, so every source reaches the fold in one form.
   */
  private async normalise(events: IamEvaluationEvent[]): Promise<IamEvaluationEvent[]> {
    const actions = new Set(events.map((event) => lowerServicePrefix(event.action)));
    const spellings = new Map<string, string | undefined>();
    for (const action of actions) {
      spellings.set(action, await this.catalog.canonicalAction(action));
    }

    return events.map((event) => normaliseEvent(event, (action) => spellings.get(action)));
  }
}

/** Maximum length of a raw record copied to a dead letter, well below Kafka's 1 MiB default. */
const MAX_DEAD_LETTER_RAW_LENGTH = 64 * 1024;

function truncatedRaw(raw: string): { raw: string; rawTruncated?: true } {
  return raw.length <= MAX_DEAD_LETTER_RAW_LENGTH
    ? { raw }
    : { raw: raw.slice(0, MAX_DEAD_LETTER_RAW_LENGTH), rawTruncated: true };
}
