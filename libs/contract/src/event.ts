import { z } from 'zod';

/**
 * ARN of any partition. The region and account parts may be empty (S3 buckets, IAM is
 * global), and the resource part may contain `:` and `/`.
 */
export const ARN_PATTERN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|aws)?:.+$/;

/**
 * IAM action in `service:Action` form, any case (IAM compares actions case-insensitively).
 * Wildcards are not allowed in an observed event.
 */
export const ACTION_PATTERN = /^[A-Za-z0-9-]+:[A-Za-z0-9]+$/;

/** Longest ARN IAM accepts in a policy (the IAM quotas page gives 2,048 characters). */
export const MAX_ARN_LENGTH = 2048;

/** Largest serialised event, in UTF-16 code units of its JSON text. */
export const MAX_EVENT_JSON_LENGTH = 64 * 1024;

/** Unpaired UTF-16 surrogates cannot be stored as UTF-8, so PostgreSQL would reject them. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when PostgreSQL can store the text: no NUL character and no unpaired surrogate. */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/** Service principal such as `lambda.amazonaws.com`. */
export const SERVICE_PRINCIPAL_PATTERN = /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/;

export const EVENT_SOURCES = [
  'canonical',
  'localstack-policy-stream',
  'localstack-logs',
  'cloudtrail',
  'sdk-csm',
] as const;

export const PRINCIPAL_KINDS = [
  'role',
  'user',
  'root',
  'federated-user',
  'service',
  'anonymous',
  'other',
] as const;

export const POLICY_TYPES = ['identity', 'resource'] as const;

export const DECISIONS = ['allow', 'implicit-deny', 'explicit-deny', 'unknown'] as const;

const STORABLE_MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

/** Builds the schema of a non-empty string of at most `max` characters that PostgreSQL can store. */
function text(max: number) {
  return z.string().min(1).max(max).refine(isStorableText, STORABLE_MESSAGE);
}

const arn = text(MAX_ARN_LENGTH).regex(
  ARN_PATTERN,
  'must be an ARN such as arn:aws:iam::123456789012:role/name',
);

const RESOURCE_MESSAGE = 'must be an ARN or "*"';
const resource = z.union(
  [z.literal('*'), text(MAX_ARN_LENGTH).regex(ARN_PATTERN, RESOURCE_MESSAGE)],
  {
    error: RESOURCE_MESSAGE,
  },
);

const PRINCIPAL_MESSAGE = 'must be an ARN, a service principal such as s3.amazonaws.com, or "*"';
const principalId = z.union(
  [
    z.literal('*'),
    text(MAX_ARN_LENGTH).regex(ARN_PATTERN, PRINCIPAL_MESSAGE),
    text(256).regex(SERVICE_PRINCIPAL_PATTERN, PRINCIPAL_MESSAGE),
  ],
  { error: PRINCIPAL_MESSAGE },
);

const stringOrList = z.union([text(MAX_ARN_LENGTH), z.array(text(MAX_ARN_LENGTH)).min(1).max(100)]);

/**
 * Identity policies attach to IAM principals: the account root, users, groups and roles. An STS
 * assumed-role session ARN is accepted too, and ingest folds it into its role.
 */
export const IDENTITY_TARGET_PATTERN =
  /^arn:aws[a-z-]*:(iam::\d{12}:(root|user\/.+|group\/.+|role\/.+)|sts::\d{12}:(assumed-role\/[^/]+\/[^/]+|federated-user\/.+))$/;

/** Earliest and latest event times accepted: 1970-01-01 up to the end of year 9999. */
const MIN_EVENT_TIME = Date.UTC(1970, 0, 1);
const MAX_EVENT_TIME = Date.UTC(10000, 0, 1) - 1;

/** The `Principal` element of a resource-based statement. */
export const statementPrincipalSchema = z.union([
  z.literal('*'),
  z
    .object({
      AWS: stringOrList.optional(),
      Service: stringOrList.optional(),
      Federated: stringOrList.optional(),
      CanonicalUser: stringOrList.optional(),
    })
    .strict()
    .refine((value) => Object.keys(value).length > 0, {
      message: 'must name at least one of AWS, Service, Federated or CanonicalUser',
    }),
]);

/** The `Condition` element: operator -> condition key -> value or values. */
export const statementConditionSchema = z.record(text(256), z.record(text(256), stringOrList));

export const principalSchema = z
  .object({
    arn: principalId,
    kind: z.enum(PRINCIPAL_KINDS),
    sessionArn: arn.optional(),
  })
  .strict();

export const requestSchema = z
  .object({
    service: text(128),
    operation: text(256),
    id: text(256).optional(),
    region: text(64).optional(),
    account: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
      .optional(),
  })
  .strict();

/** One IAM evaluation: a principal needed (and maybe got) one action on one resource. */
export const evaluationEventSchema = z
  .object({
    id: text(256),
    time: z.iso.datetime({ offset: true }).refine(
      (value) => {
        const time = Date.parse(value);
        return time >= MIN_EVENT_TIME && time <= MAX_EVENT_TIME;
      },
      { message: 'must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z' },
    ),
    source: z.enum(EVENT_SOURCES),
    principal: principalSchema,
    policyType: z.enum(POLICY_TYPES),
    attachTo: arn,
    action: text(256).regex(
      ACTION_PATTERN,
      'must be an IAM action such as s3:GetObject, without wildcards',
    ),
    resource,
    principalInStatement: statementPrincipalSchema.optional(),
    condition: statementConditionSchema.optional(),
    decision: z.enum(DECISIONS),
    request: requestSchema,
  })
  .strict()
  .superRefine((event, context) => {
    if (event.policyType === 'identity' && !IDENTITY_TARGET_PATTERN.test(event.attachTo)) {
      context.addIssue({
        code: 'custom',
        path: ['attachTo'],
        message:
          'must be the ARN of an IAM root, user, group or role (or an STS session) when policyType is "identity"',
      });
    }
    if (event.policyType === 'identity' && event.principalInStatement !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['principalInStatement'],
        message: 'is only allowed when policyType is "resource"',
      });
    }
  });

export type IamEvaluationEvent = z.infer<typeof evaluationEventSchema>;
export type StatementPrincipal = z.infer<typeof statementPrincipalSchema>;
export type StatementCondition = z.infer<typeof statementConditionSchema>;
export type PolicyType = (typeof POLICY_TYPES)[number];
export type Decision = (typeof DECISIONS)[number];
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number];
export type EventSource = (typeof EVENT_SOURCES)[number];
