import { randomInt } from 'node:crypto';

import {
  createPrismaClient,
  Prisma,
  type PrismaClient,
} from '../../../libs/persistence/src/index.js';

export interface FixturePermission {
  action: string;
  resource: string;
  principal?: Prisma.InputJsonValue;
  condition?: Prisma.InputJsonValue;
}

export interface FixtureVersion {
  createdAt: Date;
  causedBy: string;
  added: FixturePermission[];
}

export interface FixturePolicy {
  attachTo: string;
  policyType: 'identity' | 'resource';
  kind: string;
  versions: FixtureVersion[];
}

/** Returns a random 12-digit AWS account id. Each test file puts its own in every ARN it writes. */
export function randomAccountId(): string {
  return String(randomInt(100_000_000_000, 1_000_000_000_000));
}

export function policyDocument(permissions: FixturePermission[]): Prisma.InputJsonObject {
  return {
    Version: '2012-10-17',
    Statement: permissions.map((permission) => ({
      Effect: 'Allow',
      ...(permission.principal === undefined ? {} : { Principal: permission.principal }),
      Action: permission.action,
      Resource: permission.resource,
      ...(permission.condition === undefined ? {} : { Condition: permission.condition }),
    })),
  };
}

/** Inserts rows into policy, policy_version and permission as the aggregator would leave them. */
export async function insertPolicy(prisma: PrismaClient, policy: FixturePolicy): Promise<void> {
  const { attachTo, policyType, kind, versions } = policy;
  const granted: FixturePermission[] = [];
  const versionRows = [];
  const permissionRows = [];

  for (const [index, version] of versions.entries()) {
    for (const permission of version.added) {
      granted.push(permission);
      permissionRows.push({
        key: `${permission.action} ${permission.resource}`,
        action: permission.action,
        resource: permission.resource,
        principal: permission.principal,
        condition: permission.condition,
        addedInVersion: index + 1,
        firstEventId: version.causedBy,
        firstSeen: version.createdAt,
        lastSeen: version.createdAt,
        eventCount: 1,
        allowCount: 1,
        denyCount: 0,
      });
    }
    versionRows.push({
      version: index + 1,
      document: policyDocument(granted),
      added: version.added.map((permission) => ({
        key: `${permission.action} ${permission.resource}`,
        ...permission,
      })),
      causedBy: version.causedBy,
      createdAt: version.createdAt,
    });
  }

  const first = versions.at(0);
  const last = versions.at(-1);
  if (first === undefined || last === undefined) {
    throw new Error(`Fixture policy ${attachTo} needs at least one version.`);
  }

  await prisma.policy.create({
    data: {
      attachTo,
      policyType,
      kind,
      latestVersion: versions.length,
      document: policyDocument(granted),
      eventCount: versions.length,
      firstSeen: first.createdAt,
      lastSeen: last.createdAt,
      versions: { create: versionRows },
      permissions: { create: permissionRows },
    },
  });
}

/** Deletes every policy whose ARN contains the account id; versions and permissions cascade. */
export async function deleteAccountPolicies(
  prisma: PrismaClient,
  accountId: string,
): Promise<void> {
  await prisma.policy.deleteMany({ where: { attachTo: { contains: accountId } } });
}

const HOUR_MS = 3_600_000;

/** ARNs and times of the image-resizer account that the API tests read. */
export interface ImageResizerAccount {
  accountId: string;
  /** Role with a path, five identity versions one hour apart, and a one-version trust policy. */
  resizerRole: string;
  listRole: string;
  deployUser: string;
  /** Lambda function with only a resource-based policy, two versions. */
  resizeFunction: string;
  uploadsBucket: string;
  /** createdAt of the resizer role's identity versions 1 to 5, at index 0 to 4. */
  resizerVersionTimes: Date[];
}

/**
 * Seeds four principals of one account: a role with identity and resource (trust) policies,
 * another role, a user, and a Lambda function with only a resource policy.
 */
