import { z } from 'zod';

/**
 * ARN of any partition. The region and account parts may be empty (S3 buckets, IAM is
 * global), and the resource part may contain `:` and `/`.
 */
export const ARN_PATTERN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|aws)?:.+$/;

/** IAM action in `service:Action` form. Wildcards are not allowed in an observed event. */
export const ACTION_PATTERN = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

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

const arn = z
  .string()
  .regex(ARN_PATTERN, 'must be an ARN such as arn:aws:iam::123456789012:role/name');

const RESOURCE_MESSAGE = 'must be an ARN or "*"';
const resource = z.union([z.literal('*'), z.string().regex(ARN_PATTERN, RESOURCE_MESSAGE)], {
  error: RESOURCE_MESSAGE,
});

const PRINCIPAL_MESSAGE = 'must be an ARN, a service principal such as s3.amazonaws.com, or "*"';
const principalId = z.union(
  [
    z.literal('*'),
    z.string().regex(ARN_PATTERN, PRINCIPAL_MESSAGE),
    z.string().regex(SERVICE_PRINCIPAL_PATTERN, PRINCIPAL_MESSAGE),
  ],
  { error: PRINCIPAL_MESSAGE },
);

const stringOrList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

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
export const statementConditionSchema = z.record(
  z.string().min(1),
  z.record(z.string().min(1), stringOrList),
);

export const principalSchema = z
  .object({
    arn: principalId,
    kind: z.enum(PRINCIPAL_KINDS),
    sessionArn: arn.optional(),
  })
  .strict();

export const requestSchema = z
  .object({
    service: z.string().min(1).max(128),
    operation: z.string().min(1).max(256),
    id: z.string().min(1).max(256).optional(),
    region: z.string().min(1).max(64).optional(),
    account: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
      .optional(),
  })
  .strict();

/** One IAM evaluation: a principal needed (and maybe got) one action on one resource. */
export const evaluationEventSchema = z
  .object({
    id: z.string().min(1).max(256),
    time: z.iso.datetime({ offset: true }),
    source: z.enum(EVENT_SOURCES),
    principal: principalSchema,
    policyType: z.enum(POLICY_TYPES),
    attachTo: arn,
    action: z
      .string()
      .regex(ACTION_PATTERN, 'must be an IAM action such as s3:GetObject, without wildcards'),
    resource,
    principalInStatement: statementPrincipalSchema.optional(),
    condition: statementConditionSchema.optional(),
    decision: z.enum(DECISIONS),
    request: requestSchema,
  })
  .strict()
  .superRefine((event, context) => {
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
