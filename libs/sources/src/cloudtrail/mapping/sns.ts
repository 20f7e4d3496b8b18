import { need, op, resource, transformed, type ServiceMapping } from './types.js';

// Actions and resource types follow the Service Authorization Reference for Amazon SNS and the
// SNS API reference. PublishBatch is authorised as sns:Publish. Subscription ARNs are their
// topic's ARN plus a subscription id, and subscription operations are authorised on the topic.

const topic = resource('topic', { ARN: 'topicArn' });
const publishTarget = resource('topic', { ARN: 'targetArn' });
const namedTopic = resource('topic', { TopicName: 'name' });
const subscriptionTopic = resource('topic', {
  ARN: transformed('subscriptionArn', 'snsSubscriptionTopic'),
});
const taggedTopic = resource('topic', { ARN: 'resourceArn' });

export const SNS_MAPPING: ServiceMapping = {
  service: 'sns',
  operations: [
    op('Publish', need('sns:Publish', topic, publishTarget)),
    op('PublishBatch', need('sns:Publish', topic)),
    op('CreateTopic', need('sns:CreateTopic', namedTopic)),
    op('DeleteTopic', need('sns:DeleteTopic', topic)),
    op('GetTopicAttributes', need('sns:GetTopicAttributes', topic)),
    op('SetTopicAttributes', need('sns:SetTopicAttributes', topic)),
    op('ListTopics', need('sns:ListTopics')),
    op('Subscribe', need('sns:Subscribe', topic)),
    op('ConfirmSubscription', need('sns:ConfirmSubscription', topic)),
    op('Unsubscribe', need('sns:Unsubscribe', subscriptionTopic)),
    op('ListSubscriptions', need('sns:ListSubscriptions')),
    op('ListSubscriptionsByTopic', need('sns:ListSubscriptionsByTopic', topic)),
    op('GetSubscriptionAttributes', need('sns:GetSubscriptionAttributes', subscriptionTopic)),
    op('SetSubscriptionAttributes', need('sns:SetSubscriptionAttributes', subscriptionTopic)),
    op('AddPermission', need('sns:AddPermission', topic)),
    op('RemovePermission', need('sns:RemovePermission', topic)),
    op('TagResource', need('sns:TagResource', taggedTopic)),
    op('UntagResource', need('sns:UntagResource', taggedTopic)),
    op('ListTagsForResource', need('sns:ListTagsForResource', taggedTopic)),
  ],
};
