import { need, op, resource, type ServiceMapping } from './types.js';

// Actions and resource types follow the Service Authorization Reference for Amazon SES (v1 and
// v2 share the `ses` prefix). CloudTrail names the v1 API `email.amazonaws.com`.
// NOTE: sending is authorised on the verified identity (an address or its domain), which a
// record does not name, so send calls take their ARN from `resources[]` or get `*`.

const emailIdentity = resource('identity', { IdentityName: 'emailIdentity' });

export const SES_MAPPING: ServiceMapping = {
  service: 'ses',
  operations: [
    op('SendEmail', need('ses:SendEmail')),
    op('SendRawEmail', need('ses:SendRawEmail')),
    op('SendTemplatedEmail', need('ses:SendTemplatedEmail')),
    op('SendBulkTemplatedEmail', need('ses:SendBulkTemplatedEmail')),
    op('SendBulkEmail', need('ses:SendBulkEmail')),
    op('GetSendQuota', need('ses:GetSendQuota')),
    op('GetSendStatistics', need('ses:GetSendStatistics')),
    op('GetAccount', need('ses:GetAccount')),
    op('ListIdentities', need('ses:ListIdentities')),
    op('ListEmailIdentities', need('ses:ListEmailIdentities')),
    op('VerifyEmailIdentity', need('ses:VerifyEmailIdentity')),
    op('VerifyDomainIdentity', need('ses:VerifyDomainIdentity')),
    op('GetIdentityVerificationAttributes', need('ses:GetIdentityVerificationAttributes')),
    op('DeleteIdentity', need('ses:DeleteIdentity')),
    op('CreateEmailIdentity', need('ses:CreateEmailIdentity', emailIdentity)),
    op('GetEmailIdentity', need('ses:GetEmailIdentity', emailIdentity)),
    op('DeleteEmailIdentity', need('ses:DeleteEmailIdentity', emailIdentity)),
  ],
};
