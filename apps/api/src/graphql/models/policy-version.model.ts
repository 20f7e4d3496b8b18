import { Field, Int, ObjectType } from '@nestjs/graphql';

import { DateTimeScalar } from '../scalars/date-time.scalar.js';
import { JsonScalar } from '../scalars/json.scalar.js';
import { PageInfoModel } from './page-info.model.js';

@ObjectType('Permission')
export class PermissionModel {
  @Field(() => String, { description: 'IAM action such as s3:GetObject.' })
  action: string;

  @Field(() => String, { description: 'Resource ARN, or "*".' })
  resource: string;

  @Field(() => JsonScalar, {
    nullable: true,
    description:
      'The Principal element of a resource-based statement, or null for identity policies.',
  })
  principal: unknown;

  @Field(() => JsonScalar, { nullable: true, description: 'The Condition element, if any.' })
  condition: unknown;
}

/**
 * Query cost of one `document`, against 1 for other fields. A document contains every statement
 * of the policy at that version, so it is the largest value in a response. The weight is an
 * estimate, not a measured ratio.
 */
export const DOCUMENT_COMPLEXITY = 10;

@ObjectType('PolicyVersion')
export class PolicyVersionModel {
  @Field(() => Int, { description: 'Version number; the first version is 1.' })
  version: number;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => JsonScalar, {
    description: 'The full IAM policy document as of this version.',
    complexity: DOCUMENT_COMPLEXITY,
  })
  document: unknown;

  @Field(() => [PermissionModel], { description: 'Permissions this version added.' })
  added: PermissionModel[];

  @Field(() => String, { description: 'Id of the evaluation event that produced this version.' })
  causedBy: string;
}

@ObjectType('PolicyVersionEdge')
export class PolicyVersionEdgeModel {
  @Field(() => String)
  cursor: string;

  @Field(() => PolicyVersionModel)
  node: PolicyVersionModel;
}

@ObjectType('PolicyVersionConnection')
export class PolicyVersionConnectionModel {
  @Field(() => [PolicyVersionEdgeModel])
  edges: PolicyVersionEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;

  @Field(() => Int, {
    description: 'Number of versions of the policy, ignoring `first` and `after`.',
  })
  totalCount: number;
}
