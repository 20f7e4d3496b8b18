import {
  CREATED,
  need,
  op,
  present,
  resource,
  transformed,
  when,
  type ServiceMapping,
} from './types.js';

// Actions and resource types follow the Service Authorization Reference for Amazon EC2 and the
// EC2 user guide. EC2 records nest lists as `xSet.items[]`. Resources a call creates are
// authorised as `TYPE/*` because their ids do not exist yet. Describe calls have no
// resource-level permissions and get `*`.

const instances = resource('instance', { InstanceId: 'instancesSet.items[].instanceId' });
const instance = resource('instance', { InstanceId: 'instanceId' });
const volume = resource('volume', { VolumeId: 'volumeId' });
const securityGroup = resource('security-group', { SecurityGroupId: 'groupId' });
const snapshot = resource('snapshot', { SnapshotId: 'snapshotId' });
const vpc = resource('vpc', { VpcId: 'vpcId' });
const subnet = resource('subnet', { SubnetId: 'subnetId' });
const keyPair = resource('key-pair', { KeyPairName: 'keyName' });
const image = resource('image', { ImageId: 'imageId' });
const taggedResources = resource('instance', {
  ARN: transformed('resourcesSet.items[].resourceId', 'ec2ResourceId'),
});

/** RunInstances is authorised on the image, the new instance and every resource it uses. */
const launchResources = [
  resource('image', { ImageId: 'instancesSet.items[].imageId' }),
  resource('instance', { InstanceId: CREATED }),
  resource('network-interface', { NetworkInterfaceId: CREATED }),
  resource('volume', { VolumeId: CREATED }),
  resource('security-group', { SecurityGroupId: 'groupSet.items[].groupId' }),
  resource('subnet', { SubnetId: 'subnetId' }),
  resource('subnet', { SubnetId: 'networkInterfaceSet.items[].subnetId' }),
  resource('key-pair', { KeyPairName: 'instancesSet.items[].keyName' }),
];

/**
 * The role inside an instance profile. Records name only the profile, so any role of the
 * account is assumed.
 * NOTE: this grants iam:PassRole on `role/*` because the record does not name the role.
 */
const profileRole = resource('role', { RoleNameWithPath: CREATED });

const describe = (name: string) => op(name, need(`ec2:${name}`));

export const EC2_MAPPING: ServiceMapping = {
  service: 'ec2',
  operations: [
    describe('DescribeInstances'),
    describe('DescribeInstanceStatus'),
    describe('DescribeInstanceTypes'),
    describe('DescribeVpcs'),
    describe('DescribeSubnets'),
    describe('DescribeSecurityGroups'),
    describe('DescribeSecurityGroupRules'),
    describe('DescribeImages'),
    describe('DescribeRegions'),
    describe('DescribeAvailabilityZones'),
    describe('DescribeVolumes'),
    describe('DescribeSnapshots'),
    describe('DescribeKeyPairs'),
    describe('DescribeNetworkInterfaces'),
    describe('DescribeTags'),
    describe('DescribeAddresses'),
    describe('DescribeLaunchTemplates'),
    describe('DescribeLaunchTemplateVersions'),
    describe('DescribeRouteTables'),
    describe('DescribeInternetGateways'),
    describe('DescribeNatGateways'),
    describe('DescribeVpcEndpoints'),
    describe('DescribeAccountAttributes'),
    describe('DescribeIamInstanceProfileAssociations'),
    describe('DescribeSpotPriceHistory'),

    op(
      'RunInstances',
      need('ec2:RunInstances', ...launchResources),
      when(present('iamInstanceProfile'), need('iam:PassRole', profileRole)),
      when(
        present('tagSpecificationSet.items[]'),
        need(
          'ec2:CreateTags',
          resource('instance', { InstanceId: CREATED }),
          resource('volume', { VolumeId: CREATED }),
        ),
      ),
    ),
    op('StartInstances', need('ec2:StartInstances', instances)),
    op('StopInstances', need('ec2:StopInstances', instances)),
    op('RebootInstances', need('ec2:RebootInstances', instances)),
    op('TerminateInstances', need('ec2:TerminateInstances', instances)),
    op('ModifyInstanceAttribute', need('ec2:ModifyInstanceAttribute', instance)),
    op('ModifyInstanceMetadataOptions', need('ec2:ModifyInstanceMetadataOptions', instance)),
    op('GetConsoleOutput', need('ec2:GetConsoleOutput', instance)),
    op(
      'AssociateIamInstanceProfile',
      need('ec2:AssociateIamInstanceProfile', instance),
      need('iam:PassRole', profileRole),
    ),
    op(
      'ReplaceIamInstanceProfileAssociation',
      need('ec2:ReplaceIamInstanceProfileAssociation'),
      need('iam:PassRole', profileRole),
    ),
    op('CreateTags', need('ec2:CreateTags', taggedResources)),
    op('DeleteTags', need('ec2:DeleteTags', taggedResources)),
    op(
      'CreateSecurityGroup',
      need(
        'ec2:CreateSecurityGroup',
        resource('security-group', { SecurityGroupId: CREATED }),
        vpc,
      ),
    ),
    op('DeleteSecurityGroup', need('ec2:DeleteSecurityGroup', securityGroup)),
    op('AuthorizeSecurityGroupIngress', need('ec2:AuthorizeSecurityGroupIngress', securityGroup)),
    op('AuthorizeSecurityGroupEgress', need('ec2:AuthorizeSecurityGroupEgress', securityGroup)),
    op('RevokeSecurityGroupIngress', need('ec2:RevokeSecurityGroupIngress', securityGroup)),
    op('RevokeSecurityGroupEgress', need('ec2:RevokeSecurityGroupEgress', securityGroup)),
    op(
      'CreateVolume',
      need('ec2:CreateVolume', resource('volume', { VolumeId: CREATED }), snapshot),
    ),
    op('AttachVolume', need('ec2:AttachVolume', instance, volume)),
    op('DetachVolume', need('ec2:DetachVolume', instance, volume)),
    op('DeleteVolume', need('ec2:DeleteVolume', volume)),
    op(
      'CreateSnapshot',
      need('ec2:CreateSnapshot', resource('snapshot', { SnapshotId: CREATED }), volume),
    ),
    op('DeleteSnapshot', need('ec2:DeleteSnapshot', snapshot)),
    op('CreateKeyPair', need('ec2:CreateKeyPair', keyPair)),
    op('ImportKeyPair', need('ec2:ImportKeyPair', keyPair)),
    op('DeleteKeyPair', need('ec2:DeleteKeyPair', keyPair)),
    op(
      'AllocateAddress',
      need('ec2:AllocateAddress', resource('elastic-ip', { AllocationId: CREATED })),
    ),
    op(
      'ReleaseAddress',
      need('ec2:ReleaseAddress', resource('elastic-ip', { AllocationId: 'allocationId' })),
    ),
    op('CreateImage', need('ec2:CreateImage', instance, resource('image', { ImageId: CREATED }))),
    op('DeregisterImage', need('ec2:DeregisterImage', image)),
    op('CreateVpc', need('ec2:CreateVpc', resource('vpc', { VpcId: CREATED }))),
    op('DeleteVpc', need('ec2:DeleteVpc', vpc)),
    op('CreateSubnet', need('ec2:CreateSubnet', resource('subnet', { SubnetId: CREATED }), vpc)),
    op('DeleteSubnet', need('ec2:DeleteSubnet', subnet)),
  ],
};
