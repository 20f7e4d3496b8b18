import { need, op, resource, transformed, type ServiceMapping } from './types.js';

// Actions and resource types follow the Service Authorization Reference for AWS Systems
// Manager. Parameter ARNs drop the leading slash of the parameter name (`/app/db` becomes
// `parameter/app/db`), and GetParametersByPath is authorised on the path as if it were a
// parameter.

const parameter = resource('parameter', {
  ParameterNameWithoutLeadingSlash: transformed('name', 'withoutLeadingSlash'),
});
const parameters = resource('parameter', {
  ParameterNameWithoutLeadingSlash: transformed('names[]', 'withoutLeadingSlash'),
});
const parameterPath = resource('parameter', {
  ParameterNameWithoutLeadingSlash: transformed('path', 'withoutLeadingSlash'),
});
const document = resource('document', { ARN: transformed('documentName', 'ssmDocument') });
const targets = resource('instance', { ARN: transformed('instanceIds[]', 'ssmInstanceId') });
const sessionTarget = resource('instance', { ARN: transformed('target', 'ssmInstanceId') });

export const SSM_MAPPING: ServiceMapping = {
  service: 'ssm',
  operations: [
    op('GetParameter', need('ssm:GetParameter', parameter)),
    op('GetParameters', need('ssm:GetParameters', parameters)),
    op('GetParametersByPath', need('ssm:GetParametersByPath', parameterPath)),
    op('GetParameterHistory', need('ssm:GetParameterHistory', parameter)),
    op('PutParameter', need('ssm:PutParameter', parameter)),
    op('DeleteParameter', need('ssm:DeleteParameter', parameter)),
    op('DeleteParameters', need('ssm:DeleteParameters', parameters)),
    op('LabelParameterVersion', need('ssm:LabelParameterVersion', parameter)),
    op('DescribeParameters', need('ssm:DescribeParameters')),
    op('SendCommand', need('ssm:SendCommand', document, targets)),
    op('StartSession', need('ssm:StartSession', sessionTarget)),
    op('ListCommands', need('ssm:ListCommands')),
    op('ListCommandInvocations', need('ssm:ListCommandInvocations')),
    op('GetCommandInvocation', need('ssm:GetCommandInvocation')),
    op('DescribeInstanceInformation', need('ssm:DescribeInstanceInformation')),
    op('GetDocument', need('ssm:GetDocument', document)),
    op('DescribeDocument', need('ssm:DescribeDocument', document)),
    op('ListDocuments', need('ssm:ListDocuments')),
  ],
};
