import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  validateEvaluationEvent,
  type IamEvaluationEvent,
  type PolicyType,
  type StatementCondition,
  type StatementPrincipal,
} from '../../contract/src/index.js';

import { compareText } from './canonical.js';
import { synthesisePolicyDocument, type PolicyDocument } from './document.js';
import { isLiteralPattern } from './engine/expansion-pattern.js';
import { escapeResourceLiteral, unescapeResourceLiteral } from './engine/resource-literal.js';
import { currentPolicyDocument, emptyPolicyState, foldEvents, type PolicyState } from './fold.js';
import { permissionFromEvent, permissionKey, type Permission } from './permission.js';
import { allowedPairs } from './testing/allowed-pairs.js';
import { BUCKET_ARN, makeEvent, ROLE_ARN } from './testing/events.js';

// Small pools, so that random lists repeat permissions and spellings often.
const ACTIONS = [
  's3:GetObject',
  's3:getObject',
  's3:GETOBJECT',
  's3:PutObject',
  's3:ListBucket',
  'sqs:SendMessage',
  'sqs:sendmessage',
  'kms:Decrypt',
];
const RESOURCES = [
  '*',
  BUCKET_ARN,
  `${BUCKET_ARN}/*`,
  `${BUCKET_ARN}/2026-01-01T00:00:00Z/a:b.txt`,
  `${BUCKET_ARN}/A.txt`,
  `${BUCKET_ARN}/a.txt`,
  `${BUCKET_ARN}/a?b/c*.csv`,
  `${BUCKET_ARN}/home/\${aws:username}/$x`,
  `${BUCKET_ARN}/\${*}`,
  'arn:aws:sqs:eu-west-1:123456789012:jobs',
];
const STATEMENT_PRINCIPALS: (StatementPrincipal | undefined)[] = [
  undefined,
  '*',
  { AWS: '*' },
  { AWS: ROLE_ARN },
  { AWS: [ROLE_ARN] },
  { AWS: ['arn:aws:iam::210987654321:root', ROLE_ARN] },
  { AWS: [ROLE_ARN, 'arn:aws:iam::210987654321:root', ROLE_ARN] },
  { Service: 'cloudfront.amazonaws.com' },
];
const CONDITIONS: (StatementCondition | undefined)[] = [
  undefined,
  {},
  { StringEquals: { 'aws:SourceAccount': '123456789012' } },
  { StringEquals: { 'aws:SourceAccount': ['123456789012'] } },
  { Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'aws:SourceVpc': ['b', 'a'] } },
  { StringEquals: { 'aws:SourceVpc': ['a', 'b', 'a'] }, Bool: { 'aws:SecureTransport': ['true'] } },
];
const START = Date.parse('2026-01-01T00:00:00Z');
const OFFSETS = ['Z', '+02:00', '-05:30'];

function formatWithOffset(milliseconds: number, offset: string): string {
  if (offset === 'Z') {
    return new Date(milliseconds).toISOString();
  }

  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(':').map(Number) as [number, number];
  const shifted = new Date(milliseconds + sign * (hours * 60 + minutes) * 60_000);
  return shifted.toISOString().replace('Z', offset);
}

function eventArbitrary(policyType: PolicyType): fc.Arbitrary<Omit<IamEvaluationEvent, 'id'>> {
  const attachTo = policyType === 'identity' ? ROLE_ARN : BUCKET_ARN;

  return fc
    .record({
      action: fc.constantFrom(...ACTIONS),
      resource: fc.constantFrom(...RESOURCES),
      principalInStatement: fc.constantFrom(...STATEMENT_PRINCIPALS),
      condition: fc.constantFrom(...CONDITIONS),
      decision: fc.constantFrom('allow', 'implicit-deny', 'explicit-deny', 'unknown' as const),
      milliseconds: fc.integer({ min: START, max: START + 86_400_000 }),
      offset: fc.constantFrom(...OFFSETS),
    })
    .map(({ principalInStatement, condition, milliseconds, offset, ...rest }) => {
      const { id: _id, ...event } = makeEvent({
        ...rest,
        policyType,
        attachTo,
        time: formatWithOffset(milliseconds, offset),
        ...(condition === undefined ? {} : { condition }),
        ...(policyType === 'resource' && principalInStatement !== undefined
          ? { principalInStatement }
          : {}),
      });
      return event;
    });
}

/** A random event list, and the same list shuffled with some events delivered again. */
const scenarioArbitrary = fc.constantFrom<PolicyType>('identity', 'resource').chain((policyType) =>
  fc
    .array(eventArbitrary(policyType), { maxLength: 25 })
    .map((events) => events.map((event, index) => ({ ...event, id: `event-${index}` })))
    .chain((events) =>
      fc
        .array(fc.nat({ max: Math.max(events.length - 1, 0) }), {
          maxLength: events.length === 0 ? 0 : 10,
        })
        .map((indexes) =>
          indexes.map((index, copy) => ({ ...events[index]!, id: `redelivery-${copy}` })),
        )
        .chain((redeliveries) =>
          fc.shuffledSubarray([...events, ...redeliveries], {
            minLength: events.length + redeliveries.length,
          }),
        )
        .map((reordered) => ({ policyType, events, reordered })),
    ),
);

function fold(policyType: PolicyType, events: IamEvaluationEvent[]) {
  const attachTo = policyType === 'identity' ? ROLE_ARN : BUCKET_ARN;
  return foldEvents(emptyPolicyState(attachTo, policyType), events);
}

