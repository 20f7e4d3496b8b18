import { describe, expect, it } from 'vitest';

import type { IamEvaluationEvent } from '../../contract/src/index.js';
import { normaliseEvent } from './normalise-event.js';

const SESSION = 'arn:aws:sts::123456789012:assumed-role/app/session-1';

const event: IamEvaluationEvent = {
  id: 'e1',
  time: '2026-12-01T10:00:00Z',
  source: 'canonical',
  principal: { arn: SESSION, kind: 'role' },
  policyType: 'identity',
  attachTo: SESSION,
  action: 'S3:getobject',
  resource: 'arn:aws:s3:::b/k',
  decision: 'allow',
  request: { service: 's3', operation: 'GetObject' },
};

describe('normaliseEvent', () => {
  it('moves a session target to its role', () => {
    const normalised = normaliseEvent(event);

    expect(normalised.attachTo).toBe('arn:aws:iam::123456789012:role/app');
    expect(normalised.principal).toEqual({
      arn: 'arn:aws:iam::123456789012:role/app',
      kind: 'role',
      sessionArn: SESSION,
    });
  });

  it('lower-cases the service prefix', () => {
    expect(normaliseEvent(event).action).toBe('s3:getobject');
  });

  it('uses the catalog spelling when known', () => {
    const catalog = (action: string) => (action === 's3:getobject' ? 's3:GetObject' : undefined);

    expect(normaliseEvent(event, catalog).action).toBe('s3:GetObject');
  });

  it('keeps resource-based targets as they are', () => {
    const resourceEvent: IamEvaluationEvent = {
      ...event,
      policyType: 'resource',
      attachTo: 'arn:aws:iam::123456789012:role/app',
      action: 'sts:AssumeRole',
      principal: { arn: 'lambda.amazonaws.com', kind: 'service' },
      principalInStatement: { Service: 'lambda.amazonaws.com' },
    };

    expect(normaliseEvent(resourceEvent)).toBe(resourceEvent);
  });
});
