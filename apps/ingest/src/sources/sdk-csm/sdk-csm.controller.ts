import {
  BadRequestException,
  Controller,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';

import {
  isInvalidAccessKeyMappingError,
  maskAccessKeyId,
} from '../../../../../libs/sources/src/index.js';
import type { IngestResult } from '../../events/ingest.service.js';
import { bodyLimitBytes, readBody } from '../../events/read-body.js';
import { parseStrict, withRetryAfter } from '../../events/request-options.js';
import { SdkCsmService } from './sdk-csm.service.js';

/** Body limit of an access key mapping, which is one short JSON object. */
const ACCESS_KEY_BODY_LIMIT_BYTES = 16 * 1024;

export interface AccessKeyMappingResponse {
  /** The key id, masked to its last 4 characters. */
  accessKeyId: string;
  principalArn: string;
}

@Controller('v1/sources/sdk-csm')
export class SdkCsmController {
  private readonly bodyLimit = bodyLimitBytes();

  constructor(private readonly sdkCsm: SdkCsmService) {}

  /** AWS SDK client-side monitoring records, one JSON object per line as the SDKs send them. */
  @Post()
  @HttpCode(202)
  async postRecords(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Query('strict') strict?: unknown,
  ): Promise<IngestResult> {
    const body = await readBody(request, this.bodyLimit);
    return withRetryAfter(response, () => this.sdkCsm.ingestBody(body, parseStrict(strict)));
  }

  /**
   * Maps an access key id to the principal that owns it, for this ingest process only.
   * Responds with 201 for a new key and 200 when an earlier mapping was replaced.
   */
  @Put('access-keys/:accessKeyId')
  async putAccessKey(
    @Param('accessKeyId') accessKeyId: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AccessKeyMappingResponse> {
    const body = await readBody(request, ACCESS_KEY_BODY_LIMIT_BYTES);
    const principalArn = readPrincipalArn(body);

    let outcome: 'created' | 'replaced';
    try {
      outcome = this.sdkCsm.mapAccessKey(accessKeyId, principalArn);
    } catch (error) {
      if (isInvalidAccessKeyMappingError(error)) {
        throw new BadRequestException(error.reason);
      }
      throw error;
    }

    response.status(outcome === 'created' ? 201 : 200);
    return { accessKeyId: maskAccessKeyId(accessKeyId), principalArn };
  }
}

function readPrincipalArn(body: string): string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new BadRequestException(
      'Request body is not valid JSON. Send {"principalArn": "arn:aws:iam::123456789012:user/name"}',
    );
  }

  const principalArn = (value as { principalArn?: unknown } | null)?.principalArn;
  if (typeof principalArn !== 'string' || principalArn === '') {
    throw new BadRequestException(
      'principalArn is missing. Send {"principalArn": "arn:aws:iam::123456789012:user/name"}',
    );
  }

  return principalArn;
}
