/**
 * The parsed form of an IAM policy document, with every string-or-array element turned into
 * an array. `parsePolicy` (grammar.ts) produces it; matching, evaluation, expansion and diff
 * consume it.
 */

export type Effect = 'Allow' | 'Deny';

export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

/** A `Principal` or `NotPrincipal` element: `"*"` or lists of principals per type. */
export type PrincipalElement = '*' | { [type in PrincipalType]?: string[] };

export type SetOperator = 'ForAllValues' | 'ForAnyValue';

/** One condition key test: `"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["a*"]}`. */
export interface ConditionClause {
  /** The operator as written, such as `ForAnyValue:StringLikeIfExists`. */
  operator: string;
  /** The operator without set prefix and `IfExists` suffix, such as `StringLike`. */
  baseOperator: string;
  setOperator?: SetOperator;
  ifExists: boolean;
  key: string;
  values: string[];
}

export interface Statement {
  /** Position in the document's `Statement` list (0 when `Statement` is a single object). */
  index: number;
  sid?: string;
  effect: Effect;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  principal?: PrincipalElement;
  notPrincipal?: PrincipalElement;
  conditions: ConditionClause[];
}

export interface Policy {
  version?: '2012-10-17' | '2008-10-17';
  id?: string;
  statements: Statement[];
}

/** Values of request context keys, such as `aws:username` or `aws:PrincipalTag/team`. */
export type RequestContext = Record<string, string | string[] | undefined>;

/** An API request to evaluate. */
export interface EvaluationRequest {
  /** ARN of the calling principal, or a service principal such as `s3.amazonaws.com`. */
  principal: string;
  /** `service:Action`, any case. */
  action: string;
  /** ARN of the resource, or `*`. */
  resource: string;
  context?: RequestContext;
}

/** Result of testing one pattern or condition: `conditional` when the context lacks a key it needs. */
export type MatchResult = 'match' | 'no-match' | 'conditional';
