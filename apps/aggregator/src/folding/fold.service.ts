import { Inject, Injectable, Logger } from '@nestjs/common';

import type { IamEvaluationEvent } from '../../../../libs/contract/src/index.js';
import {
  PolicyStore,
  policyKeyString,
  type ConsumedEvent,
  type PolicyChange,
  type PolicyKey,
  PrismaClient,
} from '../../../../libs/persistence/src/index.js';
import {
  attachmentKind,
  currentPolicyDocument,
  emptyPolicyState,
  foldEvents,
} from '../../../../libs/policy/src/index.js';

/** Upper bound for one transaction; a slower one is rolled back and the batch retried. */
const TRANSACTION_TIMEOUT_MS = 60_000;

/**
 * Events per transaction. A Kafka batch can hold thousands of events for one policy, and each
 * new permission writes a full document, so large batches are folded in several transactions
 * to bound memory and transaction time. Redelivery after a failure between two of them is safe,
 * because stored events are skipped.
 */
const EVENTS_PER_TRANSACTION = 250;

export interface FoldSummary {
  stored: number;
  duplicates: number;
  newVersions: number;
}

/**
 * Stores a batch of events once each and folds the new ones into their policies, in
 * transactions of up to EVENTS_PER_TRANSACTION events. A redelivered batch finds its events
 * already stored and changes nothing.
 */
@Injectable()
export class FoldService {
  private readonly logger = new Logger(FoldService.name);
  private readonly store = new PolicyStore();

  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  async foldBatch(
    consumed: ConsumedEvent[],
    heartbeat: () => Promise<void> = async () => {},
  ): Promise<FoldSummary> {
    const unique = uniqueById(consumed);
    const summary: FoldSummary = {
      stored: 0,
      duplicates: consumed.length - unique.length,
      newVersions: 0,
    };

    for (let start = 0; start < unique.length; start += EVENTS_PER_TRANSACTION) {
      const part = await this.foldInTransaction(
        unique.slice(start, start + EVENTS_PER_TRANSACTION),
      );
      summary.stored += part.stored;
      summary.duplicates += part.duplicates;
      summary.newVersions += part.newVersions;
      await heartbeat();
    }

    this.logger.log(summary, 'Folded a batch');
    return summary;
  }

  private foldInTransaction(unique: ConsumedEvent[]): Promise<FoldSummary> {
    return this.prisma.$transaction(
      async (tx) => {
        const storedIds = await this.store.appendEvents(tx, unique);
        const fresh = unique
          .filter(({ event }) => storedIds.has(event.id))
          .map(({ event }) => event);
        const byPolicy = groupByPolicy(fresh);

        const states = await this.store.loadPolicies(
          tx,
          [...byPolicy.values()].map(({ key }) => key),
        );
        const changes: PolicyChange[] = [];
        for (const [policyKey, { key, events }] of byPolicy) {
          const before = states.get(policyKey) ?? emptyPolicyState(key.attachTo, key.policyType);
          const { state, versions } = foldEvents(before, events);

          changes.push({
            state,
            kind: attachmentKind(key.attachTo),
            document: currentPolicyDocument(state),
            versions,
            touchedPermissionKeys: touchedKeys(before.permissions, state.permissions),
          });
        }
        await this.store.saveChanges(tx, changes);

        return {
          stored: fresh.length,
          duplicates: unique.length - fresh.length,
          newVersions: changes.reduce((total, change) => total + change.versions.length, 0),
        };
      },
      { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_TIMEOUT_MS },
    );
  }
}

function uniqueById(consumed: ConsumedEvent[]): ConsumedEvent[] {
  const seen = new Set<string>();
  return consumed.filter(({ event }) => {
    if (seen.has(event.id)) {
      return false;
    }
    seen.add(event.id);
    return true;
  });
}

function groupByPolicy(
  events: IamEvaluationEvent[],
): Map<string, { key: PolicyKey; events: IamEvaluationEvent[] }> {
  const groups = new Map<string, { key: PolicyKey; events: IamEvaluationEvent[] }>();
  for (const event of events) {
    const policyKey = policyKeyString(event.attachTo, event.policyType);
    const group = groups.get(policyKey) ?? {
      key: { attachTo: event.attachTo, policyType: event.policyType },
      events: [],
    };
    group.events.push(event);
    groups.set(policyKey, group);
  }

  return groups;
}

/** Keys of permissions that are new or whose record changed, compared by identity. */
function touchedKeys<T>(
  before: ReadonlyMap<string, T>,
  after: ReadonlyMap<string, T>,
): Set<string> {
  const keys = new Set<string>();
  for (const [key, record] of after) {
    if (before.get(key) !== record) {
      keys.add(key);
    }
  }

  return keys;
}
