import {
  absent,
  need,
  op,
  present,
  resource,
  transformed,
  when,
  type Condition,
  type PermissionNeed,
  type ServiceMapping,
} from './types.js';

// Actions and resource types follow the Service Authorization Reference for Amazon EventBridge
// and its user guide. A rule on the default bus is `rule/NAME`, on another bus `rule/BUS/NAME`.
// Targets and rules that name a role pass it, which needs iam:PassRole.

const eventBusName = transformed('eventBusName', 'eventBusName');
const namedBus = resource('event-bus', { EventBusName: 'name' });
const defaultBus = resource('event-bus', { EventBusName: { constant: 'default' } });
const entryBuses = resource('event-bus', {
  EventBusName: transformed('entries[].eventBusName', 'eventBusName'),
});
const ruleOnDefaultBus = resource('rule-on-default-event-bus', { RuleName: 'name' });
const ruleOnCustomBus = resource('rule-on-custom-event-bus', {
  EventBusName: eventBusName,
  RuleName: 'name',
});
const targetRuleOnDefaultBus = resource('rule-on-default-event-bus', { RuleName: 'rule' });
const targetRuleOnCustomBus = resource('rule-on-custom-event-bus', {
  EventBusName: eventBusName,
  RuleName: 'rule',
});
const taggedResource = resource('event-bus', { ARN: 'resourceARN' });

const onDefaultBus: Condition = {
  any: [absent('eventBusName'), { equals: 'eventBusName', value: 'default' }],
};

/** Builds the needs of a call on the rule named by `name` (or `rule` for target calls). */
function onRule(action: string, ruleParameter: 'name' | 'rule'): PermissionNeed[] {
  const [defaultRule, customRule] =
    ruleParameter === 'name'
      ? [ruleOnDefaultBus, ruleOnCustomBus]
      : [targetRuleOnDefaultBus, targetRuleOnCustomBus];

  return [
    when(onDefaultBus, need(action, defaultRule)),
    when({ not: onDefaultBus }, need(action, customRule)),
  ];
}

export const EVENTS_MAPPING: ServiceMapping = {
  service: 'events',
  operations: [
    op(
      'PutEvents',
      when(present('entries[].eventBusName'), need('events:PutEvents', entryBuses)),
      when(absent('entries[].eventBusName'), need('events:PutEvents', defaultBus)),
    ),
    op(
      'PutRule',
      onRule('events:PutRule', 'name'),
      when(present('roleArn'), need('iam:PassRole', resource('role', { ARN: 'roleArn' }))),
    ),
    op('DeleteRule', onRule('events:DeleteRule', 'name')),
    op('DescribeRule', onRule('events:DescribeRule', 'name')),
    op('EnableRule', onRule('events:EnableRule', 'name')),
    op('DisableRule', onRule('events:DisableRule', 'name')),
    op('ListRules', need('events:ListRules')),
    op(
      'PutTargets',
      onRule('events:PutTargets', 'rule'),
      when(
        present('targets[].roleArn'),
        need('iam:PassRole', resource('role', { ARN: 'targets[].roleArn' })),
      ),
    ),
    op('RemoveTargets', onRule('events:RemoveTargets', 'rule')),
    op('ListTargetsByRule', onRule('events:ListTargetsByRule', 'rule')),
    op('CreateEventBus', need('events:CreateEventBus', namedBus)),
    op('DeleteEventBus', need('events:DeleteEventBus', namedBus)),
    op(
      'DescribeEventBus',
      when(present('name'), need('events:DescribeEventBus', namedBus)),
      when(absent('name'), need('events:DescribeEventBus', defaultBus)),
    ),
    op('ListEventBuses', need('events:ListEventBuses')),
    op('PutPermission', need('events:PutPermission')),
    op('TagResource', need('events:TagResource', taggedResource)),
    op('ListTagsForResource', need('events:ListTagsForResource', taggedResource)),
  ],
};
