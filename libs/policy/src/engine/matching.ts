import { compileGlob, matchGlob, matchTemplate, type CompiledGlob } from './matching-wildcard.js';
import type { MatchResult, RequestContext } from './policy.js';

export { matchPrincipal } from './matching-principal.js';

export interface ResourceMatchOptions {
  /**
   * Whether `${...}` is a policy variable. Defaults to true. Pass
   * `supportsPolicyVariables(policy)`, because IAM reads variables as literal text in
   * policies without `"Version": "2012-10-17"`.
   */
  policyVariables?: boolean;
}

export interface WildcardTextOptions extends ResourceMatchOptions {
  context?: RequestContext;
  ignoreCase?: boolean;
}

/** Number of colon-separated parts of a full ARN: `arn`, partition, service, region, account, resource. */
const ARN_PART_COUNT = 6;

/**
 * Tests an `Action` or `NotAction` pattern such as `s3:Get*` or `ec2:Describe?pc*` against
 * `service:Action`. IAM compares actions case-insensitively. `*` and `?` work in both the
 * service prefix and the action name but never match the colon between them. A pattern
 * made only of `*` matches every action. Any other pattern without a colon matches nothing,
 * because IAM requires the service prefix.
 */
export function matchAction(pattern: string, action: string): boolean {
  const compiled = compileActionPattern(pattern);
  if (compiled === 'all' || compiled === 'none') {
    return compiled === 'all';
  }

  const lowerAction = action.toLowerCase();
  const colon = lowerAction.indexOf(':');
  if (colon === -1) {
    return false;
  }

  return (
    matchGlob(compiled.service, lowerAction.slice(0, colon)) &&
    matchGlob(compiled.name, lowerAction.slice(colon + 1))
  );
}

/**
 * Tests a `Resource` or `NotResource` pattern against a resource ARN, following "IAM JSON
 * policy elements: Resource" in the IAM User Guide
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
 *
 * - `*` alone matches every resource, including the `*` of actions without resource types.
 * - Partition, service, region and account compare one by one, and a wildcard there never
 *   spans a colon. Policy variables are not substituted there, as IAM allows them only
 *   after the fifth colon.
 * - In the resource part `*` spans `/` and `:`, and `?` matches any one character. So
 *   `arn:aws:s3:::bucket/*` matches keys such as `a/b:c`.
 * - The AWS page states that a `*` ending a segment "can expand to match beyond the colon
 *   boundaries". This function applies that only to a pattern with fewer than six parts
 *   whose last part ends in `*`, such as `arn:aws:s3:*`: its last part matches the rest
 *   of the ARN, colons included.
 * - Every comparison is case-sensitive, as ARNs are.
 * - A pattern that does not start with `arn:` is compared with the whole resource string.
 *
 * Policy variables in the resource part take their values from `context` and match those
 * values literally. A key that the context lacks gives `conditional` when some value could
 * match and `no-match` when none could. See `matchTemplate` for defaults and keys with
 * several values.
 */
export function matchResource(
  pattern: string,
  resource: string,
  context: RequestContext = {},
  options: ResourceMatchOptions = {},
): MatchResult {
  if (pattern === '*') {
    return 'match';
  }

  const templateOptions = {
    context,
    policyVariables: options.policyVariables ?? true,
    ignoreCase: false,
  };

  if (!pattern.startsWith('arn:')) {
    return matchTemplate(pattern, resource, templateOptions);
  }

  const compiled = compileArnPattern(pattern);
  const resourceParts = splitArnParts(resource);
  if (resourceParts.length < ARN_PART_COUNT || resourceParts[0] !== 'arn') {
    return 'no-match';
  }

  const segmentsMatch = compiled.segments.every((segment, index) =>
    matchGlob(segment, resourceParts[index + 1] as string),
  );
  if (!segmentsMatch) {
    return 'no-match';
  }

  if (compiled.kind === 'truncated') {
    const rest = resourceParts.slice(compiled.segments.length + 1).join(':');
    return compiled.rest !== undefined && matchGlob(compiled.rest, rest) ? 'match' : 'no-match';
  }

  return matchTemplate(
    compiled.resource,
    resourceParts[ARN_PART_COUNT - 1] as string,
    templateOptions,
  );
}

