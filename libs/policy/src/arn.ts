/** The five parts of an Amazon Resource Name after the `arn:` prefix. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/**
 * Partitions that `parseArn` accepts: `aws`, `aws-cn`, `aws-us-gov`, `aws-iso` and its
 * lettered variants (`aws-iso-b`, `aws-iso-e`, `aws-iso-f`, as boto3 1.26 lists them).
 *
 * NOTE: a partition outside this list makes `parseArn` return undefined, so a newer
 * partition has to be added here before its ARNs fold as roles, users or resources.
 */
export const ARN_PARTITION_PATTERN = /^aws(-cn|-us-gov|-iso(-[a-z])?)?$/;

const SERVICE_PATTERN = /^[a-z0-9-]+$/;
const REGION_PATTERN = /^[a-z0-9-]*$/;
const ACCOUNT_PATTERN = /^(\d{12}|aws)?$/;

/**
 * Parses `arn:partition:service:region:account:resource`. The region and account may be
 * empty (IAM and S3 ARNs), and the resource keeps every later `:` and `/`, so S3 object
 * keys and Lambda qualifiers survive. Returns undefined for anything else.
 */
export function parseArn(text: string): Arn | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') {
    return undefined;
  }

  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  const resource = parts.slice(5).join(':');

  if (
    !ARN_PARTITION_PATTERN.test(partition) ||
    !SERVICE_PATTERN.test(service) ||
    !REGION_PATTERN.test(region) ||
    !ACCOUNT_PATTERN.test(account) ||
    resource === ''
  ) {
    return undefined;
  }

  return { partition, service, region, account, resource };
}

/** Formats an ARN so that `formatArn(parseArn(text)!)` returns `text` unchanged. */
export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource}`;
}
