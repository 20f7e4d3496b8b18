import { Field, Int, ObjectType } from '@nestjs/graphql';

import { PageInfoModel } from './page-info.model.js';
import { PolicyTypeEnum } from './policy-type.enum.js';

@ObjectType('Principal', {
  description: 'An attachment target with at least one policy: a role, user, root or resource ARN.',
})
export class PrincipalModel {
  @Field(() => String)
  arn: string;

  @Field(() => String, {
    description:
      'Principal kind such as role or user, from the identity policy or else the resource policy.',
  })
  kind: string;

  @Field(() => [PolicyTypeEnum], { description: 'Policy types this ARN has, IDENTITY first.' })
  policyTypes: PolicyTypeEnum[];
}

@ObjectType('PrincipalEdge')
export class PrincipalEdgeModel {
  @Field(() => String)
  cursor: string;

  @Field(() => PrincipalModel)
  node: PrincipalModel;
}

@ObjectType('PrincipalConnection')
export class PrincipalConnectionModel {
  @Field(() => [PrincipalEdgeModel])
  edges: PrincipalEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;

  @Field(() => Int, { description: 'Number of principals matching `search`, ignoring paging.' })
  totalCount: number;
}
