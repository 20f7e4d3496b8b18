import { NO_PERMISSION_CALLS } from '../../no-permission-calls.js';
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
    // GetCallerIdentity and GetSessionToken come from the list that all sources share.
    ...NO_PERMISSION_CALLS.filter(({ call }) => call.startsWith('sts:')).map(({ call, reason }) =>
      noPermission(call.slice('sts:'.length), reason),
    ),
  ],
};
