import { describe, expect, it } from 'vitest';

import {
  AccessKeyMap,
  isInvalidAccessKeyMappingError,
  maskAccessKeyId,
  parseAccessKeyMappings,
} from './access-keys.js';

const USER = 'arn:aws:iam::111122223333:user/csm-cli';
const ROLE = 'arn:aws:iam::111122223333:role/orders';
const OTHER_KEY = 'AKIASDKCSMTEST000001';

function errorOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('parseAccessKeyMappings', () => {
  const cases: Array<{ name: string; text: string; pairs: Array<[string, string]> }> = [
    {
      name: 'JSON object',
      text: `{"AKIAIOSFODNN7EXAMPLE": "${USER}", "ASIAZ4SDKCSMTESTROLE": "${ROLE}"}`,
      pairs: [
        ['AKIAIOSFODNN7EXAMPLE', USER],
        ['ASIAZ4SDKCSMTESTROLE', ROLE],
      ],
    },
    {
      name: 'comma-separated pairs',
      text: `AKIAIOSFODNN7EXAMPLE=${USER}, ASIAZ4SDKCSMTESTROLE=${ROLE}`,
      pairs: [
        ['AKIAIOSFODNN7EXAMPLE', USER],
        ['ASIAZ4SDKCSMTESTROLE', ROLE],
      ],
    },
    {
      name: 'lines with a comment and a blank line',
      text: `# developers\nAKIAIOSFODNN7EXAMPLE=${USER}\n\nASIAZ4SDKCSMTESTROLE=${ROLE}\n`,
      pairs: [
        ['AKIAIOSFODNN7EXAMPLE', USER],
        ['ASIAZ4SDKCSMTESTROLE', ROLE],
      ],
    },
    { name: 'empty text', text: '  ', pairs: [] },
  ];

  it.each(cases)('reads $name', ({ text, pairs }) => {
    expect(parseAccessKeyMappings(text, 'SDK_CSM_ACCESS_KEYS')).toEqual(pairs);
  });

  const invalid: Array<{ name: string; text: string; reason: RegExp }> = [
    { name: 'broken JSON', text: '{"AKIA', reason: /not valid JSON/ },
    { name: 'JSON array', text: '["AKIAIOSFODNN7EXAMPLE"]', reason: /must be a JSON object/ },
    {
      name: 'JSON value that is not a string',
      text: '{"AKIAIOSFODNN7EXAMPLE": 1}',
      reason: /\*\*\*\*MPLE must be a string/,
    },
    { name: 'pair without "="', text: `AKIAIOSFODNN7EXAMPLE ${USER}`, reason: /no "="/ },
  ];

  it.each(invalid)('rejects $name', ({ text, reason }) => {
    const error = errorOf(() => parseAccessKeyMappings(text, 'SDK_CSM_ACCESS_KEYS'));

    expect(isInvalidAccessKeyMappingError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^SDK_CSM_ACCESS_KEYS: /);
    expect((error as Error).message).toMatch(reason);
  });
});

describe('AccessKeyMap', () => {
  it('maps keys and reports replacements', () => {
    const map = new AccessKeyMap();

    expect(map.set('AKIAIOSFODNN7EXAMPLE', USER, 'test')).toBe('created');
    expect(map.set('AKIAIOSFODNN7EXAMPLE', ROLE, 'test')).toBe('replaced');
    expect(map.principalOf('AKIAIOSFODNN7EXAMPLE')).toBe(ROLE);
    expect(map.principalOf('AKIAOTHERKEY00000000')).toBeUndefined();
    expect(map.size).toBe(1);
  });

  it.each([
    'arn:aws:iam::111122223333:user/csm-cli',
    'arn:aws:iam::111122223333:role/service-role/orders',
    'arn:aws:iam::111122223333:root',
    'arn:aws:sts::111122223333:assumed-role/orders/session-1',
    'arn:aws:sts::111122223333:federated-user/csm-cli',
    'arn:aws-cn:iam::111122223333:user/csm-cli',
  ])('accepts owner %s', (arn) => {
    const map = new AccessKeyMap();

    expect(map.set('AKIAIOSFODNN7EXAMPLE', arn, 'test')).toBe('created');
  });

  const invalid: Array<{ name: string; key: string; arn: string; reason: RegExp }> = [
    { name: 'key with a dash', key: 'AKIA-EXAMPLE', arn: USER, reason: /access key id must be/ },
    { name: 'key with a space', key: 'AKIA EXAMPLE', arn: USER, reason: /access key id must be/ },
    { name: 'text that is not an ARN', key: OTHER_KEY, arn: 'csm-cli', reason: /must be an ARN/ },
    {
      name: 'group ARN',
      key: OTHER_KEY,
      arn: 'arn:aws:iam::111122223333:group/admins',
      reason: /IAM user, an IAM role/,
    },
    {
      name: 'bucket ARN',
      key: OTHER_KEY,
      arn: 'arn:aws:s3:::reports',
      reason: /IAM user, an IAM role/,
    },
  ];

  it.each(invalid)('rejects $name', ({ key, arn, reason }) => {
    const error = errorOf(() => new AccessKeyMap().set(key, arn, 'PUT request'));

    expect(isInvalidAccessKeyMappingError(error)).toBe(true);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).not.toContain(key);
  });

  it('adds every pair of a configuration text', () => {
    const map = new AccessKeyMap();

    map.addAll(`AKIAIOSFODNN7EXAMPLE=${USER},ASIAZ4SDKCSMTESTROLE=${ROLE}`, 'SDK_CSM_ACCESS_KEYS');

    expect(map.size).toBe(2);
    expect(map.principalOf('ASIAZ4SDKCSMTESTROLE')).toBe(ROLE);
  });
});

describe('maskAccessKeyId', () => {
  it('keeps only the last 4 characters', () => {
    expect(maskAccessKeyId('AKIAIOSFODNN7EXAMPLE')).toBe('****MPLE');
  });
});
