import { Injectable } from '@nestjs/common';
import { z } from 'zod';

import { StoredDataError } from '../common/api-errors.js';
import { PrismaService } from '../database/prisma.service.js';
import type { PermissionRecord, PolicyType, PolicyVersionRecord } from './records.js';

// `policy_version.added` is a JSON array of the permissions that version added. Other
// keys on an entry (such as the permission key) are ignored.
const addedPermissionsSchema = z.array(
  z.object({
    action: z.string(),
    resource: z.string(),
    principal: z.unknown().optional(),
    condition: z.unknown().optional(),
  }),
);

interface PolicyVersionRow {
  attachTo: string;
  policyType: string;
  version: number;
  createdAt: Date;
  document: unknown;
  added: unknown;
  causedBy: string;
}

function toAddedPermissions(row: PolicyVersionRow): PermissionRecord[] {
  const parsed = addedPermissionsSchema.safeParse(row.added);
  if (!parsed.success) {
    throw new StoredDataError(
      `policy_version.added of ${row.attachTo} (${row.policyType}) version ${row.version} ` +
        `is not an array of {action, resource, principal?, condition?}: ` +
        z.prettifyError(parsed.error),
    );
  }

  return parsed.data.map((permission) => ({
    action: permission.action,
    resource: permission.resource,
    principal: permission.principal ?? null,
    condition: permission.condition ?? null,
  }));
}

function toPolicyVersionRecord(row: PolicyVersionRow): PolicyVersionRecord {
  return {
    arn: row.attachTo,
    policyType: row.policyType as PolicyType,
    version: row.version,
    createdAt: row.createdAt,
    document: row.document,
    added: toAddedPermissions(row),
    causedBy: row.causedBy,
  };
}

/** Reads the versions of one policy, identified by its ARN and policy type. */
@Injectable()
export class PolicyVersionRepository {
  constructor(private readonly prisma: PrismaService) {}

  async policyExists(arn: string, policyType: PolicyType): Promise<boolean> {
    const policy = await this.prisma.client.policy.findUnique({
      where: { attachTo_policyType: { attachTo: arn, policyType } },
      select: { latestVersion: true },
    });

    return policy !== null;
  }

  async find(
    arn: string,
    policyType: PolicyType,
    version: number,
  ): Promise<PolicyVersionRecord | null> {
    const row = await this.prisma.client.policyVersion.findUnique({
      where: { attachTo_policyType_version: { attachTo: arn, policyType, version } },
    });

    return row === null ? null : toPolicyVersionRecord(row);
  }

  /** Finds the highest version created at or before `at`, or the highest overall. */
  async findLatest(
    arn: string,
    policyType: PolicyType,
    at: Date | undefined,
  ): Promise<PolicyVersionRecord | null> {
    const row = await this.prisma.client.policyVersion.findFirst({
      where: {
        attachTo: arn,
        policyType,
        ...(at === undefined ? {} : { createdAt: { lte: at } }),
      },
      orderBy: { version: 'desc' },
    });

    return row === null ? null : toPolicyVersionRecord(row);
  }

  /** Lists versions in ascending order, starting after `afterVersion` when given. */
  async list(
    arn: string,
    policyType: PolicyType,
    afterVersion: number | undefined,
    limit: number,
  ): Promise<PolicyVersionRecord[]> {
    const rows = await this.prisma.client.policyVersion.findMany({
      where: {
        attachTo: arn,
        policyType,
        ...(afterVersion === undefined ? {} : { version: { gt: afterVersion } }),
      },
      orderBy: { version: 'asc' },
      take: limit,
    });

    return rows.map(toPolicyVersionRecord);
  }

  async count(arn: string, policyType: PolicyType): Promise<number> {
    return this.prisma.client.policyVersion.count({ where: { attachTo: arn, policyType } });
  }

  async existsAtOrBefore(arn: string, policyType: PolicyType, version: number): Promise<boolean> {
    const row = await this.prisma.client.policyVersion.findFirst({
      where: { attachTo: arn, policyType, version: { lte: version } },
      select: { version: true },
    });

    return row !== null;
  }
}
