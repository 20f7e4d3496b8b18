import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The oracle is AGPL-3.0 and a devDependency: only this test may import it.
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { describe, expect, it } from 'vitest';

import { evaluateRequest, type Decision } from './evaluation.js';
import { classifyRequestPrincipal, isExemptByNotPrincipal } from './evaluation-principal.js';
import { parsePolicy } from './grammar.js';
import { matchPrincipal } from './matching.js';
import type { PrincipalElement, RequestContext } from './policy.js';

/**
 * Compares `evaluateRequest` with @cloud-copilot/iam-simulate 0.1.173 on random policies and
 * requests drawn from a fixed seed. The request context is complete, so the engine never
 * returns `conditional` and every decision maps onto the oracle's three results.
 *
 * Each disagreement must be explained by reviewed exceptions, listed with the AWS page that
 * decides them in libs/policy/test-cases/differential-exceptions.json. An exception is a
 * rewrite of the case that keeps the engine's decision but steers the oracle around the
 * behaviour in question. A disagreement is explained when the oracle agrees after it.
 *
 * This is an integration test because the oracle validates every case against the AWS
 * action data and takes about 2 ms per case, about 20 s for 10,000 cases on 2 cores.
 */

const SEED = 20_261_204;
const ORACLE_BATCH_SIZE = 200;
const CASE_COUNT = 10_000;

const ACCOUNT_A = '111122223333';
const ACCOUNT_B = '444455556666';

type JsonPolicy = { Version: string; Statement: JsonStatement[] };
type JsonStatement = Record<string, unknown>;

interface DifferentialCase {
  principal: string;
  action: string;
  resource: string;
  resourceAccount: string;
  context: Record<string, string | string[]>;
  identityPolicies: JsonPolicy[];
  permissionsBoundary?: JsonPolicy;
  scps?: JsonPolicy[][];
  resourcePolicy?: JsonPolicy;
}

/** mulberry32: a small seeded PRNG, so every run draws the same cases. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };

  return {
    chance: (probability: number): boolean => next() < probability,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    integer: (min: number, max: number): number => min + Math.floor(next() * (max - min + 1)),
    subset: <T>(items: readonly T[]): T[] => items.filter(() => next() < 0.5),
  };
}

type Random = ReturnType<typeof createRandom>;

const PRINCIPALS = [
  `arn:aws:iam::${ACCOUNT_A}:user/alice`,
  `arn:aws:iam::${ACCOUNT_A}:user/bob`,
  `arn:aws:sts::${ACCOUNT_A}:assumed-role/app/session-1`,
  `arn:aws:iam::${ACCOUNT_B}:user/carol`,
  'sns.amazonaws.com',
] as const;

interface ActionShape {
  action: string;
  resources: (account: string) => string[];
  /** Patterns for Action elements that may or may not match `action`. */
  actionPatterns: string[];
  /** Patterns for Resource elements. */
  resourcePatterns: (account: string) => string[];
}

const S3_OBJECT_KEYS = ['a.txt', 'home/alice/x.txt', 'dir/2026:01:01/b.json'];

