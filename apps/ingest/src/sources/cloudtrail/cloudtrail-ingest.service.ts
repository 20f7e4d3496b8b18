import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';

import { CloudTrailReader } from '../../../../../libs/sources/src/index.js';
import { IngestService, type IngestResult } from '../../events/ingest.service.js';
import { decodeBody } from '../../events/read-body.js';
import { CloudTrailUnmappedRegistry } from './unmapped-registry.js';

/** Ingests one CloudTrail body: decodes it, maps its records and publishes the events. */
@Injectable()
export class CloudTrailIngestService {
  private readonly logger = new Logger(CloudTrailIngestService.name);

  constructor(
    private readonly reader: CloudTrailReader,
    private readonly ingestService: IngestService,
    private readonly registry: CloudTrailUnmappedRegistry,
  ) {}

  /**
   * Publishes the events of a body. Unmapped and skipped records are added to the registry
   * unless Kafka was unavailable, because the client sends the same body again after a 503.
   */
  async ingestBody(
    body: Buffer,
    contentEncoding: string | undefined,
    limit: number,
    strict: boolean,
  ): Promise<IngestResult> {
    let text: string;
    try {
      text = await decodeBody(body, contentEncoding, limit);
    } catch (error) {
      this.logger.warn(
        { bytes: body.length, contentEncoding, reason: (error as Error).message },
        'Rejected a CloudTrail body that could not be decoded',
      );
      throw error;
    }

    const read = this.reader.read(text);
    try {
      const result = await this.ingestService.ingest('cloudtrail', read, strict);
      this.registry.record(read);
      return result;
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) {
        this.registry.record(read);
      }
      throw error;
    }
  }
}
