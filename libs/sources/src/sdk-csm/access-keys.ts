import { normalisePrincipal, parseArn } from '../../../policy/src/index.js';

/**
 * The IAM API reference allows 16 to 128 word characters (`[\w]+`) in an access key id. The
 * minimum is not enforced, because LocalStack accepts short ids such as `test`.
 */
const ACCESS_KEY_ID_PATTERN = /^\w{1,128}$/;

/** Principal kinds that can own an access key, directly or through an STS session. */
const KEY_OWNER_KINDS = new Set(['user', 'role', 'root', 'federated-user']);

/** An access key mapping that cannot be used, with the source (variable, file or request). */
export class InvalidAccessKeyMappingError extends Error {
  readonly code = 'INVALID_ACCESS_KEY_MAPPING';

  constructor(
    readonly origin: string,
    readonly reason: string,
  ) {
    super(`${origin}: ${reason}`);
  }
}

export function isInvalidAccessKeyMappingError(
  error: unknown,
): error is InvalidAccessKeyMappingError {
  return error instanceof InvalidAccessKeyMappingError;
}

/**
 * Shortens an access key id to its last 4 characters for logs and messages. Key ids are
 * identifiers rather than secrets, so this is a precaution that keeps full ids out of logs.
 */
export function maskAccessKeyId(accessKeyId: string): string {
  return `****${accessKeyId.slice(-4)}`;
}

/** Returns why `accessKeyId` is not a valid access key id, or undefined when it is valid. */
export function accessKeyIdProblem(accessKeyId: string): string | undefined {
  return ACCESS_KEY_ID_PATTERN.test(accessKeyId)
    ? undefined
    : 'must be 1 to 128 letters, digits or underscores, such as AKIAIOSFODNN7EXAMPLE';
}

/** Returns why `principalArn` cannot own an access key, or undefined when it can. */
export function principalArnProblem(principalArn: string): string | undefined {
  if (parseArn(principalArn) === undefined) {
    return 'must be an ARN such as arn:aws:iam::123456789012:user/name';
  }

  const { kind } = normalisePrincipal(principalArn);
  return KEY_OWNER_KINDS.has(kind)
    ? undefined
    : 'must be the ARN of an IAM user, an IAM role, an account root, an STS assumed-role ' +
        'session or an STS federated-user session';
}

/**
 * Access key ids mapped to the principal ARN that owns each key. SDK monitoring records carry
 * only the access key id, so this map is the only way to learn who made a call.
 */
export class AccessKeyMap {
  private readonly principals = new Map<string, string>();

  /** Number of mapped keys. */
  get size(): number {
    return this.principals.size;
  }

  /**
   * Maps `accessKeyId` to `principalArn`, replacing an earlier mapping. Returns whether the
   * key was new. Raises InvalidAccessKeyMappingError naming `origin` for an invalid pair.
   */
  set(accessKeyId: string, principalArn: string, origin: string): 'created' | 'replaced' {
    const keyProblem = accessKeyIdProblem(accessKeyId);
    if (keyProblem !== undefined) {
      throw new InvalidAccessKeyMappingError(origin, `access key id ${keyProblem}`);
    }

    const arnProblem = principalArnProblem(principalArn);
    if (arnProblem !== undefined) {
      throw new InvalidAccessKeyMappingError(
        origin,
        `principal of access key ${maskAccessKeyId(accessKeyId)} ${arnProblem}`,
      );
    }

    const existed = this.principals.has(accessKeyId);
    this.principals.set(accessKeyId, principalArn);

    return existed ? 'replaced' : 'created';
  }

  /** Returns the principal ARN mapped to `accessKeyId`, or undefined. */
  principalOf(accessKeyId: string): string | undefined {
    return this.principals.get(accessKeyId);
  }

  /**
   * Adds every pair of a configuration text (see parseAccessKeyMappings), raising
   * InvalidAccessKeyMappingError naming `origin` for the first invalid one.
   */
  addAll(text: string, origin: string): void {
    for (const [accessKeyId, principalArn] of parseAccessKeyMappings(text, origin)) {
      this.set(accessKeyId, principalArn, origin);
    }
  }
}

/**
 * Parses access key mappings from configuration text: either a JSON object
 * (`{"AKIA...": "arn:aws:iam::123456789012:user/name"}`) or `KEY=ARN` pairs separated by
 * commas or newlines. Blank entries and lines starting with `#` are ignored. Pairs are not
 * validated here.
 */
export function parseAccessKeyMappings(text: string, origin: string): Array<[string, string]> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    return parseJsonMappings(trimmed, origin);
  }

  const pairs: Array<[string, string]> = [];
  for (const entry of trimmed.split(/[,\n]/)) {
    const item = entry.trim();
    if (item === '' || item.startsWith('#')) {
      continue;
    }

    const separator = item.indexOf('=');
    if (separator <= 0) {
      throw new InvalidAccessKeyMappingError(
        origin,
        `entry ${pairs.length + 1} has no "=" but must be ACCESS_KEY_ID=PRINCIPAL_ARN`,
      );
    }
    pairs.push([item.slice(0, separator).trim(), item.slice(separator + 1).trim()]);
  }

  return pairs;
}

function parseJsonMappings(text: string, origin: string): Array<[string, string]> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidAccessKeyMappingError(
      origin,
      `is not valid JSON: ${(error as Error).message}`,
    );
  }

  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidAccessKeyMappingError(origin, 'must be a JSON object of key id to ARN');
  }

  return Object.entries(value).map(([accessKeyId, principalArn]) => {
    if (typeof principalArn !== 'string') {
      throw new InvalidAccessKeyMappingError(
        origin,
        `principal of access key ${maskAccessKeyId(accessKeyId)} must be a string`,
      );
    }

    return [accessKeyId, principalArn];
  });
}