const ACTIONS: ActionShape[] = [
  {
    action: 's3:GetObject',
    resources: () => S3_OBJECT_KEYS.map((key) => `arn:aws:s3:::data/${key}`),
    actionPatterns: [
      's3:GetObject',
      's3:Get*',
      's3:*',
      '*',
      'S3:getobject',
      's3:PutObject',
      's3:*Object',
    ],
    resourcePatterns: () => [
      '*',
      'arn:aws:s3:::data/*',
      'arn:aws:s3:::data/a.txt',
      'arn:aws:s3:::data/home/${aws:username}/*',
      'arn:aws:s3:::data/dir/*:*',
      'arn:aws:s3:::logs/*',
      'arn:*:s3:::data/?.txt',
    ],
  },
  {
    action: 's3:ListBucket',
    resources: () => ['arn:aws:s3:::data'],
    actionPatterns: ['s3:ListBucket', 's3:List*', 's3:*', '*', 's3:GetObject'],
    resourcePatterns: () => ['*', 'arn:aws:s3:::data', 'arn:aws:s3:::data/*', 'arn:aws:s3:::*'],
  },
  {
    action: 'sqs:SendMessage',
    resources: (account) => [
      `arn:aws:sqs:us-east-1:${account}:jobs`,
      `arn:aws:sqs:eu-west-1:${account}:jobs-2`,
    ],
    actionPatterns: ['sqs:SendMessage', 'sqs:Send*', 'sqs:*', '*', 'sqs:ReceiveMessage'],
    resourcePatterns: (account) => [
      '*',
      `arn:aws:sqs:us-east-1:${account}:jobs`,
      `arn:aws:sqs:*:${account}:*`,
      `arn:aws:sqs:*:*:jobs-?`,
      `arn:aws:sqs:us-east-1:${ACCOUNT_B}:*`,
    ],
  },
  {
    action: 'lambda:InvokeFunction',
    resources: (account) => [
      `arn:aws:lambda:us-east-1:${account}:function:handler`,
      `arn:aws:lambda:us-east-1:${account}:function:handler:PROD`,
    ],
    actionPatterns: ['lambda:InvokeFunction', 'lambda:Invoke*', 'lambda:*', '*'],
    resourcePatterns: (account) => [
      '*',
      `arn:aws:lambda:us-east-1:${account}:function:handler`,
      `arn:aws:lambda:us-east-1:${account}:function:handler*`,
      `arn:aws:lambda:*:${account}:function:*`,
    ],
  },
  {
    action: 'dynamodb:GetItem',
    resources: (account) => [`arn:aws:dynamodb:us-east-1:${account}:table/orders`],
    actionPatterns: ['dynamodb:GetItem', 'dynamodb:Get*', 'dynamodb:*', '*', 'dynamodb:PutItem'],
    resourcePatterns: (account) => [
      '*',
      `arn:aws:dynamodb:us-east-1:${account}:table/orders`,
      `arn:aws:dynamodb:*:*:table/*`,
      `arn:aws:dynamodb:us-east-1:${account}:table/orders/index/*`,
    ],
  },
];

/** Request context values. Each key is present in about two of three requests. */
const CONTEXT_VALUES: Record<string, (string | string[])[]> = {
  'aws:PrincipalTag/team': ['blue', 'red', 'Blue'],
  'aws:username': ['alice', 'bob'],
  'aws:SourceIp': ['203.0.113.7', '10.1.2.3', '2001:db8::1'],
  'aws:CurrentTime': ['2026-01-01T00:00:00Z', '2026-06-01T12:00:00Z'],
  'aws:SecureTransport': ['true', 'false'],
  'aws:MultiFactorAuthAge': ['0', '100', '3600'],
  'aws:SourceArn': [
    `arn:aws:sns:us-east-1:${ACCOUNT_A}:alerts`,
    `arn:aws:sns:us-east-1:${ACCOUNT_B}:alerts`,
  ],
  'aws:TagKeys': [['a'], ['a', 'b'], ['b', 'c'], ['d']],
};

type ConditionBlock = Record<string, Record<string, string | string[]>>;

