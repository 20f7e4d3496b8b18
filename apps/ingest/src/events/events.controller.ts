import {
  Controller,
  HttpCode,
  Post,
  Query,
  Req,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Request, Response } from 'express';

import {
  readCanonicalEvents,
  readLocalStackPolicyStream,
} from '../../../../libs/sources/src/index.js';
import { bodyLimitBytes, readBody } from './read-body.js';
import { IngestService, KAFKA_RETRY_AFTER_SECONDS, type IngestResult } from './ingest.service.js';

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
    @Query('strict') strict?: string,
  ): Promise<IngestResult> {
    const body = await readBody(request, this.bodyLimit);
    return withRetryAfter(response, () =>
      this.ingestService.ingest('canonical', readCanonicalEvents(body), isStrict(strict)),
    );
  }

  /** NDJSON lines exactly as LocalStack's `GET /_aws/iam/policies/stream` emits them. */
  @Post('sources/localstack/policy-stream')
  @HttpCode(202)
  async postLocalStackPolicyStream(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Query('strict') strict?: string,
  ): Promise<IngestResult> {
    const body = await readBody(request, this.bodyLimit);
    const records = readLocalStackPolicyStream(body, { receivedAt: new Date() });
    return withRetryAfter(response, () =>
      this.ingestService.ingest('localstack-policy-stream', records, isStrict(strict)),
    );
  }
}

function isStrict(value: string | undefined): boolean {
  return value === 'true' || value === '1';
}

/** Adds `Retry-After` to a 503 so clients and proxies know when to send the batch again. */
async function withRetryAfter<T>(response: Response, ingest: () => Promise<T>): Promise<T> {
  try {
    return await ingest();
  } catch (error) {
    if (error instanceof ServiceUnavailableException) {
      response.setHeader('Retry-After', String(KAFKA_RETRY_AFTER_SECONDS));
    }
    throw error;
  }
}
