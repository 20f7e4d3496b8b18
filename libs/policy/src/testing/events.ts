import type { IamEvaluationEvent } from '../../../contract/src/index.js';

export const ACCOUNT = '123456789012';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/app`;
export const BUCKET_ARN = 'arn:aws:s3:::ledger-test-bucket';

/** Builds a contract-valid identity-policy event for the role `app`, with any field overridden. */
export function makeEvent(overrides: Partial<IamEvaluationEvent> = {}): IamEvaluationEvent {
  return {
    id: 'event-1',
    time: '2026-01-01T00:00:00.000Z',
    source: 'canonical',
    principal: { arn: ROLE_ARN, kind: 'role' },
    policyType: 'identity',
    attachTo: ROLE_ARN,
    action: 's3:GetObject',
    resource: `${BUCKET_ARN}/report.csv`,
    decision: 'allow',
    request: { service: 's3', operation: 'GetObject', account: ACCOUNT },
    ...overrides,
  };
}