function drawCondition(random: Random): ConditionBlock {
  const ifExists = random.chance(0.2) ? 'IfExists' : '';
  const kind = random.integer(0, 9);

  switch (kind) {
    case 0: {
      const operator = random.pick([
        'StringEquals',
        'StringNotEquals',
        'StringEqualsIgnoreCase',
        'StringNotEqualsIgnoreCase',
        'StringLike',
        'StringNotLike',
      ]);
      const values = random.pick([
        ['blue'],
        ['red', 'blue'],
        ['b*'],
        ['?ed'],
        ['BLUE'],
        ['${aws:username}'],
      ]);
      return { [operator + ifExists]: { 'aws:PrincipalTag/team': values } };
    }
    case 1: {
      const operator = random.pick(['IpAddress', 'NotIpAddress']);
      const values = random.pick([
        ['203.0.113.0/24'],
        ['10.0.0.0/8', '2001:db8::/32'],
        ['203.0.113.7'],
      ]);
      return { [operator + ifExists]: { 'aws:SourceIp': values } };
    }
    case 2: {
      const operator = random.pick([
        'DateEquals',
        'DateNotEquals',
        'DateLessThan',
        'DateLessThanEquals',
        'DateGreaterThan',
        'DateGreaterThanEquals',
      ]);
      const value = random.pick(['2026-03-01T00:00:00Z', '2026-01-01T00:00:00Z', '1767225600']);
      return { [operator + ifExists]: { 'aws:CurrentTime': value } };
    }
    case 3:
      return { ['Bool' + ifExists]: { 'aws:SecureTransport': random.pick(['true', 'false']) } };
    case 4: {
      const operator = random.pick([
        'NumericEquals',
        'NumericNotEquals',
        'NumericLessThan',
        'NumericLessThanEquals',
        'NumericGreaterThan',
        'NumericGreaterThanEquals',
      ]);
      const value = random.pick(['100', '0', '3600.0']);
      return { [operator + ifExists]: { 'aws:MultiFactorAuthAge': value } };
    }
    case 5: {
      const operator = random.pick(['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike']);
      const value = random.pick([
        `arn:aws:sns:us-east-1:${ACCOUNT_A}:alerts`,
        `arn:aws:sns:*:${ACCOUNT_A}:*`,
        'arn:aws:sns:*:*:alert?',
      ]);
      return { [operator + ifExists]: { 'aws:SourceArn': value } };
    }
    case 6: {
      const setOperator = random.pick(['ForAllValues', 'ForAnyValue']);
      const operator = random.pick(['StringEquals', 'StringLike', 'StringNotEquals']);
      const values = random.pick([['a'], ['a', 'b'], ['b*'], ['a', 'b', 'c']]);
      return { [`${setOperator}:${operator}${ifExists}`]: { 'aws:TagKeys': values } };
    }
    case 7: {
      const key = random.pick(Object.keys(CONTEXT_VALUES));
      return { Null: { [key]: random.pick(['true', 'false']) } };
    }
    case 8:
      return { ['StringEquals' + ifExists]: { 'aws:username': random.pick(['alice', 'bob']) } };
    default:
      return {
        ['StringLike' + ifExists]: { 'aws:PrincipalTag/team': '${aws:username}*' },
      };
  }
}

function drawStatement(
  random: Random,
  shape: ActionShape,
  account: string,
  options: { resourcePolicy: boolean },
): JsonStatement {
  const statement: JsonStatement = { Effect: random.chance(0.35) ? 'Deny' : 'Allow' };

  const actions = random.subset(shape.actionPatterns);
  const actionElement = actions.length === 0 ? random.pick(shape.actionPatterns) : actions;
  statement[random.chance(0.12) ? 'NotAction' : 'Action'] = actionElement;

  const resources = random.subset(shape.resourcePatterns(account));
  const resourceElement = resources.length === 0 ? '*' : resources;
  statement[random.chance(0.12) ? 'NotResource' : 'Resource'] = resourceElement;

  if (options.resourcePolicy) {
    const principal = random.pick<unknown>([
      '*',
      { AWS: `arn:aws:iam::${ACCOUNT_A}:user/alice` },
      { AWS: [`arn:aws:iam::${ACCOUNT_A}:user/bob`, `arn:aws:iam::${ACCOUNT_B}:user/carol`] },
      { AWS: `arn:aws:iam::${ACCOUNT_A}:role/app` },
      { AWS: `arn:aws:sts::${ACCOUNT_A}:assumed-role/app/session-1` },
      { AWS: ACCOUNT_A },
      { AWS: `arn:aws:iam::${ACCOUNT_B}:root` },
      { Service: 'sns.amazonaws.com' },
    ]);
    statement[random.chance(0.1) ? 'NotPrincipal' : 'Principal'] = principal;
  }

  const conditionCount = random.pick([0, 0, 1, 1, 2]);
  if (conditionCount > 0) {
    const condition: ConditionBlock = {};
    for (let index = 0; index < conditionCount; index += 1) {
      for (const [operator, block] of Object.entries(drawCondition(random))) {
        condition[operator] = { ...condition[operator], ...block };
      }
    }
    statement['Condition'] = condition;
  }

  return statement;
}

function drawPolicy(
  random: Random,
  shape: ActionShape,
  account: string,
  options: { resourcePolicy: boolean },
): JsonPolicy {
  const count = random.integer(1, 3);
  const statements = Array.from({ length: count }, () =>
    drawStatement(random, shape, account, options),
  );
  return { Version: '2012-10-17', Statement: statements };
}

const ALLOW_ALL: JsonPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

