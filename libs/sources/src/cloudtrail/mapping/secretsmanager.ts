import { need, op, present, resource, transformed, when, type ServiceMapping } from './types.js';

// Actions and resource types follow the Service Authorization Reference for AWS Secrets Manager
// and its API reference. A secret named without its ARN gets `NAME-??????`, the ARN pattern
// that matches the six random characters Secrets Manager appends to every secret ARN.
// BatchGetSecretValue also needs secretsmanager:GetSecretValue on each secret, but Secrets
// Manager logs a GetSecretValue record per secret, which maps on its own.

const secret = resource('Secret', { SecretId: transformed('secretId', 'secretId') });
const newSecret = resource('Secret', { SecretId: transformed('name', 'secretId') });

export const SECRETS_MANAGER_MAPPING: ServiceMapping = {
  service: 'secretsmanager',
  operations: [
    op('GetSecretValue', need('secretsmanager:GetSecretValue', secret)),
    op(
      'BatchGetSecretValue',
      need('secretsmanager:BatchGetSecretValue'),
      when(present('filters'), need('secretsmanager:ListSecrets')),
    ),
    op('DescribeSecret', need('secretsmanager:DescribeSecret', secret)),
    op('CreateSecret', need('secretsmanager:CreateSecret', newSecret)),
    op('PutSecretValue', need('secretsmanager:PutSecretValue', secret)),
    op('UpdateSecret', need('secretsmanager:UpdateSecret', secret)),
    op('UpdateSecretVersionStage', need('secretsmanager:UpdateSecretVersionStage', secret)),
    op('DeleteSecret', need('secretsmanager:DeleteSecret', secret)),
    op('RestoreSecret', need('secretsmanager:RestoreSecret', secret)),
    op('RotateSecret', need('secretsmanager:RotateSecret', secret)),
    op('CancelRotateSecret', need('secretsmanager:CancelRotateSecret', secret)),
    op('ListSecrets', need('secretsmanager:ListSecrets')),
    op('ListSecretVersionIds', need('secretsmanager:ListSecretVersionIds', secret)),
    op('GetResourcePolicy', need('secretsmanager:GetResourcePolicy', secret)),
    op('PutResourcePolicy', need('secretsmanager:PutResourcePolicy', secret)),
    op('DeleteResourcePolicy', need('secretsmanager:DeleteResourcePolicy', secret)),
    op('ValidateResourcePolicy', need('secretsmanager:ValidateResourcePolicy', secret)),
    op('TagResource', need('secretsmanager:TagResource', secret)),
    op('UntagResource', need('secretsmanager:UntagResource', secret)),
    op('GetRandomPassword', need('secretsmanager:GetRandomPassword')),
  ],
};
