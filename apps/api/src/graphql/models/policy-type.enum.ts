import { registerEnumType } from '@nestjs/graphql';

/** GraphQL names of the policy types. Their values are the strings stored in the database. */
export enum PolicyTypeEnum {
  IDENTITY = 'identity',
  RESOURCE = 'resource',
}

registerEnumType(PolicyTypeEnum, {
  name: 'PolicyType',
  description: 'Whether a policy attaches to a principal (IDENTITY) or to a resource (RESOURCE).',
  valuesMap: {
    IDENTITY: { description: 'Identity-based policy of a role, user or root principal.' },
    RESOURCE: { description: 'Resource-based policy of a resource ARN, such as a bucket policy.' },
  },
});
