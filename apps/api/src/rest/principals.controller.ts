import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';

import { PolicyVersionService } from '../principals/policy-version.service.js';
import { PrincipalService } from '../principals/principal.service.js';
import {
  parseAtParam,
  parseFirstParam,
  parseOptionalStringParam,
  parsePolicyTypeParam,
  parseVersionParam,
} from './query-params.js';
import {
  toListResponse,
  toPolicyVersionResponse,
  toPrincipalResponse,
  type ListResponse,
  type PolicyVersionResponse,
  type PrincipalResponse,
} from './rest-mappers.js';

// Clients pass the ARN as one path segment encoded with encodeURIComponent, so `/` arrives
// as %2F. Express matches routes before decoding, then decodes the parameter.
@Controller('v1/principals')
export class PrincipalsController {
  constructor(
    private readonly principals: PrincipalService,
    private readonly versions: PolicyVersionService,
  ) {}

  @Get()
  async listPrincipals(
    @Query('first') first: unknown,
    @Query('after') after: unknown,
    @Query('search') search: unknown,
  ): Promise<ListResponse<PrincipalResponse>> {
    const page = await this.principals.listPrincipals({
      first: parseFirstParam(first),
      after: parseOptionalStringParam('after', after),
      search: parseOptionalStringParam('search', search),
    });

    return toListResponse(page, toPrincipalResponse);
  }

  @Get(':arn')
  async getPrincipal(@Param('arn') arn: string): Promise<PrincipalResponse> {
    const record = await this.principals.getPrincipal(arn);
    if (record === null) {
      throw new NotFoundException(`Principal ${arn} not found: no policy is attached to it.`);
    }

    return toPrincipalResponse(record);
  }

  @Get(':arn/policy')
  async getPolicy(
    @Param('arn') arn: string,
    @Query('type') type: unknown,
    @Query('at') at: unknown,
  ): Promise<PolicyVersionResponse> {
    const policyType = parsePolicyTypeParam(type);
    const atDate = parseAtParam(at);

    const record = await this.versions.getPolicyAt(arn, policyType, atDate);
    if (record === null) {
      const when = atDate === undefined ? '' : ` at or before ${atDate.toISOString()}`;
      throw new NotFoundException(`No ${policyType} policy version of ${arn} found${when}.`);
    }

    return toPolicyVersionResponse(record);
  }

  @Get(':arn/versions')
  async listVersions(
    @Param('arn') arn: string,
    @Query('type') type: unknown,
    @Query('first') first: unknown,
    @Query('after') after: unknown,
  ): Promise<ListResponse<PolicyVersionResponse>> {
    const policyType = parsePolicyTypeParam(type);

    const page = await this.versions.listVersions(arn, policyType, {
      first: parseFirstParam(first),
      after: parseOptionalStringParam('after', after),
    });
    if (page === null) {
      throw new NotFoundException(`No ${policyType} policy found for ${arn}.`);
    }

    return toListResponse(page, toPolicyVersionResponse);
  }

  @Get(':arn/versions/:n')
  async getVersion(
    @Param('arn') arn: string,
    @Param('n') n: string,
    @Query('type') type: unknown,
  ): Promise<PolicyVersionResponse> {
    const policyType = parsePolicyTypeParam(type);
    const version = parseVersionParam(n);

    const record = await this.versions.getVersion(arn, policyType, version);
    if (record === null) {
      throw new NotFoundException(
        `Version ${version} of the ${policyType} policy of ${arn} not found.`,
      );
    }

    return toPolicyVersionResponse(record);
  }

  // Registered last, so it only matches paths that no route above matched, such as an ARN
  // whose `/` was not encoded.
  @Get('*path')
  rejectUnknownPath(@Param('path') path: string[]): never {
    throw new NotFoundException(
      `No route matches /v1/principals/${path.join('/')}. Pass the ARN as one path segment ` +
        'encoded with encodeURIComponent, so that / becomes %2F.',
    );
  }
}
