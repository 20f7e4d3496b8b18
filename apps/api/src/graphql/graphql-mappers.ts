import type { Page } from '../common/page.js';
import type { PolicyVersionRecord, PrincipalRecord } from '../principals/records.js';
import { PolicyTypeEnum } from './models/policy-type.enum.js';
import type {
  PolicyVersionConnectionModel,
  PolicyVersionModel,
} from './models/policy-version.model.js';
import type { PrincipalConnectionModel, PrincipalModel } from './models/principal.model.js';

const POLICY_TYPE_VALUES: ReadonlyMap<string, PolicyTypeEnum> = new Map(
  Object.values(PolicyTypeEnum).map((value) => [value, value]),
);

export function toPrincipalModel(record: PrincipalRecord): PrincipalModel {
  return {
    arn: record.arn,
    kind: record.kind,
    policyTypes: record.policyTypes.flatMap((type) => POLICY_TYPE_VALUES.get(type) ?? []),
  };
}

export function toPolicyVersionModel(record: PolicyVersionRecord): PolicyVersionModel {
  return {
    version: record.version,
    createdAt: record.createdAt,
    document: record.document,
    added: record.added.map((permission) => ({
      action: permission.action,
      resource: permission.resource,
      principal: permission.principal,
      condition: permission.condition,
    })),
    causedBy: record.causedBy,
  };
}

export function toPrincipalConnection(page: Page<PrincipalRecord>): PrincipalConnectionModel {
  return {
    edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toPrincipalModel(edge.node) })),
    pageInfo: page.pageInfo,
    totalCount: page.totalCount,
  };
}

/** Maps a page of versions. A missing policy (null) becomes an empty connection. */
export function toPolicyVersionConnection(
  page: Page<PolicyVersionRecord> | null,
): PolicyVersionConnectionModel {
  if (page === null) {
    return {
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      totalCount: 0,
    };
  }

  return {
    edges: page.edges.map((edge) => ({
      cursor: edge.cursor,
      node: toPolicyVersionModel(edge.node),
    })),
    pageInfo: page.pageInfo,
    totalCount: page.totalCount,
  };
}