function drawCase(random: Random): DifferentialCase {
  const shape = random.pick(ACTIONS);
  const resourceAccount = random.pick([ACCOUNT_A, ACCOUNT_A, ACCOUNT_B]);
  const resource = random.pick(shape.resources(resourceAccount));
  const principal = random.pick(PRINCIPALS);
  const iamOnly = { resourcePolicy: false };
  // A service principal has no identity-based policies or permissions boundary.
  const isService = principal.endsWith('.amazonaws.com');

  const context: Record<string, string | string[]> = {};
  for (const [key, values] of Object.entries(CONTEXT_VALUES)) {
    if (random.chance(0.67)) {
      context[key] = random.pick(values);
    }
  }

  const identityPolicies = Array.from({ length: isService ? 0 : random.integer(0, 2) }, () =>
    drawPolicy(random, shape, resourceAccount, iamOnly),
  );
  const permissionsBoundary =
    !isService && random.chance(0.25)
      ? drawPolicy(random, shape, resourceAccount, iamOnly)
      : undefined;
  const scps = random.chance(0.25)
    ? Array.from({ length: random.integer(1, 2) }, () => [
        random.chance(0.6) ? ALLOW_ALL : drawPolicy(random, shape, resourceAccount, iamOnly),
        ...(random.chance(0.4) ? [drawPolicy(random, shape, resourceAccount, iamOnly)] : []),
      ])
    : undefined;
  const resourcePolicy = random.chance(0.5)
    ? drawPolicy(random, shape, resourceAccount, { resourcePolicy: true })
    : undefined;

  return {
    principal,
    action: shape.action,
    resource,
    resourceAccount,
    context,
    identityPolicies,
    permissionsBoundary,
    scps,
    resourcePolicy,
  };
}

const ORACLE_DECISIONS: Record<string, Decision> = {
  Allowed: 'allow',
  ExplicitlyDenied: 'explicit-deny',
  ImplicitlyDenied: 'implicit-deny',
};

/**
 * Runs the oracle with input validation. Its `runUnsafeSimulation` fails on every resource
 * policy in 0.1.173: it loads the policy without a name and then reads the name.
 */
async function runOracle(testCase: DifferentialCase): Promise<Decision> {
  const response = await runSimulation(
    {
      request: {
        principal: testCase.principal,
        action: testCase.action,
        resource: { resource: testCase.resource, accountId: testCase.resourceAccount },
        contextVariables: testCase.context,
      },
      identityPolicies: testCase.identityPolicies.map((policy, index) => ({
        name: `identity-${index}`,
        policy,
      })),
      permissionBoundaryPolicies:
        testCase.permissionsBoundary === undefined
          ? undefined
          : [{ name: 'boundary', policy: testCase.permissionsBoundary }],
      serviceControlPolicies: (testCase.scps ?? []).map((level, levelIndex) => ({
        orgIdentifier: `ou-${levelIndex}`,
        policies: level.map((policy, index) => ({ name: `scp-${levelIndex}-${index}`, policy })),
      })),
      resourceControlPolicies: [],
      resourcePolicy: testCase.resourcePolicy,
    },
    {},
  );

  if (response.resultType !== 'single') {
    throw new Error(`The oracle did not run the case: ${JSON.stringify(response)}`);
  }
  if ((response.result.ignoredContextKeys ?? []).length > 0) {
    throw new Error(
      `The oracle ignored the context keys ${JSON.stringify(response.result.ignoredContextKeys)}. ` +
        'Draw only keys that apply to every action.',
    );
  }

  const decision = ORACLE_DECISIONS[response.overallResult];
  if (decision === undefined) {
    throw new Error(`The oracle returned an unexpected result "${response.overallResult}"`);
  }
  return decision;
}

async function runOracleBatches(cases: DifferentialCase[]): Promise<Decision[]> {
  const decisions: Decision[] = [];
  for (let start = 0; start < cases.length; start += ORACLE_BATCH_SIZE) {
    const batch = cases.slice(start, start + ORACLE_BATCH_SIZE);
    decisions.push(...(await Promise.all(batch.map(runOracle))));
  }
  return decisions;
}

