import { formatArn, parseArn } from './arn.js';

/**
 * Returns the ARN a resource-based policy for `resourceArn` attaches to. S3 has no object
 * policies, so an object's permissions belong to its bucket policy; other resources carry
 * their own policy.
 */
export function resourcePolicyTarget(resourceArn: string): string {
  const arn = parseArn(resourceArn);
  if (arn === undefined || arn.service !== 's3' || arn.region !== '' || arn.account !== '') {
    return resourceArn;
  }

  const slash = arn.resource.indexOf('/');
  return slash === -1 ? resourceArn : formatArn({ ...arn, resource: arn.resource.slice(0, slash) });
}
