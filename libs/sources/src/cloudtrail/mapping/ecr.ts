import { need, op, resource, type ServiceMapping } from './types.js';

// Actions and resource types follow the Service Authorization Reference for Amazon ECR.
// `registryId` is the account that owns the repository; without it the record's account is
// used.

const repository = resource('repository', {
  RepositoryName: 'repositoryName',
  Account: 'registryId',
});
const repositories = resource('repository', {
  RepositoryName: 'repositoryNames[]',
  Account: 'registryId',
});
const taggedRepository = resource('repository', { ARN: 'resourceArn' });

export const ECR_MAPPING: ServiceMapping = {
  service: 'ecr',
  operations: [
    op('GetAuthorizationToken', need('ecr:GetAuthorizationToken')),
    op('BatchGetImage', need('ecr:BatchGetImage', repository)),
    op('GetDownloadUrlForLayer', need('ecr:GetDownloadUrlForLayer', repository)),
    op('BatchCheckLayerAvailability', need('ecr:BatchCheckLayerAvailability', repository)),
    op('InitiateLayerUpload', need('ecr:InitiateLayerUpload', repository)),
    op('UploadLayerPart', need('ecr:UploadLayerPart', repository)),
    op('CompleteLayerUpload', need('ecr:CompleteLayerUpload', repository)),
    op('PutImage', need('ecr:PutImage', repository)),
    op('BatchDeleteImage', need('ecr:BatchDeleteImage', repository)),
    op('DescribeImages', need('ecr:DescribeImages', repository)),
    op('ListImages', need('ecr:ListImages', repository)),
    op('DescribeRepositories', need('ecr:DescribeRepositories', repositories)),
    op('CreateRepository', need('ecr:CreateRepository', repository)),
    op('DeleteRepository', need('ecr:DeleteRepository', repository)),
    op('SetRepositoryPolicy', need('ecr:SetRepositoryPolicy', repository)),
    op('GetRepositoryPolicy', need('ecr:GetRepositoryPolicy', repository)),
    op('DeleteRepositoryPolicy', need('ecr:DeleteRepositoryPolicy', repository)),
    op('PutLifecyclePolicy', need('ecr:PutLifecyclePolicy', repository)),
    op('GetLifecyclePolicy', need('ecr:GetLifecyclePolicy', repository)),
    op('DescribeImageScanFindings', need('ecr:DescribeImageScanFindings', repository)),
    op('StartImageScan', need('ecr:StartImageScan', repository)),
    op('PutImageScanningConfiguration', need('ecr:PutImageScanningConfiguration', repository)),
    op('PutImageTagMutability', need('ecr:PutImageTagMutability', repository)),
    op('TagResource', need('ecr:TagResource', taggedRepository)),
    op('UntagResource', need('ecr:UntagResource', taggedRepository)),
    op('ListTagsForResource', need('ecr:ListTagsForResource', taggedRepository)),
  ],
};
