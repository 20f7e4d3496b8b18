import { need, op, resource, type ServiceMapping } from './types.js';

// Actions and resource types follow the Service Authorization Reference for Amazon Kinesis Data
// Streams. Requests name a stream by `streamName` or `streamARN`, and both build the same ARN.
// GetRecords carries only a shard iterator, so its stream ARN comes from `resources[]`.

const stream = [
  resource('stream', { StreamName: 'streamName' }),
  resource('stream', { ARN: 'streamARN' }),
];
const consumer = resource('consumer', { ARN: 'consumerARN' });

export const KINESIS_MAPPING: ServiceMapping = {
  service: 'kinesis',
  operations: [
    op('PutRecord', need('kinesis:PutRecord', ...stream)),
    op('PutRecords', need('kinesis:PutRecords', ...stream)),
    op('GetRecords', need('kinesis:GetRecords')),
    op('GetShardIterator', need('kinesis:GetShardIterator', ...stream)),
    op('DescribeStream', need('kinesis:DescribeStream', ...stream)),
    op('DescribeStreamSummary', need('kinesis:DescribeStreamSummary', ...stream)),
    op('ListShards', need('kinesis:ListShards', ...stream)),
    op('ListStreams', need('kinesis:ListStreams')),
    op('CreateStream', need('kinesis:CreateStream', ...stream)),
    op('DeleteStream', need('kinesis:DeleteStream', ...stream)),
    op('UpdateShardCount', need('kinesis:UpdateShardCount')),
    op('MergeShards', need('kinesis:MergeShards', ...stream)),
    op('SplitShard', need('kinesis:SplitShard', ...stream)),
    op('IncreaseStreamRetentionPeriod', need('kinesis:IncreaseStreamRetentionPeriod', ...stream)),
    op('DecreaseStreamRetentionPeriod', need('kinesis:DecreaseStreamRetentionPeriod', ...stream)),
    op('StartStreamEncryption', need('kinesis:StartStreamEncryption', ...stream)),
    op('StopStreamEncryption', need('kinesis:StopStreamEncryption', ...stream)),
    op('AddTagsToStream', need('kinesis:AddTagsToStream', ...stream)),
    op('RemoveTagsFromStream', need('kinesis:RemoveTagsFromStream', ...stream)),
    op('ListTagsForStream', need('kinesis:ListTagsForStream', ...stream)),
    op('RegisterStreamConsumer', need('kinesis:RegisterStreamConsumer', ...stream)),
    op('ListStreamConsumers', need('kinesis:ListStreamConsumers', ...stream)),
    op('DescribeStreamConsumer', need('kinesis:DescribeStreamConsumer', consumer)),
    op('DeregisterStreamConsumer', need('kinesis:DeregisterStreamConsumer', consumer)),
    op('SubscribeToShard', need('kinesis:SubscribeToShard', consumer)),
  ],
};
