import { parseArn } from '../../../policy/src/index.js';

import type { Condition, ParameterPath, ValueTransform } from './mapping/index.js';

/** The parts of a record that resource ARNs are built from. */
export interface ArnContext {
  partition: string;
  region: string;
  account: string;
  /** ARN of the normalised caller, for calls that act on the caller's own user. */
  callerArn?: string;
  parameters: Record<string, unknown>;
}

/**
 * A value for an ARN placeholder: a plain value, a whole ARN, or several placeholders at
 * once (a queue URL gives account and name). `typed` is the id of a resource whose type the
 * id decides, as an EC2 id prefix such as `vol-` names a volume.
 */
export type FieldValue =
  | { kind: 'value'; value: string }
  | { kind: 'arn'; arn: string }
  | { kind: 'fields'; fields: Record<string, string> }
  | { kind: 'typed'; type: string; id: string };

/**
 * Returns every value at `path` in `root`, visiting each array item where a segment ends in
 * `[]`. Missing keys and null values yield nothing.
 */
export function valuesAt(root: unknown, path: ParameterPath): unknown[] {
  let current: unknown[] = [root];

  for (const segment of path.split('.')) {
    const expand = segment.endsWith('[]');
    const key = expand ? segment.slice(0, -2) : segment;
    const next: unknown[] = [];

    for (const value of current) {
      const child = isObject(value) ? value[key] : undefined;
      if (expand && Array.isArray(child)) {
        next.push(...child);
      } else if (!expand && child !== undefined && child !== null) {
        next.push(child);
      }
    }
    current = next;
  }

  return current;
}

/** Returns the string and number values at `path`, as strings, skipping empty strings. */
export function scalarsAt(root: unknown, path: ParameterPath): string[] {
  return valuesAt(root, path).flatMap((value) => {
    if (typeof value === 'number' && Number.isFinite(value)) {
      return [String(value)];
    }

    return typeof value === 'string' && value !== '' ? [value] : [];
  });
}

export function evaluateCondition(condition: Condition, parameters: unknown): boolean {
  if ('present' in condition) {
    return valuesAt(parameters, condition.present).some(isPresent);
  }
  if ('absent' in condition) {
    return !valuesAt(parameters, condition.absent).some(isPresent);
  }
  if ('equals' in condition) {
    return scalarsAt(parameters, condition.equals).includes(condition.value);
  }
  if ('contains' in condition) {
    return scalarsAt(parameters, condition.contains).some((text) => text.includes(condition.text));
  }
  if ('not' in condition) {
    return !evaluateCondition(condition.not, parameters);
  }
  if ('all' in condition) {
    return condition.all.every((item) => evaluateCondition(item, parameters));
  }

  return condition.any.some((item) => evaluateCondition(item, parameters));
}

