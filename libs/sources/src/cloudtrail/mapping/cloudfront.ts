import { need, op, resource, type ServiceMapping } from './types.js';

// Actions and resource types follow the Service Authorization Reference for Amazon CloudFront.
// CloudTrail names CloudFront operations with an API version suffix
// (`CreateDistribution2020_05_31`); the reader removes it before looking an operation up here.

const distribution = resource('distribution', { DistributionId: 'id' });
const invalidatedDistribution = resource('distribution', { DistributionId: 'distributionId' });

export const CLOUDFRONT_MAPPING: ServiceMapping = {
  service: 'cloudfront',
  operations: [
    op('CreateDistribution', need('cloudfront:CreateDistribution')),
    op(
      'CreateDistributionWithTags',
      need('cloudfront:CreateDistribution'),
      need('cloudfront:TagResource'),
    ),
    op('GetDistribution', need('cloudfront:GetDistribution', distribution)),
    op('GetDistributionConfig', need('cloudfront:GetDistributionConfig', distribution)),
    op('UpdateDistribution', need('cloudfront:UpdateDistribution', distribution)),
    op('DeleteDistribution', need('cloudfront:DeleteDistribution', distribution)),
    op('ListDistributions', need('cloudfront:ListDistributions')),
    op('CreateInvalidation', need('cloudfront:CreateInvalidation', invalidatedDistribution)),
    op('GetInvalidation', need('cloudfront:GetInvalidation', invalidatedDistribution)),
    op('ListInvalidations', need('cloudfront:ListInvalidations', invalidatedDistribution)),
  ],
};