function keySet(permissions: Iterable<Permission>): string[] {
  return [...new Set([...permissions].map(permissionKey))].toSorted(compareText);
}

/** Drops `addedInVersion`, the only part of the state that depends on event order. */
function orderFreeView(state: PolicyState): unknown {
  const permissions = [...state.permissions.values()]
    .map(({ addedInVersion: _version, ...record }) => record)
    .toSorted((left, right) => compareText(left.key, right.key));

  return { ...state, permissions };
}

function latestDocument(versions: { document: PolicyDocument }[]): PolicyDocument | undefined {
  return versions.at(-1)?.document;
}

describe('fold properties', () => {
  it('generates contract-valid events', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ reordered }) => {
        for (const event of reordered) {
          expect(validateEvaluationEvent(event)).toMatchObject({ ok: true });
        }
      }),
      { numRuns: 50 },
    );
  });

  it('ignores order and redelivery', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ policyType, events, reordered }) => {
        const original = fold(policyType, events);
        const shuffled = fold(policyType, reordered);

        const originalDocument = JSON.stringify(currentPolicyDocument(original.state));
        expect(JSON.stringify(currentPolicyDocument(shuffled.state))).toBe(originalDocument);
        expect(shuffled.versions).toHaveLength(original.versions.length);
      }),
    );
  });

  it('versions each distinct permission once', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ policyType, reordered }) => {
        const { state, versions } = fold(policyType, reordered);

        const distinct = new Set(
          reordered.map((event) => permissionKey(permissionFromEvent(event))),
        );
        expect(versions).toHaveLength(state.permissions.size);
        expect(versions.map((version) => version.version)).toEqual(
          versions.map((_version, index) => index + 1),
        );
        expect(state.version).toBe(versions.length);
        expect(state.eventCount).toBe(reordered.length);
        expect(versions).toHaveLength(distinct.size);
      }),
    );
  });

  it('latest version allows the final set', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ policyType, reordered }) => {
        const { state, versions } = fold(policyType, reordered);

        const latest = latestDocument(versions);
        const expected = keySet(state.permissions.values());
        expect(keySet(latest === undefined ? [] : allowedPairs(latest))).toEqual(expected);
      }),
    );
  });

  it('permutation gives the same state', () => {
    fc.assert(
      fc.property(
        scenarioArbitrary.chain(({ policyType, events }) =>
          fc
            .shuffledSubarray(events, { minLength: events.length })
            .map((permuted) => ({ policyType, events, permuted })),
        ),
        ({ policyType, events, permuted }) => {
          const original = fold(policyType, events);
          const shuffled = fold(policyType, permuted);

          expect(orderFreeView(shuffled.state)).toEqual(orderFreeView(original.state));
        },
      ),
    );
  });
});

describe('document properties', () => {
  const permissionsArbitrary = fc
    .constantFrom<PolicyType>('identity', 'resource')
    .chain((policyType) =>
      fc.array(eventArbitrary(policyType), { maxLength: 30 }).map((events) => ({
        policyType,
        permissions: events.map((event): Permission => ({
          action: event.action,
          resource: event.resource,
          ...(policyType === 'resource'
            ? { principal: event.principalInStatement ?? { AWS: event.principal.arn } }
            : {}),
          ...(event.condition === undefined ? {} : { condition: event.condition }),
        })),
      })),
    );

  it('allows exactly the input set', () => {
    fc.assert(
      fc.property(permissionsArbitrary, ({ policyType, permissions }) => {
        const pairs = allowedPairs(synthesisePolicyDocument(policyType, permissions));

        expect(keySet(pairs)).toEqual(keySet(permissions));
        expect(pairs).toHaveLength(keySet(permissions).length);
      }),
    );
  });

  it('spells each action as its smallest form', () => {
    fc.assert(
      fc.property(permissionsArbitrary, ({ policyType, permissions }) => {
        const document = synthesisePolicyDocument(policyType, permissions);

        for (const statement of document.Statement) {
          for (const action of statement.Action) {
            const spellings = permissions
              .map((permission) => permission.action)
              .filter((spelling) => spelling.toLowerCase() === action.toLowerCase())
              .toSorted(compareText);
            expect(action).toBe(spellings[0]);
          }
        }
      }),
    );
  });

  it('ignores input order', () => {
    fc.assert(
      fc.property(
        permissionsArbitrary.chain(({ policyType, permissions }) =>
          fc
            .shuffledSubarray(permissions, { minLength: permissions.length })
            .map((shuffled) => ({ policyType, permissions, shuffled })),
        ),
        ({ policyType, permissions, shuffled }) => {
          const expected = JSON.stringify(synthesisePolicyDocument(policyType, permissions));

          expect(JSON.stringify(synthesisePolicyDocument(policyType, shuffled))).toBe(expected);
        },
      ),
    );
  });

  it('writes unique alphanumeric Sids', () => {
    fc.assert(
      fc.property(permissionsArbitrary, ({ policyType, permissions }) => {
        const sids = synthesisePolicyDocument(policyType, permissions).Statement.map(
          (statement) => statement.Sid,
        );

        expect(new Set(sids).size).toBe(sids.length);
        sids.forEach((sid) => expect(sid).toMatch(/^[A-Za-z0-9]+$/));
      }),
    );
  });

  it('writes resources as literal text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('$', '*', '?', '{', '}', 'a', ':', '/') }),
        (resource) => {
          const written = escapeResourceLiteral(resource);

          expect(unescapeResourceLiteral(written)).toBe(resource);
          expect(resource === '*' || isLiteralPattern(written)).toBe(true);
        },
      ),
    );
  });
});
