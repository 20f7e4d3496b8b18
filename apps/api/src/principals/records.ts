import type { PolicyType } from '../../../../libs/contract/src/index.js';

export type { PolicyType };

/** An attachment target (role, user or resource ARN) that has at least one policy. */
export interface PrincipalRecord {
  arn: string;
  /** Kind stored on the identity policy, or on the resource policy when there is none. */
  kind: string;
  /** Policy types present for this ARN, identity first. */
  policyTypes: PolicyType[];
}

/** One permission as recorded in `policy_version.added`. */
export interface PermissionRecord {
  action: string;
  resource: string;
  principal: unknown;
  condition: unknown;
}

export interface PolicyVersionRecord {
  arn: string;
  policyType: PolicyType;
  version: number;
  createdAt: Date;
  document: unknown;
  added: PermissionRecord[];
  /** Id of the evaluation event that produced this version. */
  causedBy: string;
}
