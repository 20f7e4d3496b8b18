import {
  absent,
  need,
  op,
  present,
  resource,
  transformed,
  when,
  type PermissionNeed,
  type ResourceTemplate,
  type ServiceMapping,
} from './types.js';

// Written from the Amazon S3 API reference ("Permissions" of each operation) and the
// Service Authorization Reference for Amazon S3. CloudTrail logs bucket operations under
// their API names, some of them older names (GetBucketLifecycle), so both spellings appear.

const bucket = resource('bucket', { BucketName: 'bucketName' });
const object = resource('object', { BucketName: 'bucketName', ObjectName: 'key' });
const copySource = resource('object', {
  ARN: transformed('x-amz-copy-source', 's3CopySource'),
});

const versioned = present('versionId');
const unversioned = absent('versionId');

/** Needs the plain action without `versionId` and the `...Version...` action with it. */
function byVersion(plain: string, versionAction: string, ...resources: ResourceTemplate[]) {
  return [
    when(unversioned, need(plain, ...resources)),
    when(versioned, need(versionAction, ...resources)),
  ];
}

/** Reading the source object of a copy: `s3:GetObjectVersion` when it names a version. */
const copiesVersion = { contains: 'x-amz-copy-source', text: 'versionId=' };
const readCopySource: PermissionNeed[] = [
  when(copiesVersion, need('s3:GetObjectVersion', copySource)),
  when(
    { all: [present('x-amz-copy-source'), { not: copiesVersion }] },
    need('s3:GetObject', copySource),
  ),
].map((permission) => ({ ...permission, ignoreRecordResources: true }));

