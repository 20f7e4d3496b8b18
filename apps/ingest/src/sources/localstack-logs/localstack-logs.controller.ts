import { BadRequestException, Controller, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';

import {
  invalidPrincipalReason,
  readLocalStackLogs,
} from '../../../../../libs/sources/src/index.js';
import { bodyLimitBytes, readBody } from '../../events/read-body.js';
import { IngestService, type IngestResult } from '../../events/ingest.service.js';
import { parseStrict, withRetryAfter } from '../../events/request-options.js';

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
    @Query('strict') strict?: unknown,
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
      this.ingestService.ingest('localstack-logs', read, parseStrict(strict)),
    );
  }
}
