import { need, op, resource, transformed, type ServiceMapping } from './types.js';

// Actions and resource types follow the Service Authorization Reference for Amazon SQS and the
// SQS API reference. Batch operations are authorised as their single-message action
// (SendMessageBatch needs sqs:SendMessage). Requests name a queue by URL, which contains its
// account and name.

const queue = resource('queue', { ARN: transformed('queueUrl', 'sqsQueueUrl') });
const namedQueue = resource('queue', {
  QueueName: 'queueName',
  Account: 'queueOwnerAWSAccountId',
});

export const SQS_MAPPING: ServiceMapping = {
  service: 'sqs',
  operations: [
    op('SendMessage', need('sqs:SendMessage', queue)),
    op('SendMessageBatch', need('sqs:SendMessage', queue)),
    op('ReceiveMessage', need('sqs:ReceiveMessage', queue)),
    op('DeleteMessage', need('sqs:DeleteMessage', queue)),
    op('DeleteMessageBatch', need('sqs:DeleteMessage', queue)),
    op('ChangeMessageVisibility', need('sqs:ChangeMessageVisibility', queue)),
    op('ChangeMessageVisibilityBatch', need('sqs:ChangeMessageVisibility', queue)),
    op('GetQueueAttributes', need('sqs:GetQueueAttributes', queue)),
    op('SetQueueAttributes', need('sqs:SetQueueAttributes', queue)),
    op('GetQueueUrl', need('sqs:GetQueueUrl', namedQueue)),
    op('CreateQueue', need('sqs:CreateQueue', namedQueue)),
    op('DeleteQueue', need('sqs:DeleteQueue', queue)),
    op('PurgeQueue', need('sqs:PurgeQueue', queue)),
    op('ListQueues', need('sqs:ListQueues')),
    op('ListDeadLetterSourceQueues', need('sqs:ListDeadLetterSourceQueues', queue)),
    op('TagQueue', need('sqs:TagQueue', queue)),
    op('UntagQueue', need('sqs:UntagQueue', queue)),
    op('ListQueueTags', need('sqs:ListQueueTags', queue)),
    op('AddPermission', need('sqs:AddPermission', queue)),
    op('RemovePermission', need('sqs:RemovePermission', queue)),
  ],
};
