import { Args, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';

import { DEFAULT_PAGE_SIZE } from '../common/page.js';
import { PolicyVersionService } from '../principals/policy-version.service.js';
import { PrincipalService } from '../principals/principal.service.js';
import {
  toPolicyVersionConnection,
  toPolicyVersionModel,
  toPrincipalConnection,
  toPrincipalModel,
} from './graphql-mappers.js';
import { PolicyTypeEnum } from './models/policy-type.enum.js';
import { PolicyVersionConnectionModel, PolicyVersionModel } from './models/policy-version.model.js';
import { PrincipalConnectionModel, PrincipalModel } from './models/principal.model.js';
import { DateTimeScalar } from './scalars/date-time.scalar.js';

const FIRST_DESCRIPTION = 'Page size, from 1 to 100.';
const AFTER_DESCRIPTION = 'endCursor of the previous page.';
const TYPE_DESCRIPTION = 'Which policy of the ARN to read.';

@Resolver(() => PrincipalModel)
export class PrincipalResolver {
  constructor(
    private readonly principalService: PrincipalService,
    private readonly versionService: PolicyVersionService,
  ) {}

  @Query(() => PrincipalModel, {
    nullable: true,
    description: 'The principal or resource with this ARN, or null when it has no policy.',
  })
  async principal(
    @Args('arn', { type: () => String }) arn: string,
  ): Promise<PrincipalModel | null> {
    const record = await this.principalService.getPrincipal(arn);
    return record === null ? null : toPrincipalModel(record);
  }

  @Query(() => PrincipalConnectionModel, {
    description: 'Principals and resources with at least one policy, ordered by ARN.',
  })
  async principals(
    @Args('first', {
      type: () => Int,
      nullable: true,
      defaultValue: DEFAULT_PAGE_SIZE,
      description: FIRST_DESCRIPTION,
    })
    first: number | null,
    @Args('after', { type: () => String, nullable: true, description: AFTER_DESCRIPTION })
    after: string | null,
    @Args('search', {
      type: () => String,
      nullable: true,
      description: 'Case-insensitive substring of the ARN.',
    })
    search: string | null,
  ): Promise<PrincipalConnectionModel> {
    const page = await this.principalService.listPrincipals({ first, after, search });
    return toPrincipalConnection(page);
  }

  @ResolveField('policy', () => PolicyVersionModel, {
    nullable: true,
    description:
      'The highest version created at or before `at` (the latest when `at` is omitted), ' +
      'or null when there is none.',
  })
  async policy(
    @Parent() principal: PrincipalModel,
    @Args('type', {
      type: () => PolicyTypeEnum,
      nullable: true,
      defaultValue: PolicyTypeEnum.IDENTITY,
      description: TYPE_DESCRIPTION,
    })
    type: PolicyTypeEnum | null,
    @Args('at', { type: () => DateTimeScalar, nullable: true }) at: Date | null,
  ): Promise<PolicyVersionModel | null> {
    const record = await this.versionService.getPolicyAt(
      principal.arn,
      type ?? PolicyTypeEnum.IDENTITY,
      at ?? undefined,
    );

    return record === null ? null : toPolicyVersionModel(record);
  }

  @ResolveField('versions', () => PolicyVersionConnectionModel, {
    description:
      'Versions of one policy in ascending order, or an empty connection when the ARN lacks that type.',
  })
  async policyVersions(
    @Parent() principal: PrincipalModel,
    @Args('type', {
      type: () => PolicyTypeEnum,
      nullable: true,
      defaultValue: PolicyTypeEnum.IDENTITY,
      description: TYPE_DESCRIPTION,
    })
    type: PolicyTypeEnum | null,
    @Args('first', {
      type: () => Int,
      nullable: true,
      defaultValue: DEFAULT_PAGE_SIZE,
      description: FIRST_DESCRIPTION,
    })
    first: number | null,
    @Args('after', { type: () => String, nullable: true, description: AFTER_DESCRIPTION })
    after: string | null,
  ): Promise<PolicyVersionConnectionModel> {
    const page = await this.versionService.listVersions(
      principal.arn,
      type ?? PolicyTypeEnum.IDENTITY,
      { first, after },
    );

    return toPolicyVersionConnection(page);
  }
}
