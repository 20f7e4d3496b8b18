import {
  BadRequestException,
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
  invalidPrincipalReason,
  readLocalStackLogs,
} from '../../../../../libs/sources/src/index.js';
import { bodyLimitBytes, readBody } from '../../events/read-body.js';
import {
  IngestService,
  KAFKA_RETRY_AFTER_SECONDS,
  type IngestResult,
} from '../../events/ingest.service.js';

/**
 * Takes LocalStack IAM enforcement logs as text: a whole log file or any whole lines of one.
 * Each evaluated permission becomes one `localstack-logs` event; lines of other components
 * are counted in `skipped`.
 */
@Controller('v1/sources/localstack')
export class LocalStackLogsController {
  private readonly bodyLimit = bodyLimitBytes();

  constructor(private readonly ingestService: IngestService) {}

  /**
   * `?principal=<ARN>` attributes requests whose log names no principal (LocalStack logs from
   * 2022). `?strict=true` publishes nothing when any record is rejected.
   */
  @Post('logs')
  @HttpCode(202)
  async postLogs(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Query('strict') strict?: string,
    @Query('principal') principal?: string,
  ): Promise<IngestResult> {
    const body = await readBody(request, this.bodyLimit);
    const principalProblem =
      principal === undefined ? undefined : invalidPrincipalReason(principal);
    if (principalProblem !== undefined) {
      throw new BadRequestException(`Query parameter principal ${principalProblem}`);
    }

    const read = readLocalStackLogs(body, {
      receivedAt: new Date(),
      ...(principal === undefined ? {} : { principal }),
    });
    if (read.records.length === 0 && read.skipped === 0) {
      throw new BadRequestException(
        'Request body contains no log lines; send the text of a LocalStack log',
      );
    }

    return withRetryAfter(response, () =>
      this.ingestService.ingest('localstack-logs', read, isStrict(strict)),
    );
  }
}

// NOTE: isStrict and withRetryAfter repeat the private helpers of events.controller.ts;
// exporting those would let every source controller share them.
function isStrict(value: string | undefined): boolean {
  return value === 'true' || value === '1';
}

/** Adds `Retry-After` to a 503 so clients and proxies know when to send the body again. */
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
