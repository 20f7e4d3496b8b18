import { describe, expect, it } from 'vitest';

import {
  isLiteralPattern,
  resourcePatternCovers,
  resourcePatternsIntersect,
} from './expansion-pattern.js';

const BUCKET = 'arn:aws:s3:::bucket';

describe('resourcePatternCovers', () => {
  const cases: [outer: string, inner: string, covers: boolean][] = [
    ['*', BUCKET, true],
    ['*', `${BUCKET}/*`, true],
    [`${BUCKET}/*`, `${BUCKET}/a/b.txt`, true],
    [`${BUCKET}/*`, `${BUCKET}/reports/*`, true],
    [`${BUCKET}/reports/*`, `${BUCKET}/*`, false],
    [`${BUCKET}/*`, BUCKET, false],
    [`${BUCKET}*`, `${BUCKET}/*`, true],
    [`${BUCKET}/?.txt`, `${BUCKET}/a.txt`, true],
    [`${BUCKET}/?.txt`, `${BUCKET}/ab.txt`, false],
    [`${BUCKET}/*?`, `${BUCKET}/?*`, true],
    [`${BUCKET}/?*`, `${BUCKET}/*?`, true],
    [`${BUCKET}/*`, `${BUCKET}/?*`, true],
    [`${BUCKET}/?*`, `${BUCKET}/*`, false],
    [`${BUCKET}/a*b`, `${BUCKET}/a*c*b`, true],
    [`${BUCKET}/a*c*b`, `${BUCKET}/a*b`, false],
    [`${BUCKET}/A.txt`, `${BUCKET}/a.txt`, false],
    ['arn:aws:s3:::*', '*', false],
    ['arn:*:s3:::bucket/*', `${BUCKET}/x`, true],
    ['arn:aws:sqs:*:*:*', 'arn:aws:sqs:eu-west-1:123456789012:jobs', true],
    ['arn:aws:sqs:*:123456789012:*', 'arn:aws:sqs:*:*:*', false],
    ['arn:aws:s3:*', `${BUCKET}/a:b`, true],
    [`${BUCKET}/\${aws:username}/*`, `${BUCKET}/\${aws:username}/*`, true],
    [`${BUCKET}/\${aws:username}/*`, `${BUCKET}/alice/x`, false],
    [`${BUCKET}/*`, `${BUCKET}/\${aws:username}`, true],
    [`${BUCKET}/\${*}`, `${BUCKET}/*`, false],
    [`${BUCKET}/*`, `${BUCKET}/\${*}`, true],
  ];

  it.each(cases)('%s covers %s: %s', (outer, inner, covers) => {
    expect(resourcePatternCovers(outer, inner)).toBe(covers);
  });
});

describe('resourcePatternsIntersect', () => {
  const cases: [left: string, right: string, intersects: boolean][] = [
    [`${BUCKET}/*`, `${BUCKET}/reports/*`, true],
    [`${BUCKET}/a*`, `${BUCKET}/*b`, true],
    [`${BUCKET}/a*`, `${BUCKET}/b*`, false],
    [`${BUCKET}/*`, BUCKET, false],
    [`${BUCKET}/?`, `${BUCKET}/ab`, false],
    ['arn:aws:s3:::bucket/*', 'arn:${Partition}:s3:::${BucketName}', true],
    ['arn:aws:sqs:*:*:jobs', 'arn:${Partition}:s3:::${BucketName}', false],
    ['arn:aws:s3:::bucket/*', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}', true],
    ['*', 'arn:${Partition}:sqs:${Region}:${Account}:${QueueName}', true],
    [`${BUCKET}/\${aws:username}`, `${BUCKET}/alice`, true],
  ];

  it.each(cases)('%s and %s: %s', (left, right, intersects) => {
    expect(resourcePatternsIntersect(left, right)).toBe(intersects);
    expect(resourcePatternsIntersect(right, left)).toBe(intersects);
  });

  it('keeps account wildcards within their part', () => {
    const pattern = 'arn:aws:sqs:eu-west-1:*:jobs';

    expect(resourcePatternsIntersect(pattern, 'arn:aws:sqs:eu-west-1:123456789012:jobs')).toBe(
      true,
    );
    expect(resourcePatternsIntersect(pattern, 'arn:aws:sqs:eu-west-1:1:2:jobs')).toBe(false);
  });
});

describe('isLiteralPattern', () => {
  it('detects wildcards and variables', () => {
    expect(isLiteralPattern(`${BUCKET}/a.txt`)).toBe(true);
    expect(isLiteralPattern(`${BUCKET}/\${$}a`)).toBe(true);
    expect(isLiteralPattern(`${BUCKET}/*`)).toBe(false);
    expect(isLiteralPattern(`${BUCKET}/?`)).toBe(false);
    expect(isLiteralPattern(`${BUCKET}/\${aws:username}`)).toBe(false);
  });
});
