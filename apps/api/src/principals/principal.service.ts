import { Injectable } from '@nestjs/common';

import { decodePrincipalCursor, encodePrincipalCursor } from '../common/cursor.js';
import { buildPage, resolvePageSize, type Page } from '../common/page.js';
import { checkTextArgument } from '../common/text-argument.js';
import { PrincipalRepository } from './principal.repository.js';
import type { PrincipalRecord } from './records.js';

export interface ListPrincipalsRequest {
  first?: number | null;
  after?: string | null;
  search?: string | null;
}

@Injectable()
export class PrincipalService {
  constructor(private readonly principals: PrincipalRepository) {}

  /** Finds a principal by ARN. Throws InvalidArgumentError for an ARN that cannot be stored. */
  async getPrincipal(arn: string): Promise<PrincipalRecord | null> {
    return this.principals.findByArn(checkTextArgument('arn', arn));
  }

  /** Lists principals by ARN. Throws InvalidArgumentError for a bad `first`, `after` or `search`. */
  async listPrincipals(request: ListPrincipalsRequest): Promise<Page<PrincipalRecord>> {
    const pageSize = resolvePageSize(request.first);
    const afterArn = request.after ? decodePrincipalCursor(request.after) : undefined;
    const search = request.search ?? undefined;
    const filter = {
      search: search === undefined ? undefined : checkTextArgument('search', search),
    };

    const [rows, totalCount, hasPreviousPage] = await Promise.all([
      this.principals.list(filter, afterArn, pageSize + 1),
      this.principals.count(filter),
      afterArn === undefined
        ? Promise.resolve(false)
        : this.principals.existsAtOrBefore(filter, afterArn),
    ]);

    return buildPage(
      rows,
      pageSize,
      (principal) => encodePrincipalCursor(principal.arn),
      hasPreviousPage,
      totalCount,
    );
  }
}
