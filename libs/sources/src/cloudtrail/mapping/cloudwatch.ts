import { need, op, present, resource, when, type ServiceMapping } from './types.js';

// Actions and resource types follow the Service Authorization Reference for Amazon CloudWatch.
// CloudTrail names the service `monitoring.amazonaws.com`; its IAM prefix is `cloudwatch`.

const alarm = resource('alarm', { AlarmName: 'alarmName' });
const alarms = resource('alarm', { AlarmName: 'alarmNames[]' });
const dashboard = resource('dashboard', { DashboardName: 'dashboardName' });
const dashboards = resource('dashboard', { DashboardName: 'dashboardNames[]' });
const tagged = resource('alarm', { ARN: 'resourceARN' });

export const CLOUDWATCH_MAPPING: ServiceMapping = {
  service: 'cloudwatch',
  operations: [
    op('PutMetricData', need('cloudwatch:PutMetricData')),
    op('GetMetricData', need('cloudwatch:GetMetricData')),
    op('GetMetricStatistics', need('cloudwatch:GetMetricStatistics')),
    op('GetMetricWidgetImage', need('cloudwatch:GetMetricWidgetImage')),
    op('ListMetrics', need('cloudwatch:ListMetrics')),
    op(
      'DescribeAlarms',
      when(present('alarmNames[]'), need('cloudwatch:DescribeAlarms', alarms)),
      when({ absent: 'alarmNames[]' }, need('cloudwatch:DescribeAlarms')),
    ),
    op('DescribeAlarmHistory', need('cloudwatch:DescribeAlarmHistory', alarm)),
    op('PutMetricAlarm', need('cloudwatch:PutMetricAlarm', alarm)),
    op('DeleteAlarms', need('cloudwatch:DeleteAlarms', alarms)),
    op('SetAlarmState', need('cloudwatch:SetAlarmState', alarm)),
    op('EnableAlarmActions', need('cloudwatch:EnableAlarmActions', alarms)),
    op('DisableAlarmActions', need('cloudwatch:DisableAlarmActions', alarms)),
    op('GetDashboard', need('cloudwatch:GetDashboard', dashboard)),
    op('PutDashboard', need('cloudwatch:PutDashboard', dashboard)),
    op('DeleteDashboards', need('cloudwatch:DeleteDashboards', dashboards)),
    op('ListDashboards', need('cloudwatch:ListDashboards')),
    op('TagResource', need('cloudwatch:TagResource', tagged)),
    op('UntagResource', need('cloudwatch:UntagResource', tagged)),
    op('ListTagsForResource', need('cloudwatch:ListTagsForResource', tagged)),
  ],
};
