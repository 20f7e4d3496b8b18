/**
 * The shape of the CloudTrail mapping table: which IAM actions an API call needs and how to
 * build the ARNs of the resources it touches from the record's `requestParameters`.
 *
 * A parameter path is a dotted path into `requestParameters`, where `name[]` visits every
 * item of the array `name`, so `instancesSet.items[].instanceId` yields every instance id.
 */
export type ParameterPath = string;

/** A test on the request parameters that decides whether a permission is needed. */
export type Condition =
  | { present: ParameterPath }
  | { absent: ParameterPath }
  | { equals: ParameterPath; value: string }
  | { contains: ParameterPath; text: string }
  | { not: Condition }
  | { all: Condition[] }
  | { any: Condition[] };

/** Names of the functions in `parameters.ts` that turn a parameter value into ARN parts. */
export const VALUE_TRANSFORMS = [
  'ec2ResourceId',
  'eventBusName',
  'iamNameWithPath',
  'kmsAliasName',
  'kmsKeyId',
  'lambdaFunction',
  's3CopySource',
  'secretId',
  'serviceLinkedRolePath',
  'snsSubscriptionTopic',
  'sqsQueueUrl',
  'ssmDocument',
  'ssmInstanceId',
  'withoutLeadingSlash',
] as const;

export type ValueTransform = (typeof VALUE_TRANSFORMS)[number];

/**
 * The source of the value of one ARN placeholder: a parameter path, a path with a
 * transform, a constant (`*` for resources a call creates), or the caller's own ARN.
 */
export type FieldSource =
  | ParameterPath
  | { path: ParameterPath; transform: ValueTransform }
  | { constant: string }
  | { callerArn: true };

/**
 * A resource ARN built from the AWS catalog's ARN format of `type`, a resource type of the
 * action's service. `fields` fills the format's placeholders by name (`BucketName`), and
 * the key `ARN` takes a parameter that already contains the whole ARN. `${Partition}`,
 * `${Region}` and `${Account}` default to the record's partition, region and account.
 */
export interface ResourceTemplate {
  type: string;
  fields: Record<string, FieldSource>;
}

/**
 * One IAM action a call needs, on the resources the templates build, if `when` holds. When
 * no template builds an ARN, the record's `resources[]` entries of a matching type are used,
 * unless `ignoreRecordResources` is set because they describe a different resource (the
 * destination of a copy rather than its source).
 */
export interface PermissionNeed {
  action: string;
  resources: ResourceTemplate[];
  when?: Condition;
  ignoreRecordResources?: boolean;
}

/**
 * The permissions one API operation needs. An empty `needs` with `noPermissionReason` marks
 * a call that IAM does not authorise, such as `sts:GetCallerIdentity`.
 */
export interface OperationMapping {
  operation: string;
  needs: PermissionNeed[];
  noPermissionReason?: string;
}

/** The operations of one service, keyed by its IAM service prefix such as `s3`. */
export interface ServiceMapping {
  service: string;
  operations: OperationMapping[];
}

export function resource(type: string, fields: Record<string, FieldSource>): ResourceTemplate {
  return { type, fields };
}

export function need(action: string, ...resources: ResourceTemplate[]): PermissionNeed {
  return { action, resources };
}

export function when(condition: Condition, permission: PermissionNeed): PermissionNeed {
  return { ...permission, when: condition };
}

export function op(
  operation: string,
  ...needs: Array<PermissionNeed | PermissionNeed[]>
): OperationMapping {
  return { operation, needs: needs.flat() };
}

export function noPermission(operation: string, reason: string): OperationMapping {
  return { operation, needs: [], noPermissionReason: reason };
}

export function present(path: ParameterPath): Condition {
  return { present: path };
}

export function absent(path: ParameterPath): Condition {
  return { absent: path };
}

export function transformed(path: ParameterPath, transform: ValueTransform): FieldSource {
  return { path, transform };
}

/** `*` for the id of a resource the call creates, which IAM authorises as `type/*`. */
export const CREATED: FieldSource = { constant: '*' };

export const CALLER: FieldSource = { callerArn: true };
