import { need, op, present, resource, when, type ServiceMapping } from './types.js';

// Actions and resource types follow the Service Authorization Reference for Amazon CloudWatch
// Logs. ARNs follow its formats: `log-group:NAME` and `log-group:NAME:log-stream:STREAM`.
// NOTE: CloudWatch Logs authorises some log group actions against `log-group:NAME:*`, which a
// policy resource of `log-group:NAME` does not match.

const logGroup = resource('log-group', { LogGroupName: 'logGroupName' });
const logGroups = resource('log-group', { LogGroupName: 'logGroupNames[]' });
const logStream = resource('log-stream', {
  LogGroupName: 'logGroupName',
  LogStreamName: 'logStreamName',
});
const subscriptionRole = resource('role', { ARN: 'roleArn' });
const taggedResource = resource('log-group', { ARN: 'resourceArn' });

export const LOGS_MAPPING: ServiceMapping = {
  service: 'logs',
  operations: [
    op('CreateLogGroup', need('logs:CreateLogGroup', logGroup)),
    op('DeleteLogGroup', need('logs:DeleteLogGroup', logGroup)),
    op('DescribeLogGroups', need('logs:DescribeLogGroups')),
    op('CreateLogStream', need('logs:CreateLogStream', logStream)),
    op('DeleteLogStream', need('logs:DeleteLogStream', logStream)),
    op('DescribeLogStreams', need('logs:DescribeLogStreams', logGroup)),
    op('PutLogEvents', need('logs:PutLogEvents', logStream)),
    op('GetLogEvents', need('logs:GetLogEvents', logStream)),
    op('FilterLogEvents', need('logs:FilterLogEvents', logGroup)),
    op('PutRetentionPolicy', need('logs:PutRetentionPolicy', logGroup)),
    op('DeleteRetentionPolicy', need('logs:DeleteRetentionPolicy', logGroup)),
    op(
      'PutSubscriptionFilter',
      need('logs:PutSubscriptionFilter', logGroup),
      when(present('roleArn'), need('iam:PassRole', subscriptionRole)),
    ),
    op('DeleteSubscriptionFilter', need('logs:DeleteSubscriptionFilter', logGroup)),
    op('DescribeSubscriptionFilters', need('logs:DescribeSubscriptionFilters', logGroup)),
    op('PutMetricFilter', need('logs:PutMetricFilter', logGroup)),
    op('DeleteMetricFilter', need('logs:DeleteMetricFilter', logGroup)),
    op('DescribeMetricFilters', need('logs:DescribeMetricFilters')),
    op('StartQuery', need('logs:StartQuery', logGroup, logGroups)),
    op('GetQueryResults', need('logs:GetQueryResults')),
    op('StopQuery', need('logs:StopQuery')),
    op('DescribeQueries', need('logs:DescribeQueries')),
    op('AssociateKmsKey', need('logs:AssociateKmsKey', logGroup)),
    op('DisassociateKmsKey', need('logs:DisassociateKmsKey', logGroup)),
    op('TagLogGroup', need('logs:TagLogGroup', logGroup)),
    op('UntagLogGroup', need('logs:UntagLogGroup', logGroup)),
    op('ListTagsLogGroup', need('logs:ListTagsLogGroup', logGroup)),
    op('TagResource', need('logs:TagResource', taggedResource)),
    op('UntagResource', need('logs:UntagResource', taggedResource)),
    op('ListTagsForResource', need('logs:ListTagsForResource', taggedResource)),
    op('PutResourcePolicy', need('logs:PutResourcePolicy')),
    op('DescribeResourcePolicies', need('logs:DescribeResourcePolicies')),
  ],
};