export async function seedImageResizerAccount(
  prisma: PrismaClient,
  accountId: string = randomAccountId(),
): Promise<ImageResizerAccount> {
  const start = Date.parse('2026-11-02T10:00:00.000Z');
  const at = (hours: number) => new Date(start + hours * HOUR_MS);
  const uploadsBucket = `arn:aws:s3:::uploads-${accountId}`;
  const thumbnailsBucket = `arn:aws:s3:::thumbnails-${accountId}`;
  const logGroup = `arn:aws:logs:us-east-1:${accountId}:log-group:/aws/lambda/resize:*`;
  const account: ImageResizerAccount = {
    accountId,
    resizerRole: `arn:aws:iam::${accountId}:role/service-role/image-resizer`,
    listRole: `arn:aws:iam::${accountId}:role/list-images`,
    deployUser: `arn:aws:iam::${accountId}:user/ci-deployer`,
    resizeFunction: `arn:aws:lambda:us-east-1:${accountId}:function:resize`,
    uploadsBucket,
    resizerVersionTimes: [0, 1, 2, 3, 4].map(at),
  };
  const identityPermissions: FixturePermission[] = [
    { action: 's3:GetObject', resource: `${uploadsBucket}/*` },
    { action: 's3:PutObject', resource: `${thumbnailsBucket}/*` },
    { action: 's3:ListBucket', resource: uploadsBucket },
    { action: 'logs:CreateLogStream', resource: logGroup },
    { action: 'logs:PutLogEvents', resource: logGroup },
  ];

  await insertPolicy(prisma, {
    attachTo: account.resizerRole,
    policyType: 'identity',
    kind: 'role',
    versions: identityPermissions.map((permission, index) => ({
      createdAt: at(index),
      causedBy: `event-${accountId}-resizer-${index + 1}`,
      added: [permission],
    })),
  });
  await insertPolicy(prisma, {
    attachTo: account.resizerRole,
    policyType: 'resource',
    kind: 'role',
    versions: [
      {
        createdAt: at(0),
        causedBy: `event-${accountId}-trust-1`,
        added: [
          {
            action: 'sts:AssumeRole',
            resource: account.resizerRole,
            principal: { Service: ['lambda.amazonaws.com'] },
          },
        ],
      },
    ],
  });
  await insertPolicy(prisma, {
    attachTo: account.listRole,
    policyType: 'identity',
    kind: 'role',
    versions: [
      {
        createdAt: at(1),
        causedBy: `event-${accountId}-list-1`,
        added: [{ action: 's3:ListBucket', resource: uploadsBucket }],
      },
    ],
  });
  await insertPolicy(prisma, {
    attachTo: account.deployUser,
    policyType: 'identity',
    kind: 'user',
    versions: [
      {
        createdAt: at(2),
        causedBy: `event-${accountId}-deploy-1`,
        added: [{ action: 'lambda:UpdateFunctionCode', resource: account.resizeFunction }],
      },
    ],
  });
  await insertPolicy(prisma, {
    attachTo: account.resizeFunction,
    policyType: 'resource',
    kind: 'resource',
    versions: [
      {
        createdAt: at(0),
        causedBy: `event-${accountId}-invoke-1`,
        added: [
          {
            action: 'lambda:InvokeFunction',
            resource: account.resizeFunction,
            principal: { Service: ['s3.amazonaws.com'] },
            condition: { ArnLike: { 'aws:SourceArn': uploadsBucket } },
          },
        ],
      },
      {
        createdAt: at(1),
        causedBy: `event-${accountId}-invoke-2`,
        added: [
          {
            action: 'lambda:GetFunction',
            resource: account.resizeFunction,
            principal: { AWS: [account.deployUser] },
          },
        ],
      },
    ],
  });

  return account;
}

export { createPrismaClient };
export type { PrismaClient };
