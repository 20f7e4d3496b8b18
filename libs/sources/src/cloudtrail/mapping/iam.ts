import {
  absent,
  CALLER,
  need,
  op,
  present,
  resource,
  transformed,
  when,
  type ResourceTemplate,
  type ServiceMapping,
} from './types.js';

// Actions and resource types follow the Service Authorization Reference for IAM and the IAM API
// reference. IAM records name roles, users, groups and instance profiles without their path,
// except the Create* calls that pass `path`, so other calls build `role/NAME`.
// NOTE: a role, user or group with a path gets `role/NAME` from calls other than Create*, which
// an IAM policy resource of `role/PATH/NAME` does not match.

function named(type: string, placeholder: string, parameter: string): ResourceTemplate {
  return resource(type, { [placeholder]: transformed(parameter, 'iamNameWithPath') });
}

const role = named('role', 'RoleNameWithPath', 'roleName');
const user = named('user', 'UserNameWithPath', 'userName');
const group = named('group', 'GroupNameWithPath', 'groupName');
const instanceProfile = named(
  'instance-profile',
  'InstanceProfileNameWithPath',
  'instanceProfileName',
);
const newPolicy = named('policy', 'PolicyNameWithPath', 'policyName');
const policy = resource('policy', { ARN: 'policyArn' });
const callerUser = resource('user', { ARN: CALLER });
const serviceLinkedRole = resource('role', {
  RoleNameWithPath: transformed('aWSServiceName', 'serviceLinkedRolePath'),
});

/** Calls on a user that act on the caller's own user when `userName` is absent. */
function userOrCaller(action: string) {
  return [
    when(present('userName'), need(action, user)),
    when(absent('userName'), need(action, callerUser)),
  ];
}

