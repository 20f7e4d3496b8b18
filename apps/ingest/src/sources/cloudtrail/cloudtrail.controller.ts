import { Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';

import type { IngestResult } from '../../events/ingest.service.js';
import { bodyLimitBytes, readRawBody } from '../../events/read-body.js';
import { parseStrict, withRetryAfter } from '../../events/request-options.js';
import { CloudTrailIngestService } from './cloudtrail-ingest.service.js';
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
    @Query('strict') strict?: unknown,
  ): Promise<IngestResult> {
    const body = await readRawBody(request, this.bodyLimit);
    return withRetryAfter(response, () =>
      this.cloudTrail.ingestBody(
        body,
        request.headers['content-encoding'],
        this.bodyLimit,
        parseStrict(strict),
      ),
    );
  }

  /** CloudTrail calls this process could not map, and the records it skipped, with counts. */
  @Get('unmapped')
  unmapped(): UnmappedReport {
    return this.registry.report();
  }
}