/**
 * Tests a string against a pattern in which `*` and `?` are wildcards and, unless
 * `policyVariables` is false, `${...}` are policy variables. This is the comparison of the
 * `StringLike` condition operator. Results follow `matchResource`.
 */
export function matchWildcardText(
  pattern: string,
  value: string,
  options: WildcardTextOptions = {},
): MatchResult {
  return matchTemplate(pattern, value, {
    context: options.context ?? {},
    policyVariables: options.policyVariables ?? true,
    ignoreCase: options.ignoreCase ?? false,
  });
}

/** Splits at the first five colons, so the sixth part keeps every later colon. */
export function splitArnParts(text: string): string[] {
  const parts: string[] = [];
  let start = 0;

  while (parts.length < ARN_PART_COUNT - 1) {
    const colon = text.indexOf(':', start);
    if (colon === -1) {
      break;
    }
    parts.push(text.slice(start, colon));
    start = colon + 1;
  }

  parts.push(text.slice(start));
  return parts;
}

/**
 * An ARN pattern split once. A full pattern keeps its resource part as text, because policy
 * variables there depend on the request context. A truncated pattern such as `arn:aws:s3:*`
 * has `rest` for its last part, or none when that part does not end in `*`.
 */
type CompiledArnPattern =
  | { kind: 'full'; segments: CompiledGlob[]; resource: string }
  | { kind: 'truncated'; segments: CompiledGlob[]; rest: CompiledGlob | undefined };

const MAX_CACHED_ARN_PATTERNS = 50_000;
const arnPatternCache = new Map<string, CompiledArnPattern>();

function compileArnPattern(pattern: string): CompiledArnPattern {
  const cached = arnPatternCache.get(pattern);
  if (cached !== undefined) {
    return cached;
  }

  const parts = splitArnParts(pattern);
  let compiled: CompiledArnPattern;
  if (parts.length === ARN_PART_COUNT) {
    compiled = {
      kind: 'full',
      segments: parts.slice(1, ARN_PART_COUNT - 1).map((segment) => compileGlob(segment)),
      resource: parts[ARN_PART_COUNT - 1] as string,
    };
  } else {
    const last = parts.at(-1) as string;
    compiled = {
      kind: 'truncated',
      segments: parts.slice(1, -1).map((segment) => compileGlob(segment)),
      rest: parts.length > 1 && last.endsWith('*') ? compileGlob(last) : undefined,
    };
  }

  if (arnPatternCache.size >= MAX_CACHED_ARN_PATTERNS) {
    arnPatternCache.clear();
  }
  arnPatternCache.set(pattern, compiled);
  return compiled;
}

type CompiledActionPattern = 'all' | 'none' | { service: CompiledGlob; name: CompiledGlob };

const MAX_CACHED_ACTION_PATTERNS = 10_000;
const actionPatternCache = new Map<string, CompiledActionPattern>();

/**
 * Compiles an action pattern in lower case, once per process, because expansion tests one
 * pattern against every action of the catalog.
 */
function compileActionPattern(pattern: string): CompiledActionPattern {
  const cached = actionPatternCache.get(pattern);
  if (cached !== undefined) {
    return cached;
  }

  const compiled = buildActionPattern(pattern);
  if (actionPatternCache.size >= MAX_CACHED_ACTION_PATTERNS) {
    actionPatternCache.clear();
  }
  actionPatternCache.set(pattern, compiled);
  return compiled;
}

function buildActionPattern(pattern: string): CompiledActionPattern {
  if (/^\*+$/.test(pattern)) {
    return 'all';
  }

  const lowerPattern = pattern.toLowerCase();
  const colon = lowerPattern.indexOf(':');
  if (colon === -1) {
    return 'none';
  }

  return {
    service: compileGlob(lowerPattern.slice(0, colon)),
    name: compileGlob(lowerPattern.slice(colon + 1)),
  };
}