export const S3_MAPPING: ServiceMapping = {
  service: 's3',
  operations: [
    op('ListBuckets', need('s3:ListAllMyBuckets')),
    op('ListObjects', need('s3:ListBucket', bucket)),
    op('ListObjectsV2', need('s3:ListBucket', bucket)),
    op('HeadBucket', need('s3:ListBucket', bucket)),
    op('ListObjectVersions', need('s3:ListBucketVersions', bucket)),
    op('ListMultipartUploads', need('s3:ListBucketMultipartUploads', bucket)),
    op('CreateBucket', need('s3:CreateBucket', bucket)),
    op('DeleteBucket', need('s3:DeleteBucket', bucket)),
    op('GetBucketLocation', need('s3:GetBucketLocation', bucket)),
    op('GetBucketAcl', need('s3:GetBucketAcl', bucket)),
    op('PutBucketAcl', need('s3:PutBucketAcl', bucket)),
    op('GetBucketPolicy', need('s3:GetBucketPolicy', bucket)),
    op('PutBucketPolicy', need('s3:PutBucketPolicy', bucket)),
    op('DeleteBucketPolicy', need('s3:DeleteBucketPolicy', bucket)),
    op('GetBucketPolicyStatus', need('s3:GetBucketPolicyStatus', bucket)),
    op('GetBucketVersioning', need('s3:GetBucketVersioning', bucket)),
    op('PutBucketVersioning', need('s3:PutBucketVersioning', bucket)),
    op('GetBucketLogging', need('s3:GetBucketLogging', bucket)),
    op('PutBucketLogging', need('s3:PutBucketLogging', bucket)),
    op('GetBucketTagging', need('s3:GetBucketTagging', bucket)),
    op('PutBucketTagging', need('s3:PutBucketTagging', bucket)),
    op('DeleteBucketTagging', need('s3:PutBucketTagging', bucket)),
    op('GetBucketEncryption', need('s3:GetEncryptionConfiguration', bucket)),
    op('PutBucketEncryption', need('s3:PutEncryptionConfiguration', bucket)),
    op('DeleteBucketEncryption', need('s3:PutEncryptionConfiguration', bucket)),
    op('GetBucketLifecycle', need('s3:GetLifecycleConfiguration', bucket)),
    op('GetBucketLifecycleConfiguration', need('s3:GetLifecycleConfiguration', bucket)),
    op('PutBucketLifecycle', need('s3:PutLifecycleConfiguration', bucket)),
    op('PutBucketLifecycleConfiguration', need('s3:PutLifecycleConfiguration', bucket)),
    op('DeleteBucketLifecycle', need('s3:PutLifecycleConfiguration', bucket)),
    op('GetBucketCors', need('s3:GetBucketCORS', bucket)),
    op('PutBucketCors', need('s3:PutBucketCORS', bucket)),
    op('DeleteBucketCors', need('s3:PutBucketCORS', bucket)),
    op('GetBucketWebsite', need('s3:GetBucketWebsite', bucket)),
    op('PutBucketWebsite', need('s3:PutBucketWebsite', bucket)),
    op('DeleteBucketWebsite', need('s3:DeleteBucketWebsite', bucket)),
    op('GetBucketNotification', need('s3:GetBucketNotification', bucket)),
    op('GetBucketNotificationConfiguration', need('s3:GetBucketNotification', bucket)),
    op('PutBucketNotification', need('s3:PutBucketNotification', bucket)),
    op('PutBucketNotificationConfiguration', need('s3:PutBucketNotification', bucket)),
    op('GetBucketReplication', need('s3:GetReplicationConfiguration', bucket)),
    op('PutBucketReplication', need('s3:PutReplicationConfiguration', bucket)),
    op('DeleteBucketReplication', need('s3:PutReplicationConfiguration', bucket)),
    op('GetBucketPublicAccessBlock', need('s3:GetBucketPublicAccessBlock', bucket)),
    op('PutBucketPublicAccessBlock', need('s3:PutBucketPublicAccessBlock', bucket)),
    op('DeleteBucketPublicAccessBlock', need('s3:PutBucketPublicAccessBlock', bucket)),
    op('GetBucketOwnershipControls', need('s3:GetBucketOwnershipControls', bucket)),
    op('PutBucketOwnershipControls', need('s3:PutBucketOwnershipControls', bucket)),
    op('DeleteBucketOwnershipControls', need('s3:PutBucketOwnershipControls', bucket)),
    op('GetBucketRequestPayment', need('s3:GetBucketRequestPayment', bucket)),
    op('PutBucketRequestPayment', need('s3:PutBucketRequestPayment', bucket)),
    op('GetBucketAccelerateConfiguration', need('s3:GetAccelerateConfiguration', bucket)),
    op('PutBucketAccelerateConfiguration', need('s3:PutAccelerateConfiguration', bucket)),
    op('GetObjectLockConfiguration', need('s3:GetBucketObjectLockConfiguration', bucket)),
    op('PutObjectLockConfiguration', need('s3:PutBucketObjectLockConfiguration', bucket)),

    op('GetObject', byVersion('s3:GetObject', 's3:GetObjectVersion', object)),
    op('HeadObject', byVersion('s3:GetObject', 's3:GetObjectVersion', object)),
    op('SelectObjectContent', need('s3:GetObject', object)),
    op(
      'GetObjectAttributes',
      byVersion('s3:GetObject', 's3:GetObjectVersion', object),
      byVersion('s3:GetObjectAttributes', 's3:GetObjectVersionAttributes', object),
    ),
    op(
      'PutObject',
      need('s3:PutObject', object),
      when(present('x-amz-acl'), need('s3:PutObjectAcl', object)),
      when(present('x-amz-tagging'), need('s3:PutObjectTagging', object)),
    ),
    op('CopyObject', need('s3:PutObject', object), readCopySource),
    op('DeleteObject', byVersion('s3:DeleteObject', 's3:DeleteObjectVersion', object)),
    // The keys of a multi-object delete are read from `resources[]`, which lists the objects.
    op('DeleteObjects', need('s3:DeleteObject')),
    op('GetObjectAcl', byVersion('s3:GetObjectAcl', 's3:GetObjectVersionAcl', object)),
    op('PutObjectAcl', byVersion('s3:PutObjectAcl', 's3:PutObjectVersionAcl', object)),
    op('GetObjectTagging', byVersion('s3:GetObjectTagging', 's3:GetObjectVersionTagging', object)),
    op('PutObjectTagging', byVersion('s3:PutObjectTagging', 's3:PutObjectVersionTagging', object)),
    op(
      'DeleteObjectTagging',
      byVersion('s3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging', object),
    ),
    op('CreateMultipartUpload', need('s3:PutObject', object)),
    op('UploadPart', need('s3:PutObject', object)),
    op('UploadPartCopy', need('s3:PutObject', object), readCopySource),
    op('CompleteMultipartUpload', need('s3:PutObject', object)),
    op('AbortMultipartUpload', need('s3:AbortMultipartUpload', object)),
    op('ListParts', need('s3:ListMultipartUploadParts', object)),
    op('RestoreObject', need('s3:RestoreObject', object)),
    op('GetObjectRetention', need('s3:GetObjectRetention', object)),
    op('PutObjectRetention', need('s3:PutObjectRetention', object)),
    op('GetObjectLegalHold', need('s3:GetObjectLegalHold', object)),
    op('PutObjectLegalHold', need('s3:PutObjectLegalHold', object)),
  ],
};