function runEngine(testCase: DifferentialCase): Decision {
  const context: RequestContext = testCase.context;
  return evaluateRequest({
    request: {
      principal: testCase.principal,
      action: testCase.action,
      resource: testCase.resource,
      context,
    },
    identityPolicies: testCase.identityPolicies.map((policy) => parsePolicy(policy)),
    permissionsBoundary:
      testCase.permissionsBoundary === undefined
        ? undefined
        : parsePolicy(testCase.permissionsBoundary),
    scps: testCase.scps?.map((level) => level.map((policy) => parsePolicy(policy))),
    resourcePolicy:
      testCase.resourcePolicy === undefined ? undefined : parsePolicy(testCase.resourcePolicy),
    resourceAccount: testCase.resourceAccount,
    contextComplete: true,
  }).decision;
}

/** Applies `rewrite` to every statement of every policy in the case. */
function rewriteStatements(
  testCase: DifferentialCase,
  rewrite: (statement: JsonStatement, isResourcePolicy: boolean) => JsonStatement,
): DifferentialCase {
  const rewritePolicy = (policy: JsonPolicy, isResourcePolicy = false): JsonPolicy => ({
    ...policy,
    Statement: policy.Statement.map((statement) => rewrite(statement, isResourcePolicy)),
  });

  return {
    ...testCase,
    identityPolicies: testCase.identityPolicies.map((policy) => rewritePolicy(policy)),
    permissionsBoundary:
      testCase.permissionsBoundary === undefined
        ? undefined
        : rewritePolicy(testCase.permissionsBoundary),
    scps: testCase.scps?.map((level) => level.map((policy) => rewritePolicy(policy))),
    resourcePolicy:
      testCase.resourcePolicy === undefined
        ? undefined
        : rewritePolicy(testCase.resourcePolicy, true),
  };
}

/** Applies `rewrite` to the values of every condition operator that `selects` picks. */
function rewriteConditionValues(
  testCase: DifferentialCase,
  selects: (operator: string) => boolean,
  rewrite: (value: string) => string,
): DifferentialCase {
  return rewriteStatements(testCase, (statement) => {
    const condition = statement['Condition'] as ConditionBlock | undefined;
    if (condition === undefined) {
      return statement;
    }

    const rewritten: ConditionBlock = {};
    for (const [operator, block] of Object.entries(condition)) {
      rewritten[operator] = selects(operator)
        ? Object.fromEntries(
            Object.entries(block).map(([key, values]) => [
              key,
              typeof values === 'string' ? rewrite(values) : values.map(rewrite),
            ]),
          )
        : block;
    }
    return { ...statement, Condition: rewritten };
  });
}

function toPrincipalElement(value: unknown): PrincipalElement {
  if (value === '*') {
    return '*';
  }

  const element: Record<string, string[]> = {};
  for (const [type, entries] of Object.entries(value as Record<string, string | string[]>)) {
    element[type] = typeof entries === 'string' ? [entries] : entries;
  }
  return element;
}

interface ExceptionRule {
  id: string;
  /** Rewrites the case so that the oracle no longer shows the behaviour in question. */
  rewrite(testCase: DifferentialCase): DifferentialCase;
}

const EPOCH_SECONDS = /^\d+$/;

const EXCEPTION_RULES: ExceptionRule[] = [
  {
    id: 'scps-skip-service-principals',
    rewrite: (testCase) =>
      testCase.principal.endsWith('.amazonaws.com') ? { ...testCase, scps: undefined } : testCase,
  },
  {
    id: 'date-epoch-seconds',
    rewrite: (testCase) =>
      rewriteConditionValues(
        testCase,
        (operator) => operator.startsWith('Date'),
        (value) =>
          EPOCH_SECONDS.test(value) ? new Date(Number(value) * 1000).toISOString() : value,
      ),
  },
  {
    id: 'not-ip-address-single-ipv4-address',
    rewrite: (testCase) =>
      rewriteConditionValues(
        testCase,
        (operator) => operator.startsWith('NotIpAddress'),
        (value) => (value.includes('/') ? value : `${value}/${value.includes(':') ? 128 : 32}`),
      ),
  },
  {
    id: 'not-principal-deny-every-level',
    rewrite: (testCase) => {
      const principal = classifyRequestPrincipal(testCase.principal);
      return rewriteStatements(testCase, (statement, isResourcePolicy) => {
        if (!isResourcePolicy || statement['Effect'] !== 'Deny' || !('NotPrincipal' in statement)) {
          return statement;
        }

        const element = toPrincipalElement(statement['NotPrincipal']);
        if (element === '*' || isExemptByNotPrincipal(element, principal, 'Deny')) {
          return statement;
        }

        // Drop the entries that name the caller, so the oracle denies it as the engine does.
        const remaining = Object.entries(element).flatMap(([type, entries]) =>
          entries
            .filter((entry) => !matchPrincipal({ [type]: [entry] }, testCase.principal))
            .map((entry) => [type, entry] as const),
        );
        const notPrincipal: Record<string, string[]> = {};
        for (const [type, entry] of remaining) {
          notPrincipal[type] = [...(notPrincipal[type] ?? []), entry];
        }
        if (remaining.length === 0) {
          notPrincipal['AWS'] = ['arn:aws:iam::999999999999:root'];
        }
        return { ...statement, NotPrincipal: notPrincipal };
      });
    },
  },
];

