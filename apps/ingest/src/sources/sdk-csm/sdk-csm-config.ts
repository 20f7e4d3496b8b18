import { readFileSync } from 'node:fs';

import { AccessKeyMap } from '../../../../../libs/sources/src/index.js';

/** The address botocore and the AWS SDK for Go v1 send CSM datagrams to by default. */
export const DEFAULT_SDK_CSM_UDP = '127.0.0.1:31000';

export interface UdpAddress {
  host: string;
  port: number;
}

/** The UDP address to listen on, or undefined when the listener is off. */
export interface SdkCsmUdpConfig {
  address: UdpAddress | undefined;
}

/**
 * Reads `SDK_CSM_UDP`: `HOST:PORT` (`[HOST]:PORT` for IPv6), `off`, or unset for
 * 127.0.0.1:31000. Port 0 binds a free port chosen by the operating system.
 */
export function sdkCsmUdpConfig(value: string | undefined): SdkCsmUdpConfig {
  const text = value === undefined || value.trim() === '' ? DEFAULT_SDK_CSM_UDP : value.trim();
  if (text.toLowerCase() === 'off') {
    return { address: undefined };
  }

  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]+)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (match === null || port > 65_535) {
    throw new Error(
      `SDK_CSM_UDP is "${text}" but must be HOST:PORT such as 127.0.0.1:31000, or off`,
    );
  }

  return { address: { host: match[1] ?? match[2]!, port } };
}

/**
 * Builds the access key map from `SDK_CSM_ACCESS_KEYS_FILE` and then `SDK_CSM_ACCESS_KEYS`, so
 * a key in both takes the variable's principal. Raises InvalidAccessKeyMappingError for an
 * invalid pair and an Error when the file cannot be read.
 */
export function loadAccessKeyMap(env: NodeJS.ProcessEnv): AccessKeyMap {
  const map = new AccessKeyMap();

  const file = env.SDK_CSM_ACCESS_KEYS_FILE;
  if (file !== undefined && file !== '') {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(
        `SDK_CSM_ACCESS_KEYS_FILE "${file}" could not be read: ${(error as Error).message}`,
        { cause: error },
      );
    }
    map.addAll(text, `SDK_CSM_ACCESS_KEYS_FILE ${file}`);
  }

  const variable = env.SDK_CSM_ACCESS_KEYS;
  if (variable !== undefined && variable !== '') {
    map.addAll(variable, 'SDK_CSM_ACCESS_KEYS');
  }

  return map;
}
