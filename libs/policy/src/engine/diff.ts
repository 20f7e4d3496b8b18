import { canonicalJson, compareText, sortedUnique } from '../canonical.js';
import type { PolicyDocument } from '../document.js';

import type { ActionCatalog } from './catalog.js';
import {
  expandPolicy,
  statementScope,
  type ExpandedGrant,
  type PolicyExpansion,
} from './expansion.js';
import { parsePolicy } from './grammar.js';
import type { Policy, Statement } from './policy.js';

/** A parsed policy, or a policy document as an object or JSON text (read by `parsePolicy`). */
export type PolicyInput = Policy | PolicyDocument | string | object;

/** A statement found in both policies, with what its own grants gained and lost. */
export interface StatementChange {
  before: Statement;
  after: Statement;
  added: ExpandedGrant[];
  removed: ExpandedGrant[];
}

export interface PolicyDiff {
  catalogVersion: string;
  /** True when both policies allow the same grants, whatever their layout. */
  equivalent: boolean;
  /** Grants that `after` allows and `before` does not, sorted by `grantKey`. */
  added: ExpandedGrant[];
  /** Grants that `before` allows and `after` does not, sorted by `grantKey`. */
  removed: ExpandedGrant[];
  /**
   * Layout changes. A statement is `changed` when a statement with the same `Sid` differs
   * in content. Statements with identical content, in any position, count as unchanged.
   * Every other statement is `added` or `removed`.
   */
  statements: { added: Statement[]; removed: Statement[]; changed: StatementChange[] };
}

/**
 * Compares what two policies allow, on their expansions over the catalog (see
 * `expandPolicy`): `added` and `removed` are the set differences of the allowed grants after
 * Deny statements. Two documents that allow the same grants in a different layout, such as
 * split or merged statements, another value order or `s3:Get*` in place of the actions it
 * names, have no added or removed grants.
 *
 * Grants compare by resource pattern, not by the resources a pattern matches, so narrowing
 * `bucket/*` to `bucket/report.csv` lists the first as removed and the second as added.
 *
 * Throws PolicyGrammarError when a document input is not a valid policy.
 */
export function diffPolicies(
  before: PolicyInput,
  after: PolicyInput,
  catalog: ActionCatalog,
): PolicyDiff {
  const beforePolicy = toPolicy(before);
  const afterPolicy = toPolicy(after);

  const beforeExpansion = expandPolicy(beforePolicy, catalog);
  const afterExpansion = expandPolicy(afterPolicy, catalog);
  const added = grantsOnlyIn(afterExpansion.grants, beforeExpansion.allowed);
  const removed = grantsOnlyIn(beforeExpansion.grants, afterExpansion.allowed);

  return {
    catalogVersion: catalog.version,
    equivalent: added.length === 0 && removed.length === 0,
    added,
    removed,
    statements: diffStatements(beforePolicy.statements, afterPolicy.statements, catalog),
  };
}

function toPolicy(input: PolicyInput): Policy {
  return isParsedPolicy(input) ? input : parsePolicy(input);
}

function isParsedPolicy(input: PolicyInput): input is Policy {
  return typeof input === 'object' && Array.isArray((input as Partial<Policy>).statements);
}

function grantsOnlyIn(
  grants: ReadonlyMap<string, ExpandedGrant>,
  other: ReadonlySet<string>,
): ExpandedGrant[] {
  return [...grants.keys()]
    .filter((key) => !other.has(key))
    .toSorted(compareText)
    .map((key) => grants.get(key)!);
}

function diffStatements(
  before: readonly Statement[],
  after: readonly Statement[],
  catalog: ActionCatalog,
): PolicyDiff['statements'] {
  const unmatchedBefore = new Set(before);
  const unmatchedAfter = new Set(after);
  const changed: StatementChange[] = [];

  // Pair statements by Sid first, because a Sid names a statement across versions.
  for (const beforeStatement of before) {
    const afterStatement = [...unmatchedAfter].find(
      (candidate) => beforeStatement.sid !== undefined && candidate.sid === beforeStatement.sid,
    );
    if (afterStatement === undefined) {
      continue;
    }

    unmatchedBefore.delete(beforeStatement);
    unmatchedAfter.delete(afterStatement);
    if (statementContent(beforeStatement) !== statementContent(afterStatement)) {
      changed.push(statementChange(beforeStatement, afterStatement, catalog));
    }
  }

  for (const beforeStatement of unmatchedBefore) {
    const content = statementContent(beforeStatement);
    const twin = [...unmatchedAfter].find((candidate) => statementContent(candidate) === content);
    if (twin !== undefined) {
      unmatchedBefore.delete(beforeStatement);
      unmatchedAfter.delete(twin);
    }
  }

  return { added: [...unmatchedAfter], removed: [...unmatchedBefore], changed };
}

function statementChange(
  before: Statement,
  after: Statement,
  catalog: ActionCatalog,
): StatementChange {
  const beforeGrants = statementGrants(before, catalog);
  const afterGrants = statementGrants(after, catalog);

  return {
    before,
    after,
    added: grantsOnlyIn(afterGrants, new Set(beforeGrants.keys())),
    removed: grantsOnlyIn(beforeGrants, new Set(afterGrants.keys())),
  };
}

/** Expands one statement alone: the grants it allows, or for a Deny, the grants it denies. */
function statementGrants(statement: Statement, catalog: ActionCatalog): Map<string, ExpandedGrant> {
  const expansion: PolicyExpansion = expandPolicy({ statements: [statement] }, catalog);

  return statement.effect === 'Allow' ? expansion.grants : expansion.denyGrants;
}

/**
 * Returns the meaning of a statement as text: its elements without position and `Sid`,
 * with value lists sorted and actions in lower case, because IAM ignores value order and
 * the case of actions.
 */
function statementContent(statement: Statement): string {
  const { effect, action, notAction, resource, notResource } = statement;

  return canonicalJson({
    effect,
    action: sortedLowerCase(action),
    notAction: sortedLowerCase(notAction),
    resource: sortedOrAbsent(resource),
    notResource: sortedOrAbsent(notResource),
    ...statementScope(statement),
  });
}

function sortedLowerCase(values: string[] | undefined): string[] | undefined {
  return values === undefined
    ? undefined
    : sortedUnique(values.map((value) => value.toLowerCase()));
}

function sortedOrAbsent(values: string[] | undefined): string[] | undefined {
  return values === undefined ? undefined : sortedUnique(values);
}
