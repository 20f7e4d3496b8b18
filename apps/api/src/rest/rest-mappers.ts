import type { Page, PageInfo } from '../common/page.js';
import type { PolicyVersionRecord, PrincipalRecord } from '../principals/records.js';

export interface PrincipalResponse {
  arn: string;
  kind: string;
  policyTypes: string[];
}

export interface PermissionResponse {
  action: string;
  resource: string;
  principal: unknown;
  condition: unknown;
}

export interface PolicyVersionResponse {
  arn: string;
  type: string;
  version: number;
  createdAt: string;
  document: unknown;
  added: PermissionResponse[];
  causedBy: string;
}

export interface ListResponse<T> {
  items: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

export function toPrincipalResponse(record: PrincipalRecord): PrincipalResponse {
  return {
    arn: record.arn,
    kind: record.kind,
    policyTypes: record.policyTypes,
  };
}

export function toPolicyVersionResponse(record: PolicyVersionRecord): PolicyVersionResponse {
  return {
    arn: record.arn,
    type: record.policyType,
    version: record.version,
    createdAt: record.createdAt.toISOString(),
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

export function toListResponse<Record, Response>(
  page: Page<Record>,
  mapItem: (record: Record) => Response,
): ListResponse<Response> {
  return {
    items: page.edges.map((edge) => mapItem(edge.node)),
    pageInfo: page.pageInfo,
    totalCount: page.totalCount,
  };
}