function isPresent(value: unknown): boolean {
  if (value === false || value === '') {
    return false;
  }
  if (Array.isArray(value)) {
    return value.length > 0;
  }
  if (isObject(value)) {
    return Object.keys(value).length > 0;
  }

  return true;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Transform = (value: string, context: ArnContext) => FieldValue | undefined;

const plain = (value: string): FieldValue => ({ kind: 'value', value });

/** Returns `value` as a whole ARN when it is one, else undefined. */
function asArn(value: string): FieldValue | undefined {
  return value.startsWith('arn:') && parseArn(value) !== undefined
    ? { kind: 'arn', arn: value }
    : undefined;
}

/** EC2 id prefixes and the resource type each names, as the AWS catalog spells them. */
const EC2_ID_PREFIXES: ReadonlyArray<[prefix: string, type: string]> = [
  ['i-', 'instance'],
  ['vol-', 'volume'],
  ['snap-', 'snapshot'],
  ['ami-', 'image'],
  ['sg-', 'security-group'],
  ['subnet-', 'subnet'],
  ['vpc-', 'vpc'],
  ['eni-', 'network-interface'],
  ['igw-', 'internet-gateway'],
  ['rtb-', 'route-table'],
  ['acl-', 'network-acl'],
  ['nat-', 'natgateway'],
  ['eipalloc-', 'elastic-ip'],
  ['lt-', 'launch-template'],
  ['dopt-', 'dhcp-options'],
  ['vpce-', 'vpc-endpoint'],
];

const TRANSFORMS: Record<ValueTransform, Transform> = {
  ec2ResourceId(value) {
    const match = EC2_ID_PREFIXES.find(([prefix]) => value.startsWith(prefix));
    return match === undefined ? undefined : { kind: 'typed', type: match[1], id: value };
  },

  eventBusName(value) {
    const arn = parseArn(value);
    if (arn !== undefined) {
      return arn.resource.startsWith('event-bus/')
        ? plain(arn.resource.slice('event-bus/'.length))
        : undefined;
    }

    return plain(value);
  },

  iamNameWithPath(value, context) {
    const arn = asArn(value);
    if (arn !== undefined) {
      return arn;
    }

    const path = context.parameters.path;
    const prefix = typeof path === 'string' ? path.replace(/^\/+|\/+$/g, '') : '';
    return plain(prefix === '' ? value : `${prefix}/${value}`);
  },

  kmsAliasName(value) {
    return asArn(value) ?? plain(value.replace(/^alias\//, ''));
  },

  // Cryptographic calls are authorised on the key, so an alias names no usable resource.
  kmsKeyId(value) {
    const arn = parseArn(value);
    if (arn !== undefined) {
      return arn.resource.startsWith('key/') ? { kind: 'arn', arn: value } : undefined;
    }

    return value.startsWith('alias/') ? undefined : { kind: 'fields', fields: { KeyId: value } };
  },

  lambdaFunction(value) {
    const decoded = decodeComponent(value);
    const arn = asArn(decoded);
    if (arn !== undefined) {
      return arn;
    }

    const partial = /^(\d{12}):function:(.+)$/.exec(decoded);
    if (partial !== null) {
      return { kind: 'fields', fields: { Account: partial[1]!, FunctionName: partial[2]! } };
    }

    return { kind: 'fields', fields: { FunctionName: decoded } };
  },

  // `x-amz-copy-source` is `bucket/key`, URL-encoded, maybe with `?versionId=...`.
  s3CopySource(value) {
    const [path = ''] = decodeComponent(value).replace(/^\/+/, '').split('?');
    const slash = path.indexOf('/');
    if (path.startsWith('arn:') || slash <= 0 || slash === path.length - 1) {
      return undefined;
    }

    return {
      kind: 'fields',
      fields: { BucketName: path.slice(0, slash), ObjectName: path.slice(slash + 1) },
    };
  },

  // Secret ARNs end in `-` and six random characters that a secret name does not include.
  secretId(value) {
    return asArn(value) ?? plain(`${value}-??????`);
  },

  serviceLinkedRolePath(value) {
    return plain(`aws-service-role/${value}/*`);
  },

  snsSubscriptionTopic(value) {
    const arn = parseArn(value);
    const separator = arn?.resource.lastIndexOf(':') ?? -1;
    if (arn === undefined || separator <= 0) {
      return undefined;
    }

    return { kind: 'arn', arn: value.slice(0, value.length - (arn.resource.length - separator)) };
  },

  sqsQueueUrl(value) {
    const arn = asArn(value);
    if (arn !== undefined) {
      return arn;
    }

    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return undefined;
    }

    const segments = url.pathname.split('/').filter((segment) => segment !== '');
    const [account, name] = segments.slice(-2);
    if (segments.length < 2 || !/^\d{12}$/.test(account!)) {
      return undefined;
    }

    const region = regionOfQueueHost(url.hostname);
    return {
      kind: 'fields',
      fields: {
        Account: account!,
        QueueName: name!,
        ...(region === undefined ? {} : { Region: region }),
      },
    };
  },

  // Documents owned by Amazon (`AWS-RunShellScript`) have ARNs without an account.
  ssmDocument(value) {
    const arn = asArn(value);
    if (arn !== undefined) {
      return arn;
    }

    const amazonOwned = value.startsWith('AWS-') || value.startsWith('Amazon');
    return {
      kind: 'fields',
      fields: { DocumentName: value, ...(amazonOwned ? { Account: '' } : {}) },
    };
  },

  ssmInstanceId(value) {
    if (value.startsWith('i-')) {
      return { kind: 'typed', type: 'instance', id: value };
    }

    return value.startsWith('mi-')
      ? { kind: 'typed', type: 'managed-instance', id: value }
      : undefined;
  },

  withoutLeadingSlash(value) {
    return asArn(value) ?? plain(value.replace(/^\//, ''));
  },
};

/** Applies a named transform, or reads a plain value (a whole ARN when it is one). */
export function fieldValue(
  value: string,
  transform: ValueTransform | undefined,
  context: ArnContext,
): FieldValue | undefined {
  return transform === undefined ? plain(value) : TRANSFORMS[transform](value, context);
}

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Region of `sqs.REGION.amazonaws.com` or the legacy `REGION.queue.amazonaws.com`. */
function regionOfQueueHost(hostname: string): string | undefined {
  const labels = hostname.split('.');
  let candidate: string | undefined;
  if (labels[0] === 'sqs') {
    candidate = labels[1];
  } else if (labels[1] === 'queue') {
    candidate = labels[0];
  }

  return candidate !== undefined && REGION_PATTERN.test(candidate) ? candidate : undefined;
}

function decodeComponent(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
