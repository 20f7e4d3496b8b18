import { need, op, resource, transformed, type ServiceMapping } from './types.js';

// Actions and resource types follow the Service Authorization Reference for AWS KMS and the KMS
// developer guide. Cryptographic operations are authorised on the key even when the request
// names an alias, so an alias in `keyId` builds nothing and the key ARN comes from
// `resources[]`, which KMS records fill with the key. Decrypt usually carries no key id at all.

const key = resource('key', { ARN: transformed('keyId', 'kmsKeyId') });
const sourceKey = resource('key', { ARN: transformed('sourceKeyId', 'kmsKeyId') });
const destinationKey = resource('key', { ARN: transformed('destinationKeyId', 'kmsKeyId') });
const targetKey = resource('key', { ARN: transformed('targetKeyId', 'kmsKeyId') });
const alias = resource('alias', { Alias: transformed('aliasName', 'kmsAliasName') });
const taggedKey = resource('key', { ARN: transformed('keyId', 'kmsKeyId') });

export const KMS_MAPPING: ServiceMapping = {
  service: 'kms',
  operations: [
    op('Decrypt', need('kms:Decrypt', key)),
    op('Encrypt', need('kms:Encrypt', key)),
    op('GenerateDataKey', need('kms:GenerateDataKey', key)),
    op('GenerateDataKeyWithoutPlaintext', need('kms:GenerateDataKeyWithoutPlaintext', key)),
    op('GenerateDataKeyPair', need('kms:GenerateDataKeyPair', key)),
    op('GenerateDataKeyPairWithoutPlaintext', need('kms:GenerateDataKeyPairWithoutPlaintext', key)),
    op('GenerateMac', need('kms:GenerateMac', key)),
    op('VerifyMac', need('kms:VerifyMac', key)),
    op('Sign', need('kms:Sign', key)),
    op('Verify', need('kms:Verify', key)),
    op('GetPublicKey', need('kms:GetPublicKey', key)),
    op('GenerateRandom', need('kms:GenerateRandom')),
    // ReEncrypt decrypts under one key and encrypts under another, each its own permission.
    op('ReEncrypt', need('kms:ReEncryptFrom', sourceKey), need('kms:ReEncryptTo', destinationKey)),
    op('DescribeKey', need('kms:DescribeKey', key)),
    op('CreateKey', need('kms:CreateKey')),
    op('ListKeys', need('kms:ListKeys')),
    op('ListAliases', need('kms:ListAliases')),
    op('EnableKey', need('kms:EnableKey', key)),
    op('DisableKey', need('kms:DisableKey', key)),
    op('ScheduleKeyDeletion', need('kms:ScheduleKeyDeletion', key)),
    op('CancelKeyDeletion', need('kms:CancelKeyDeletion', key)),
    op('GetKeyPolicy', need('kms:GetKeyPolicy', key)),
    op('PutKeyPolicy', need('kms:PutKeyPolicy', key)),
    op('GetKeyRotationStatus', need('kms:GetKeyRotationStatus', key)),
    op('EnableKeyRotation', need('kms:EnableKeyRotation', key)),
    op('DisableKeyRotation', need('kms:DisableKeyRotation', key)),
    op('CreateGrant', need('kms:CreateGrant', key)),
    op('ListGrants', need('kms:ListGrants', key)),
    op('RevokeGrant', need('kms:RevokeGrant', key)),
    op('RetireGrant', need('kms:RetireGrant', key)),
    // Alias operations are authorised on the alias and on each key the alias points to.
    op('CreateAlias', need('kms:CreateAlias', alias, targetKey)),
    op('UpdateAlias', need('kms:UpdateAlias', alias, targetKey)),
    op('DeleteAlias', need('kms:DeleteAlias', alias)),
    op('TagResource', need('kms:TagResource', taggedKey)),
    op('UntagResource', need('kms:UntagResource', taggedKey)),
    op('ListResourceTags', need('kms:ListResourceTags', taggedKey)),
    op('ListKeyPolicies', need('kms:ListKeyPolicies', key)),
  ],
};
