import { Controller, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';

import {
  readCanonicalEvents,
  readLocalStackPolicyStream,
} from '../../../../libs/sources/src/index.js';
import { bodyLimitBytes, readBody } from './read-body.js';
import { IngestService, type IngestResult } from './ingest.service.js';
import { parseStrict, withRetryAfter } from './request-options.js';

@Controller('v1')
export class EventsController {
  private readonly bodyLimit = bodyLimitBytes();

  constructor(private readonly ingestService: IngestService) {}

  /** Canonical events as a JSON array or NDJSON. */
  @Post('events')
  @HttpCode(202)
  async postEvents(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Query('strict') strict?: unknown,
  ): Promise<IngestResult> {
    const body = await readBody(request, this.bodyLimit);
    return withRetryAfter(response, () =>
      this.ingestService.ingest('canonical', readCanonicalEvents(body), parseStrict(strict)),
    );
  }

  /** NDJSON lines exactly as LocalStack's `GET /_aws/iam/policies/stream` emits them. */
  @Post('sources/localstack/policy-stream')
  @HttpCode(202)
  async postLocalStackPolicyStream(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Query('strict') strict?: unknown,
  ): Promise<IngestResult> {
    const body = await readBody(request, this.bodyLimit);
    const records = readLocalStackPolicyStream(body, { receivedAt: new Date() });
    return withRetryAfter(response, () =>
      this.ingestService.ingest('localstack-policy-stream', records, parseStrict(strict)),
    );
  }
}
