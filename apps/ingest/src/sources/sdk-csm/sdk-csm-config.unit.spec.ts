import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadAccessKeyMap, sdkCsmUdpConfig } from './sdk-csm-config.js';

const USER = 'arn:aws:iam::111122223333:user/csm-cli';
const ROLE = 'arn:aws:iam::111122223333:role/orders';

describe('sdkCsmUdpConfig', () => {
  const cases: Array<{ value: string | undefined; host?: string; port?: number }> = [
    { value: undefined, host: '127.0.0.1', port: 31000 },
    { value: '', host: '127.0.0.1', port: 31000 },
    { value: '127.0.0.1:32000', host: '127.0.0.1', port: 32000 },
    { value: '0.0.0.0:31000', host: '0.0.0.0', port: 31000 },
    { value: 'localhost:0', host: 'localhost', port: 0 },
    { value: '[::1]:31000', host: '::1', port: 31000 },
    { value: 'off' },
    { value: 'OFF' },
  ];

  it.each(cases)('reads "$value"', ({ value, host, port }) => {
    const { address } = sdkCsmUdpConfig(value);

    expect(address).toEqual(host === undefined ? undefined : { host, port });
  });

  it.each(['31000', '127.0.0.1', '127.0.0.1:70000', '::1:31000', 'on'])('rejects "%s"', (value) => {
    expect(() => sdkCsmUdpConfig(value)).toThrow(
      /must be HOST:PORT such as 127.0.0.1:31000, or off/,
    );
  });
});

describe('loadAccessKeyMap', () => {
  it('reads the file and lets the variable win', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sdk-csm-')), 'access-keys.json');
    writeFileSync(file, JSON.stringify({ AKIAIOSFODNN7EXAMPLE: USER, AKIASDKCSMTEST000001: USER }));

    const map = loadAccessKeyMap({
      SDK_CSM_ACCESS_KEYS_FILE: file,
      SDK_CSM_ACCESS_KEYS: `AKIASDKCSMTEST000001=${ROLE}`,
    });

    expect(map.size).toBe(2);
    expect(map.principalOf('AKIAIOSFODNN7EXAMPLE')).toBe(USER);
    expect(map.principalOf('AKIASDKCSMTEST000001')).toBe(ROLE);
  });

  it('is empty without configuration', () => {
    expect(loadAccessKeyMap({}).size).toBe(0);
  });

  it('names a file it cannot read', () => {
    expect(() => loadAccessKeyMap({ SDK_CSM_ACCESS_KEYS_FILE: '/nonexistent/keys.json' })).toThrow(
      /SDK_CSM_ACCESS_KEYS_FILE "\/nonexistent\/keys.json" could not be read/,
    );
  });

  it('names the variable of an invalid pair', () => {
    expect(() => loadAccessKeyMap({ SDK_CSM_ACCESS_KEYS: 'AKIAIOSFODNN7EXAMPLE=csm-cli' })).toThrow(
      /^SDK_CSM_ACCESS_KEYS: principal of access key \*\*\*\*MPLE must be an ARN/,
    );
  });
});
