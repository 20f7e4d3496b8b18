import { afterEach, describe, expect, it, vi } from 'vitest';

import { apiListenAddress } from './listen-address.js';

describe('apiListenAddress', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('defaults to 127.0.0.1 port 3000', () => {
    vi.stubEnv('HOST', undefined);
    vi.stubEnv('PORT', undefined);

    expect(apiListenAddress()).toEqual({ host: '127.0.0.1', port: 3000 });
  });

  it('treats an empty HOST as unset', () => {
    vi.stubEnv('HOST', '');

    expect(apiListenAddress().host).toBe('127.0.0.1');
  });

  it.each(['0.0.0.0', '::', '10.1.2.3'])('reads HOST=%s', (host) => {
    vi.stubEnv('HOST', host);

    expect(apiListenAddress().host).toBe(host);
  });

  it('reads PORT', () => {
    vi.stubEnv('PORT', '8080');

    expect(apiListenAddress().port).toBe(8080);
  });

  it('rejects an invalid PORT', () => {
    vi.stubEnv('PORT', 'http');

    expect(() => apiListenAddress()).toThrow('PORT is "http" but must be an integer');
  });
});
