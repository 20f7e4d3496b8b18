import { need, op, present, resource, transformed, when, type ServiceMapping } from './types.js';

// Actions and resource types follow the Service Authorization Reference for AWS Lambda and the
// Lambda developer guide. CloudTrail names most Lambda operations with an API version suffix
// (`GetFunction20150331v2`); the reader removes it before looking an operation up here.

/** `functionName` may be a name, a partial ARN or a full ARN, with or without a qualifier. */
const fn = resource('function', { ARN: transformed('functionName', 'lambdaFunction') });
const taggedFunction = resource('function', { ARN: 'resource' });
const executionRole = resource('role', { ARN: 'role' });
const layers = resource('layerVersion', { ARN: 'layers[]' });
const layer = resource('layer', { LayerName: 'layerName' });
const layerVersion = resource('layerVersion', {
  LayerName: 'layerName',
  LayerVersion: 'versionNumber',
});
const eventSourceMapping = resource('eventSourceMapping', { UUID: 'uUID' });

/** Creating or reconfiguring a function passes its execution role and reads its layers. */
const passRoleAndLayers = [
  when(present('role'), need('iam:PassRole', executionRole)),
  when(present('layers[]'), need('lambda:GetLayerVersion', layers)),
];

export const LAMBDA_MAPPING: ServiceMapping = {
  service: 'lambda',
  operations: [
    op('Invoke', need('lambda:InvokeFunction', fn)),
    op('InvokeWithResponseStream', need('lambda:InvokeFunction', fn)),
    op('InvokeAsync', need('lambda:InvokeAsync', fn)),
    op('GetFunction', need('lambda:GetFunction', fn)),
    op('GetFunctionConfiguration', need('lambda:GetFunctionConfiguration', fn)),
    op('ListFunctions', need('lambda:ListFunctions')),
    op('CreateFunction', need('lambda:CreateFunction', fn), passRoleAndLayers),
    op('UpdateFunctionCode', need('lambda:UpdateFunctionCode', fn)),
    op(
      'UpdateFunctionConfiguration',
      need('lambda:UpdateFunctionConfiguration', fn),
      passRoleAndLayers,
    ),
    op('DeleteFunction', need('lambda:DeleteFunction', fn)),
    op('AddPermission', need('lambda:AddPermission', fn)),
    op('RemovePermission', need('lambda:RemovePermission', fn)),
    op('GetPolicy', need('lambda:GetPolicy', fn)),
    op('PublishVersion', need('lambda:PublishVersion', fn)),
    op('ListVersionsByFunction', need('lambda:ListVersionsByFunction', fn)),
    op('CreateAlias', need('lambda:CreateAlias', fn)),
    op('UpdateAlias', need('lambda:UpdateAlias', fn)),
    op('DeleteAlias', need('lambda:DeleteAlias', fn)),
    op('GetAlias', need('lambda:GetAlias', fn)),
    op('ListAliases', need('lambda:ListAliases', fn)),
    op('PutFunctionConcurrency', need('lambda:PutFunctionConcurrency', fn)),
    op('DeleteFunctionConcurrency', need('lambda:DeleteFunctionConcurrency', fn)),
    op('GetFunctionConcurrency', need('lambda:GetFunctionConcurrency', fn)),
    op('CreateFunctionUrlConfig', need('lambda:CreateFunctionUrlConfig', fn)),
    op('GetFunctionUrlConfig', need('lambda:GetFunctionUrlConfig', fn)),
    op('UpdateFunctionUrlConfig', need('lambda:UpdateFunctionUrlConfig', fn)),
    op('DeleteFunctionUrlConfig', need('lambda:DeleteFunctionUrlConfig', fn)),
    op('CreateEventSourceMapping', need('lambda:CreateEventSourceMapping')),
    op('ListEventSourceMappings', need('lambda:ListEventSourceMappings')),
    op('GetEventSourceMapping', need('lambda:GetEventSourceMapping', eventSourceMapping)),
    op('UpdateEventSourceMapping', need('lambda:UpdateEventSourceMapping', eventSourceMapping)),
    op('DeleteEventSourceMapping', need('lambda:DeleteEventSourceMapping', eventSourceMapping)),
    op('TagResource', need('lambda:TagResource', taggedFunction)),
    op('UntagResource', need('lambda:UntagResource', taggedFunction)),
    op('ListTags', need('lambda:ListTags', taggedFunction)),
    op('GetLayerVersion', need('lambda:GetLayerVersion', layerVersion)),
    op('PublishLayerVersion', need('lambda:PublishLayerVersion', layer)),
    op('DeleteLayerVersion', need('lambda:DeleteLayerVersion', layerVersion)),
    op('ListLayers', need('lambda:ListLayers')),
    op('ListLayerVersions', need('lambda:ListLayerVersions')),
    op('GetAccountSettings', need('lambda:GetAccountSettings')),
  ],
};
