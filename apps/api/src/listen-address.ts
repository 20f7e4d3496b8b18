import { httpPort } from '../../../libs/platform/src/index.js';

export const DEFAULT_API_PORT = 3000;

/** Loopback, so a local run is not reachable from other machines. Containers set HOST=0.0.0.0. */
export const DEFAULT_API_HOST = '127.0.0.1';

export interface ListenAddress {
  host: string;
  port: number;
}

/**
 * Reads the address to listen on from HOST and PORT. An empty HOST counts as unset, because
 * Node would bind every interface for an empty host.
 */
export function apiListenAddress(): ListenAddress {
  const host = process.env.HOST;

  return {
    host: host === undefined || host === '' ? DEFAULT_API_HOST : host,
    port: httpPort(DEFAULT_API_PORT),
  };
}
