import type {
  IamEvaluationEvent,
  StatementCondition,
  StatementPrincipal,
} from '../../contract/src/index.js';

import { canonicalJson, sha256Hex } from './canonical.js';
import { normaliseStatementCondition, type NormalisedStatementCondition } from './condition.js';
import {
  normaliseStatementPrincipal,
  statementPrincipalFor,
  type NormalisedStatementPrincipal,
} from './principal.js';

/**
 * One grant a policy must contain: an action on a resource and, in a resource-based
 * policy, the principal it is granted to. An optional condition narrows the grant.
 */
export interface Permission {
  action: string;
  resource: string;
  principal?: StatementPrincipal;
  condition?: StatementCondition;
}

/** A permission whose principal and condition are in their normalised spelling. */
export interface NormalisedPermission extends Permission {
  principal?: NormalisedStatementPrincipal;
  condition?: NormalisedStatementCondition;
}

/**
 * Rewrites the principal and condition of a permission into their normalised spelling and
 * omits them when absent. The action keeps its case and the resource is unchanged.
 */
export function normalisePermission(permission: Permission): NormalisedPermission {
  const { action, resource } = permission;
  const principal =
    permission.principal === undefined
      ? undefined
      : normaliseStatementPrincipal(permission.principal);
  const condition = normaliseStatementCondition(permission.condition);

  return {
    action,
    resource,
    ...(principal === undefined ? {} : { principal }),
    ...(condition === undefined ? {} : { condition }),
  };
}

/**
 * Returns the identity of a permission as a SHA-256 hex digest of its normalised form.
 * Permissions that differ only in the case of the action, in key order, or in the order,
 * repetition or string-versus-array spelling of principal and condition values get the
 * same key. Resources and condition key names are compared case-sensitively.
 */
export function permissionKey(permission: Permission): string {
  const { resource, principal, condition } = normalisePermission(permission);

  const identity = {
    action: permission.action.toLowerCase(),
    resource,
    principal: principal ?? null,
    condition: condition ?? null,
  };

  return sha256Hex(canonicalJson(identity));
}

/**
 * Derives the normalised permission that an evaluation event shows was needed. In a
 * resource-based policy without `principalInStatement`, the grant goes to the event's
 * principal (see `statementPrincipalFor`). An identity policy never gets a principal.
 */
export function permissionFromEvent(event: IamEvaluationEvent): NormalisedPermission {
  const { policyType, action, resource, condition } = event;

  let principal: StatementPrincipal | undefined;
  if (policyType === 'resource') {
    principal = event.principalInStatement ?? statementPrincipalFor(event.principal);
  }

  return normalisePermission({
    action,
    resource,
    ...(principal === undefined ? {} : { principal }),
    ...(condition === undefined ? {} : { condition }),
  });
}
