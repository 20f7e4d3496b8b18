import { Injectable } from '@nestjs/common';

import { POLICY_TYPES } from '../../../../libs/contract/src/index.js';
import { Prisma } from '../../../../libs/persistence/src/index.js';
import { PrismaService } from '../database/prisma.service.js';
import type { PolicyType, PrincipalRecord } from './records.js';

export interface PrincipalFilter {
  /** Case-insensitive substring of the ARN. */
  search?: string;
}

interface PrincipalRow {
  arn: string;
  kinds: string[];
  policy_types: string[];
}

function isPolicyType(value: string): value is PolicyType {
  return (POLICY_TYPES as readonly string[]).includes(value);
}

function toPrincipalRecord(row: PrincipalRow): PrincipalRecord {
  return {
    arn: row.arn,
    kind: row.kinds[0] ?? 'other',
    policyTypes: row.policy_types.filter(isPolicyType),
  };
}

// Backslash is the default escape character of LIKE in PostgreSQL.
function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function searchCondition(filter: PrincipalFilter): Prisma.Sql {
  if (filter.search === undefined || filter.search === '') {
    return Prisma.sql`TRUE`;
  }

  return Prisma.sql`attach_to ILIKE ${`%${escapeLikePattern(filter.search)}%`}`;
}

/**
 * Reads principals from table `policy`. A principal is a distinct `attach_to` value, so an
 * ARN with both an identity and a resource policy is one principal.
 */
@Injectable()
export class PrincipalRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findByArn(arn: string): Promise<PrincipalRecord | null> {
    const rows = await this.queryPrincipals(Prisma.sql`attach_to = ${arn}`, 1);
    return rows[0] ?? null;
  }

  /** Lists principals ordered by ARN, starting after `afterArn` when given. */
  async list(
    filter: PrincipalFilter,
    afterArn: string | undefined,
    limit: number,
  ): Promise<PrincipalRecord[]> {
    const after = afterArn === undefined ? Prisma.sql`TRUE` : Prisma.sql`attach_to > ${afterArn}`;

    return this.queryPrincipals(Prisma.sql`${searchCondition(filter)} AND ${after}`, limit);
  }

  async count(filter: PrincipalFilter): Promise<number> {
    const rows = await this.prisma.client.$queryRaw<{ count: number }[]>`
      SELECT count(DISTINCT attach_to)::int AS count
      FROM policy
      WHERE ${searchCondition(filter)}`;

    return rows[0]?.count ?? 0;
  }

  /** Returns whether a principal matching the filter sorts at or before `arn`. */
  async existsAtOrBefore(filter: PrincipalFilter, arn: string): Promise<boolean> {
    const rows = await this.prisma.client.$queryRaw<{ found: boolean }[]>`
      SELECT EXISTS (
        SELECT 1 FROM policy WHERE ${searchCondition(filter)} AND attach_to <= ${arn}
      ) AS found`;

    return rows[0]?.found ?? false;
  }

  private async queryPrincipals(condition: Prisma.Sql, limit: number): Promise<PrincipalRecord[]> {
    const rows = await this.prisma.client.$queryRaw<PrincipalRow[]>`
      SELECT attach_to AS arn,
             array_agg(kind ORDER BY policy_type) AS kinds,
             array_agg(policy_type ORDER BY policy_type) AS policy_types
      FROM policy
      WHERE ${condition}
      GROUP BY attach_to
      ORDER BY attach_to
      LIMIT ${limit}`;

    return rows.map(toPrincipalRecord);
  }
}
