import {
  Controller,
  Get,
  HttpCode,
  Post,
  Query,
  Req,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Request, Response } from 'express';

import { KAFKA_RETRY_AFTER_SECONDS, type IngestResult } from '../../events/ingest.service.js';
import { bodyLimitBytes } from '../../events/read-body.js';
import { CloudTrailIngestService } from './cloudtrail-ingest.service.js';
import { readRawBody } from './raw-body.js';
import { CloudTrailUnmappedRegistry, type UnmappedReport } from './unmapped-registry.js';

@Controller('v1/sources/cloudtrail')
export class CloudTrailController {
  private readonly bodyLimit = bodyLimitBytes();

  constructor(
    private readonly cloudTrail: CloudTrailIngestService,
    private readonly registry: CloudTrailUnmappedRegistry,
  ) {}

  /**
   * A CloudTrail log file (`{"Records": [...]}`), a JSON array of records or NDJSON, plain
   * or gzip-compressed. The body limit applies to the compressed and decompressed size.
   */
  @Post()
  @HttpCode(202)
  async postRecords(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Query('strict') strict?: string,
  ): Promise<IngestResult> {
    const body = await readRawBody(request, this.bodyLimit);

    try {
      return await this.cloudTrail.ingestBody(
        body,
        request.headers['content-encoding'],
        this.bodyLimit,
        strict === 'true' || strict === '1',
      );
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        response.setHeader('Retry-After', String(KAFKA_RETRY_AFTER_SECONDS));
      }
      throw error;
    }
  }

  /** CloudTrail calls this process could not map, and the records it skipped, with counts. */
  @Get('unmapped')
  unmapped(): UnmappedReport {
    return this.registry.report();
  }
}
