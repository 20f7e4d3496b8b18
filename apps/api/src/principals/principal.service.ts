import { Injectable } from '@nestjs/common';

import { decodePrincipalCursor, encodePrincipalCursor } from '../common/cursor.js';
import { buildPage, resolvePageSize, type Page } from '../common/page.js';
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

  async getPrincipal(arn: string): Promise<PrincipalRecord | null> {
    return this.principals.findByArn(arn);
  }

  /** Lists principals by ARN. Throws InvalidArgumentError for a bad `first` or `after`. */
  async listPrincipals(request: ListPrincipalsRequest): Promise<Page<PrincipalRecord>> {
    const pageSize = resolvePageSize(request.first);
    const afterArn = request.after ? decodePrincipalCursor(request.after) : undefined;
    const filter = { search: request.search ?? undefined };

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