export const IAM_MAPPING: ServiceMapping = {
  service: 'iam',
  operations: [
    op('CreateRole', need('iam:CreateRole', role)),
    op('GetRole', need('iam:GetRole', role)),
    op('DeleteRole', need('iam:DeleteRole', role)),
    op('UpdateRole', need('iam:UpdateRole', role)),
    op('UpdateRoleDescription', need('iam:UpdateRoleDescription', role)),
    op('UpdateAssumeRolePolicy', need('iam:UpdateAssumeRolePolicy', role)),
    op('ListRoles', need('iam:ListRoles')),
    op('TagRole', need('iam:TagRole', role)),
    op('UntagRole', need('iam:UntagRole', role)),
    op('ListRoleTags', need('iam:ListRoleTags', role)),
    op('AttachRolePolicy', need('iam:AttachRolePolicy', role)),
    op('DetachRolePolicy', need('iam:DetachRolePolicy', role)),
    op('PutRolePolicy', need('iam:PutRolePolicy', role)),
    op('GetRolePolicy', need('iam:GetRolePolicy', role)),
    op('DeleteRolePolicy', need('iam:DeleteRolePolicy', role)),
    op('ListAttachedRolePolicies', need('iam:ListAttachedRolePolicies', role)),
    op('ListRolePolicies', need('iam:ListRolePolicies', role)),
    op('ListInstanceProfilesForRole', need('iam:ListInstanceProfilesForRole', role)),
    op('CreateServiceLinkedRole', need('iam:CreateServiceLinkedRole', serviceLinkedRole)),
    op('DeleteServiceLinkedRole', need('iam:DeleteServiceLinkedRole', role)),

    op('CreateUser', need('iam:CreateUser', user)),
    op('GetUser', userOrCaller('iam:GetUser')),
    op('DeleteUser', need('iam:DeleteUser', user)),
    op('UpdateUser', need('iam:UpdateUser', user)),
    op('ListUsers', need('iam:ListUsers')),
    op('TagUser', need('iam:TagUser', user)),
    op('UntagUser', need('iam:UntagUser', user)),
    op('ListUserTags', need('iam:ListUserTags', user)),
    op('AttachUserPolicy', need('iam:AttachUserPolicy', user)),
    op('DetachUserPolicy', need('iam:DetachUserPolicy', user)),
    op('PutUserPolicy', need('iam:PutUserPolicy', user)),
    op('GetUserPolicy', need('iam:GetUserPolicy', user)),
    op('DeleteUserPolicy', need('iam:DeleteUserPolicy', user)),
    op('ListAttachedUserPolicies', need('iam:ListAttachedUserPolicies', user)),
    op('ListUserPolicies', need('iam:ListUserPolicies', user)),
    op('ListGroupsForUser', need('iam:ListGroupsForUser', user)),
    op('CreateAccessKey', userOrCaller('iam:CreateAccessKey')),
    op('DeleteAccessKey', userOrCaller('iam:DeleteAccessKey')),
    op('UpdateAccessKey', userOrCaller('iam:UpdateAccessKey')),
    op('ListAccessKeys', userOrCaller('iam:ListAccessKeys')),
    op('CreateLoginProfile', userOrCaller('iam:CreateLoginProfile')),
    op('GetLoginProfile', userOrCaller('iam:GetLoginProfile')),
    op('UpdateLoginProfile', userOrCaller('iam:UpdateLoginProfile')),
    op('DeleteLoginProfile', userOrCaller('iam:DeleteLoginProfile')),
    op('ChangePassword', need('iam:ChangePassword', callerUser)),
    op('ListMFADevices', userOrCaller('iam:ListMFADevices')),
    op('ListSSHPublicKeys', userOrCaller('iam:ListSSHPublicKeys')),
    op('ListSigningCertificates', userOrCaller('iam:ListSigningCertificates')),
    op('ListServiceSpecificCredentials', userOrCaller('iam:ListServiceSpecificCredentials')),

    op('CreateGroup', need('iam:CreateGroup', group)),
    op('GetGroup', need('iam:GetGroup', group)),
    op('DeleteGroup', need('iam:DeleteGroup', group)),
    op('ListGroups', need('iam:ListGroups')),
    op('AddUserToGroup', need('iam:AddUserToGroup', group)),
    op('RemoveUserFromGroup', need('iam:RemoveUserFromGroup', group)),
    op('AttachGroupPolicy', need('iam:AttachGroupPolicy', group)),
    op('DetachGroupPolicy', need('iam:DetachGroupPolicy', group)),
    op('PutGroupPolicy', need('iam:PutGroupPolicy', group)),
    op('ListAttachedGroupPolicies', need('iam:ListAttachedGroupPolicies', group)),
    op('ListGroupPolicies', need('iam:ListGroupPolicies', group)),

    op('CreatePolicy', need('iam:CreatePolicy', newPolicy)),
    op('GetPolicy', need('iam:GetPolicy', policy)),
    op('DeletePolicy', need('iam:DeletePolicy', policy)),
    op('GetPolicyVersion', need('iam:GetPolicyVersion', policy)),
    op('CreatePolicyVersion', need('iam:CreatePolicyVersion', policy)),
    op('DeletePolicyVersion', need('iam:DeletePolicyVersion', policy)),
    op('ListPolicyVersions', need('iam:ListPolicyVersions', policy)),
    op('SetDefaultPolicyVersion', need('iam:SetDefaultPolicyVersion', policy)),
    op('ListEntitiesForPolicy', need('iam:ListEntitiesForPolicy', policy)),
    op('TagPolicy', need('iam:TagPolicy', policy)),
    op('ListPolicies', need('iam:ListPolicies')),

    op('CreateInstanceProfile', need('iam:CreateInstanceProfile', instanceProfile)),
    op('GetInstanceProfile', need('iam:GetInstanceProfile', instanceProfile)),
    op('DeleteInstanceProfile', need('iam:DeleteInstanceProfile', instanceProfile)),
    // The caller must also be allowed to pass the role it puts into the profile.
    op(
      'AddRoleToInstanceProfile',
      need('iam:AddRoleToInstanceProfile', instanceProfile),
      need('iam:PassRole', role),
    ),
    op('RemoveRoleFromInstanceProfile', need('iam:RemoveRoleFromInstanceProfile', instanceProfile)),
    op('ListInstanceProfiles', need('iam:ListInstanceProfiles')),

    op('GetAccountSummary', need('iam:GetAccountSummary')),
    op('GetAccountAuthorizationDetails', need('iam:GetAccountAuthorizationDetails')),
    op('ListAccountAliases', need('iam:ListAccountAliases')),
    op('CreateAccountAlias', need('iam:CreateAccountAlias')),
    op('GetAccountPasswordPolicy', need('iam:GetAccountPasswordPolicy')),
    op('UpdateAccountPasswordPolicy', need('iam:UpdateAccountPasswordPolicy')),
    op('GenerateCredentialReport', need('iam:GenerateCredentialReport')),
    op('GetCredentialReport', need('iam:GetCredentialReport')),
    op('ListOpenIDConnectProviders', need('iam:ListOpenIDConnectProviders')),
    op('ListSAMLProviders', need('iam:ListSAMLProviders')),
    op('ListVirtualMFADevices', need('iam:ListVirtualMFADevices')),
    op('GetServiceLastAccessedDetails', need('iam:GetServiceLastAccessedDetails')),
  ],
};
