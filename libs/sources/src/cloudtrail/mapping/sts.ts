import { need, noPermission, op, present, resource, when, type ServiceMapping } from './types.js';

// Actions and resource types follow the Service Authorization Reference for AWS STS and the IAM
// user guide. Passing session tags needs sts:TagSession and setting a source identity needs
// sts:SetSourceIdentity, both on the role being assumed.

const role = resource('role', { ARN: 'roleArn' });
const federatedUser = resource('federated-user', { FederatedUserName: 'name' });

export const STS_MAPPING: ServiceMapping = {
  service: 'sts',
  operations: [
    op(
      'AssumeRole',
      need('sts:AssumeRole', role),
      when(present('tags'), need('sts:TagSession', role)),
      when(present('sourceIdentity'), need('sts:SetSourceIdentity', role)),
    ),
    op('AssumeRoleWithWebIdentity', need('sts:AssumeRoleWithWebIdentity', role)),
    op('AssumeRoleWithSAML', need('sts:AssumeRoleWithSAML', role)),
    op(
      'GetFederationToken',
      need('sts:GetFederationToken', federatedUser),
      when(present('tags'), need('sts:TagSession')),
    ),
    op('DecodeAuthorizationMessage', need('sts:DecodeAuthorizationMessage')),
    op('GetAccessKeyInfo', need('sts:GetAccessKeyInfo')),
    noPermission(
      'GetCallerIdentity',
      'sts:GetCallerIdentity needs no permission and succeeds even under an explicit deny',
    ),
    noPermission(
      'GetSessionToken',
      'sts:GetSessionToken authenticates the caller, and IAM policies cannot control it',
    ),
  ],
};
