import { describe, expect, it } from 'vitest';

import { resourcePolicyTarget } from './resource-policy.js';

describe('resourcePolicyTarget', () => {
  it.each([
    ['arn:aws:s3:::logs/AWSLogs/1/x.gz', 'arn:aws:s3:::logs'],
    ['arn:aws-cn:s3:::logs/a:b', 'arn:aws-cn:s3:::logs'],
    ['arn:aws:s3:::logs', 'arn:aws:s3:::logs'],
    [
      'arn:aws:s3:us-east-1:123456789012:accesspoint/ap',
      'arn:aws:s3:us-east-1:123456789012:accesspoint/ap',
    ],
    ['arn:aws:sqs:us-east-1:123456789012:jobs', 'arn:aws:sqs:us-east-1:123456789012:jobs'],
    ['*', '*'],
  ])('attaches %s to %s', (resource, target) => {
    expect(resourcePolicyTarget(resource)).toBe(target);
  });
});
