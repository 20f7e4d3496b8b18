import { Injectable } from '@nestjs/common';

import { decodeVersionCursor, encodeVersionCursor } from '../common/cursor.js';
import { buildPage, resolvePageSize, type Page } from '../common/page.js';
import { checkTextArgument } from '../common/text-argument.js';
import { PolicyVersionRepository } from './policy-version.repository.js';
import type { PolicyType, PolicyVersionRecord } from './records.js';

export interface ListVersionsRequest {
  first?: number | null;
  after?: string | null;
}

@Injectable()
export class PolicyVersionService {
  constructor(private readonly versions: PolicyVersionRepository) {}

  /**
   * Lists the versions of one policy in ascending order. Returns null when the ARN has no
   * policy of that type, and throws InvalidArgumentError for a bad `arn`, `first` or `after`.
   */
  async listVersions(
    arn: string,
    policyType: PolicyType,
    request: ListVersionsRequest,
  ): Promise<Page<PolicyVersionRecord> | null> {
    checkTextArgument('arn', arn);
    const pageSize = resolvePageSize(request.first);
    const afterVersion = request.after ? decodeVersionCursor(request.after) : undefined;

    const [exists, rows, totalCount, hasPreviousPage] = await Promise.all([
      this.versions.policyExists(arn, policyType),
      this.versions.list(arn, policyType, afterVersion, pageSize + 1),
      this.versions.count(arn, policyType),
      afterVersion === undefined
        ? Promise.resolve(false)
        : this.versions.existsAtOrBefore(arn, policyType, afterVersion),
    ]);
    if (!exists) {
      return null;
    }

    return buildPage(
      rows,
      pageSize,
      (version) => encodeVersionCursor(version.version),
      hasPreviousPage,
      totalCount,
    );
  }

  async getVersion(
    arn: string,
    policyType: PolicyType,
    version: number,
  ): Promise<PolicyVersionRecord | null> {
    return this.versions.find(checkTextArgument('arn', arn), policyType, version);
  }

  /** Returns the version in force at `at`, which is the highest one created at or before it. */
  async getPolicyAt(
    arn: string,
    policyType: PolicyType,
    at: Date | undefined,
  ): Promise<PolicyVersionRecord | null> {
    return this.versions.findLatest(checkTextArgument('arn', arn), policyType, at);
  }
}
