/**
 * First labels of CloudTrail `eventSource` values that differ from the service's IAM
 * prefix: CloudWatch logs as `monitoring.amazonaws.com` and SES v1 as `email.amazonaws.com`.
 */
export const EVENT_SOURCE_RENAMES: Readonly<Record<string, string>> = {
  monitoring: 'cloudwatch',
  email: 'ses',
};

const EVENT_SOURCE_PATTERN = /^([a-z0-9-]+(?:\.[a-z0-9-]+)*)\.amazonaws\.com(?:\.cn)?$/;

/**
 * Returns the IAM service prefix of an `eventSource` such as `s3.amazonaws.com` (or
 * `s3.amazonaws.com.cn` in the China partition), or undefined when it has another form.
 */
export function serviceOfEventSource(eventSource: string): string | undefined {
  const match = EVENT_SOURCE_PATTERN.exec(eventSource);
  if (match === null) {
    return undefined;
  }

  const label = match[1]!;
  return EVENT_SOURCE_RENAMES[label] ?? label;
}

// An 8-digit date with an optional `v2`-style revision (`GetFunction20150331v2`), or a
// date with underscores (`CreateDistribution2020_05_31`), after a letter.
const VERSION_SUFFIX = /(?<=[A-Za-z])(?:\d{8}(?:v\d+)?|\d{4}_\d{2}_\d{2})$/;

/** Removes the API version suffix that CloudTrail appends to some operation names. */
export function withoutVersionSuffix(eventName: string): string {
  return eventName.replace(VERSION_SUFFIX, '');
}

/**
 * Returns the partition of a region (`cn-north-1` is in `aws-cn`), for records whose
 * principal carries no ARN to read it from.
 */
export function partitionOfRegion(region: string | undefined): string {
  if (region === undefined) {
    return 'aws';
  }
  if (region.startsWith('cn-')) {
    return 'aws-cn';
  }
  if (region.startsWith('us-gov-')) {
    return 'aws-us-gov';
  }
  if (region.startsWith('us-isob-')) {
    return 'aws-iso-b';
  }
  if (region.startsWith('us-iso-')) {
    return 'aws-iso';
  }

  return 'aws';
}
