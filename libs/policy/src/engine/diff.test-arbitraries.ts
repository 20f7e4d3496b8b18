import fc from 'fast-check';

/**
 * fast-check arbitraries for policy documents written by hand: action and resource
 * patterns, NotAction, NotResource, conditions, principals and Deny statements, over
 * services that the real catalog contains.
 */

export interface DocumentStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface Document {
  Version: '2012-10-17';
  Statement: DocumentStatement[];
}

const ACTION_PATTERNS = [
  's3:GetObject',
  's3:Get*',
  's3:*Object',
  's3:ListBucket',
  's3:ListAllMyBuckets',
  'sqs:*',
  'sqs:SendMessage',
  'sqs:ListQueues',
  'iam:PassRole',
  'iam:*Role',
  'dynamodb:?etItem',
  'dynamodb:Query',
];

/**
 * NotAction expands to most of the catalog (over 20,000 grants per resource pattern), so
 * statements use it rarely to keep the property tests fast.
 */
const NOT_ACTION_PATTERNS = ['s3:*', 'sqs:*', 'iam:*'];

const RESOURCE_PATTERNS = [
  '*',
  'arn:aws:s3:::bucket',
  'arn:aws:s3:::bucket/*',
  'arn:aws:s3:::bucket/a.txt',
  'arn:aws:s3:::bucket/secret/*',
  'arn:aws:sqs:*:*:jobs',
  'arn:aws:sqs:eu-west-1:123456789012:*',
  'arn:aws:iam::123456789012:role/*',
  'arn:aws:iam::123456789012:role/app',
  'arn:aws:dynamodb:us-east-1:123456789012:table/orders',
  'arn:aws:dynamodb:*:*:table/*',
];

const CONDITIONS: NonNullable<DocumentStatement['Condition']>[] = [
  { Bool: { 'aws:SecureTransport': 'true' } },
  { StringEquals: { 'aws:SourceVpc': ['vpc-a', 'vpc-b'] } },
];

const PRINCIPALS = [
  '*',
  { AWS: 'arn:aws:iam::123456789012:role/app' },
  { AWS: ['arn:aws:iam::123456789012:role/app', 'arn:aws:iam::123456789012:role/other'] },
  { AWS: '123456789012' },
  { Service: 'lambda.amazonaws.com' },
];

function statementArbitrary(withPrincipal: boolean): fc.Arbitrary<DocumentStatement> {
  const fields = fc.record({
    effect: fc.constantFrom<DocumentStatement['Effect']>('Allow', 'Allow', 'Allow', 'Deny'),
    notAction: fc.integer({ min: 0, max: 11 }).map((value) => value === 0),
    actions: fc.uniqueArray(fc.constantFrom(...ACTION_PATTERNS), { minLength: 1, maxLength: 3 }),
    notActions: fc.uniqueArray(fc.constantFrom(...NOT_ACTION_PATTERNS), {
      minLength: 1,
      maxLength: 2,
    }),
    notResource: fc.integer({ min: 0, max: 5 }).map((value) => value === 0),
    resources: fc.uniqueArray(fc.constantFrom(...RESOURCE_PATTERNS), {
      minLength: 1,
      maxLength: 3,
    }),
    condition: fc.option(fc.constantFrom<DocumentStatement['Condition']>(...CONDITIONS), {
      freq: 3,
    }),
    principal: fc.constantFrom<unknown>(...PRINCIPALS),
  });

  return fields.map((field): DocumentStatement => ({
    Effect: field.effect,
    ...(withPrincipal ? { Principal: field.principal } : {}),
    ...(field.notAction ? { NotAction: field.notActions } : { Action: field.actions }),
    ...(field.notResource ? { NotResource: field.resources } : { Resource: field.resources }),
    ...(field.condition === null ? {} : { Condition: field.condition }),
  }));
}

/** An identity or resource policy document of one to four statements. */
export const documentArbitrary: fc.Arbitrary<Document> = fc
  .boolean()
  .chain((withPrincipal) =>
    fc.array(statementArbitrary(withPrincipal), { minLength: 1, maxLength: 4 }),
  )
  .map((statements) => ({ Version: '2012-10-17', Statement: statements }));

/**
 * Generates the same document in another layout: each statement with `Action` and
 * `Resource` split into one statement per action and resource, actions in random case,
 * value lists reversed, statements shuffled, and one statement repeated. `NotAction` and
 * `NotResource` lists stay whole, because splitting them changes their meaning.
 */
export function relaidOut(document: Document): fc.Arbitrary<Document> {
  const pieces = document.Statement.flatMap(splitStatement);

  return fc
    .tuple(
      fc.shuffledSubarray(pieces, { minLength: pieces.length }),
      fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
      fc.nat({ max: pieces.length - 1 }),
    )
    .map(([shuffled, upperCase, repeated]) => ({
      Version: '2012-10-17' as const,
      Statement: [...shuffled, pieces[repeated]!].map((statement, index) =>
        recase(statement, upperCase[index % upperCase.length]!),
      ),
    }));
}

function splitStatement(statement: DocumentStatement): DocumentStatement[] {
  const { Action: actions, Resource: resources } = statement;
  if (!Array.isArray(actions) || !Array.isArray(resources)) {
    return [statement];
  }

  return actions.flatMap((action) =>
    resources.map((resource) => ({ ...statement, Action: action, Resource: [resource] })),
  );
}

function reverse(value: string | string[] | undefined): string | string[] | undefined {
  return Array.isArray(value) ? value.toReversed() : value;
}

function recase(statement: DocumentStatement, upperCase: boolean): DocumentStatement {
  const change = (value: string) => (upperCase ? value.toUpperCase() : value.toLowerCase());

  return {
    ...statement,
    ...(statement.Action === undefined
      ? {}
      : { Action: [statement.Action].flat().map(change).toReversed() }),
    ...(statement.NotAction === undefined
      ? {}
      : { NotAction: [statement.NotAction].flat().map(change).toReversed() }),
    ...(statement.Resource === undefined ? {} : { Resource: reverse(statement.Resource) }),
    ...(statement.NotResource === undefined ? {} : { NotResource: reverse(statement.NotResource) }),
  };
}