interface ReviewedException {
  id: string;
  summary: string;
  engine: string;
  oracle: string;
  awsDocumentation: string[];
}

const EXCEPTIONS_FILE = join(import.meta.dirname, '../../test-cases/differential-exceptions.json');

function subsetsBySize<T>(items: T[]): T[][] {
  const subsets: T[][] = [];
  for (let mask = 1; mask < 1 << items.length; mask += 1) {
    subsets.push(items.filter((_, index) => (mask & (1 << index)) !== 0));
  }
  return subsets.toSorted((left, right) => left.length - right.length);
}

/** Finds the smallest set of exception rules after which the oracle agrees with the engine. */
async function explainDisagreement(
  testCase: DifferentialCase,
  engineDecision: Decision,
): Promise<string[] | undefined> {
  for (const rules of subsetsBySize(EXCEPTION_RULES)) {
    const rewritten = rules.reduce((current, rule) => rule.rewrite(current), testCase);
    if (JSON.stringify(rewritten) === JSON.stringify(testCase)) {
      continue;
    }

    // A rewrite must not change the engine's own decision.
    expect(runEngine(rewritten)).toBe(engineDecision);
    if ((await runOracle(rewritten)) === engineDecision) {
      return rules.map((rule) => rule.id);
    }
  }
  return undefined;
}

describe('evaluateRequest against iam-simulate', () => {
  it('agrees except reviewed exceptions', async () => {
    const random = createRandom(SEED);
    const cases = Array.from({ length: CASE_COUNT }, () => drawCase(random));
    const reviewed = JSON.parse(readFileSync(EXCEPTIONS_FILE, 'utf8')) as {
      exceptions: ReviewedException[];
    };

    const oracleDecisions = await runOracleBatches(cases);
    const decisionCounts: Record<string, number> = {};
    const exceptionCounts: Record<string, number> = {};
    const unexplained: unknown[] = [];
    let agreements = 0;

    for (const [index, testCase] of cases.entries()) {
      const oracle = oracleDecisions[index] as Decision;
      const engine = runEngine(testCase);
      decisionCounts[engine] = (decisionCounts[engine] ?? 0) + 1;
      if (engine === oracle) {
        agreements += 1;
        continue;
      }

      const rules = await explainDisagreement(testCase, engine);
      if (rules === undefined) {
        unexplained.push({ testCase, engine, oracle });
        continue;
      }
      for (const rule of rules) {
        exceptionCounts[rule] = (exceptionCounts[rule] ?? 0) + 1;
      }
    }

    console.log(JSON.stringify({ cases: CASE_COUNT, agreements, decisionCounts, exceptionCounts }));

    expect(unexplained).toEqual([]);
    expect(reviewed.exceptions.map((exception) => exception.id).toSorted()).toEqual(
      EXCEPTION_RULES.map((rule) => rule.id).toSorted(),
    );
    for (const exception of reviewed.exceptions) {
      expect(exception.awsDocumentation.length).toBeGreaterThan(0);
      // An exception that no case needs any more should be removed from the file.
      expect(exceptionCounts[exception.id] ?? 0).toBeGreaterThan(0);
    }
    for (const decision of ['allow', 'explicit-deny', 'implicit-deny']) {
      expect(decisionCounts[decision] ?? 0).toBeGreaterThan(CASE_COUNT / 20);
    }
  }, 300_000);
});
