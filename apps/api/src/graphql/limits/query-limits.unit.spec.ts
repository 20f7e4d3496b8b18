import {
  getIntrospectionQuery,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
  specifiedRules,
  validate,
  type GraphQLFieldConfigMap,
} from 'graphql';
import { describe, expect, it } from 'vitest';

import {
  DEFAULT_QUERY_LIMITS,
  queryLimitRules,
  queryLimitsFromEnvironment,
  type QueryLimits,
} from './query-limits.js';

// A small schema shaped like the API's: a connection with `first` (default 20), an
// expensive `document` field, and a recursive `child` field that only depth can bound.
const itemType: GraphQLObjectType = new GraphQLObjectType({
  name: 'Item',
  fields: (): GraphQLFieldConfigMap<unknown, unknown> => ({
    name: { type: GraphQLString },
    document: { type: GraphQLString, extensions: { complexity: 10 } },
    child: { type: itemType },
    items: { type: new GraphQLNonNull(connectionType), args: pageArguments },
  }),
});

const edgeType = new GraphQLObjectType({
  name: 'ItemEdge',
  fields: { cursor: { type: GraphQLString }, node: { type: itemType } },
});

const connectionType: GraphQLObjectType = new GraphQLObjectType({
  name: 'ItemConnection',
  fields: {
    edges: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(edgeType))) },
    totalCount: { type: GraphQLInt },
  },
});

const pageArguments = {
  first: { type: GraphQLInt, defaultValue: 20 },
  after: { type: GraphQLString },
};

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      item: { type: itemType, args: { name: { type: GraphQLString } } },
      items: { type: new GraphQLNonNull(connectionType), args: pageArguments },
    },
  }),
});

const GENEROUS: QueryLimits = {
  maxDepth: 100,
  maxRootFields: 100,
  maxCost: 1_000_000,
};

function errorsOf(query: string, limits: Partial<QueryLimits> = {}): string[] {
  const rules = [...specifiedRules, ...queryLimitRules({ ...GENEROUS, ...limits })];

  return validate(schema, parse(query), rules).map((error) => error.message);
}

function nested(field: string, levels: number, leaf: string): string {
  return levels === 0 ? leaf : `${field} { ${nested(field, levels - 1, leaf)} }`;
}

describe('query depth', () => {
  it('accepts a query at the maximum depth', () => {
    // item, 3 x child, name: depth 5
    expect(errorsOf(`{ item { ${nested('child', 3, 'name')} } }`, { maxDepth: 5 })).toEqual([]);
  });

  it('rejects a query one level deeper', () => {
    expect(errorsOf(`{ item { ${nested('child', 4, 'name')} } }`, { maxDepth: 5 })).toEqual([
      'Query depth 6 exceeds the maximum of 5. Select fewer nested fields.',
    ]);
  });

  it('counts fields inside fragments', () => {
    const query = `
      { item { ...deep } }
      fragment deep on Item { child { ... on Item { child { name } } } }`;

    expect(errorsOf(query, { maxDepth: 3 })).toEqual([
      'Query depth 4 exceeds the maximum of 3. Select fewer nested fields.',
    ]);
  });

  it('does not count introspection fields', () => {
    const query = `{ __schema { types { fields { type { ofType { name } } } } } }`;

    expect(errorsOf(query, { maxDepth: 1 })).toEqual([]);
  });

  it('accepts the graphql-js introspection query by default', () => {
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    });

    expect(errorsOf(query, DEFAULT_QUERY_LIMITS)).toEqual([]);
  });

  it('leaves deep introspection to graphql-js', () => {
    const query = `{ __schema { types { ${nested('fields { type', 8, 'name')}${' }'.repeat(8)} } } }`;

    expect(errorsOf(query, DEFAULT_QUERY_LIMITS)).toEqual(['Maximum introspection depth exceeded']);
  });
});

describe('root fields', () => {
  it('accepts the maximum number of aliases', () => {
    const query = `{ ${['a', 'b', 'c'].map((alias) => `${alias}: item { name }`).join(' ')} }`;

    expect(errorsOf(query, { maxRootFields: 3 })).toEqual([]);
  });

  it('rejects one alias more', () => {
    const query = `{ ${['a', 'b', 'c', 'd'].map((alias) => `${alias}: item { name }`).join(' ')} }`;

    expect(errorsOf(query, { maxRootFields: 3 })).toEqual([
      'The operation selects 4 root fields, more than the maximum of 3. Send the others in another request.',
    ]);
  });

  it('counts root fields inside fragments', () => {
    const query = `
      { a: item { name } ...more ... on Query { c: item { name } } }
      fragment more on Query { b: item { name } d: items { totalCount } }`;

    expect(errorsOf(query, { maxRootFields: 3 })).toEqual([
      'The operation selects 4 root fields, more than the maximum of 3. Send the others in another request.',
    ]);
  });

  it('does not count __typename', () => {
    expect(errorsOf('{ __typename item { name } }', { maxRootFields: 1 })).toEqual([]);
  });
});

describe('query cost', () => {
  // items 1 + 5 edges x (edges 1 + node 1 + document 10) = 61
  const FIVE_DOCUMENTS = '{ items(first: 5) { edges { node { document } } } }';

  it('accepts a query at the maximum cost', () => {
    expect(errorsOf(FIVE_DOCUMENTS, { maxCost: 61 })).toEqual([]);
  });

  it('rejects a query above the maximum cost', () => {
    expect(errorsOf(FIVE_DOCUMENTS, { maxCost: 60 })).toEqual([
      'The estimated query cost 61 exceeds the maximum of 60 (GRAPHQL_MAX_COST). ' +
        'Request fewer items with `first` or fewer fields: each field costs 1 per item, ' +
        'document 10, and a `first` given as a variable counts as 100.',
    ]);
  });

  it.each([
    ['first omitted, default 20', '{ items { edges { cursor } } }', 1 + 20 * 2],
    [
      'first as a variable, counted as 100',
      'query ($n: Int) { items(first: $n) { edges { cursor } } }',
      1 + 100 * 2,
    ],
    [
      'first out of range, counted as 100',
      '{ items(first: 5000) { edges { cursor } } }',
      1 + 100 * 2,
    ],
    ['totalCount once per connection', '{ items(first: 5) { totalCount } }', 2],
    [
      '__typename free',
      '{ __typename items(first: 5) { __typename edges { __typename } } }',
      1 + 5,
    ],
    [
      'nested connections multiplied',
      '{ items(first: 3) { edges { node { items(first: 4) { edges { cursor } } } } } }',
      1 + 3 * (1 + 1 + (1 + 4 * 2)),
    ],
    [
      'fragments counted where they are spread',
      '{ items(first: 2) { edges { ...edge } } } fragment edge on ItemEdge { node { document } }',
      1 + 2 * (1 + 1 + 10),
    ],
  ])('estimates %s', (_name, query, cost) => {
    expect(errorsOf(query, { maxCost: cost })).toEqual([]);
    expect(errorsOf(query, { maxCost: cost - 1 })).toEqual([
      expect.stringContaining(`The estimated query cost ${cost} exceeds`),
    ]);
  });

  it('checks each operation of a document on its own', () => {
    const query = `
      query One { items(first: 5) { edges { node { document } } } }
      query Two { items(first: 5) { edges { node { document } } } }`;

    expect(errorsOf(query, { maxCost: 61 })).toEqual([]);
  });

  it('estimates nested fragment spreads without expanding them', () => {
    // Each fragment spreads the next twice, so the expanded query would have 2^40 fields.
    const fragments = Array.from(
      { length: 40 },
      (_, index) =>
        `fragment f${index} on Item { a: child { ...f${index + 1} } b: child { ...f${index + 1} } }`,
    );
    const query = `{ item { ...f0 } } ${fragments.join(' ')} fragment f40 on Item { name }`;
    const started = performance.now();

    const errors = errorsOf(query, { maxCost: 10_000 });

    expect(errors).toEqual([expect.stringContaining('The estimated query cost')]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('stops at fragment cycles', () => {
    const query =
      '{ item { ...a } } fragment a on Item { child { ...b } } fragment b on Item { ...a }';

    expect(errorsOf(query)).toEqual([expect.stringContaining('Cannot spread fragment "a"')]);
  });
});

describe('queryLimitsFromEnvironment', () => {
  it('uses the defaults without GRAPHQL_MAX_COST', () => {
    expect(queryLimitsFromEnvironment({})).toEqual(DEFAULT_QUERY_LIMITS);
  });

  it('reads GRAPHQL_MAX_COST', () => {
    expect(queryLimitsFromEnvironment({ GRAPHQL_MAX_COST: '5000' }).maxCost).toBe(5000);
  });

  it.each(['0', '-1', '1.5', 'lots', ' '])('rejects GRAPHQL_MAX_COST=%j', (value) => {
    expect(() => queryLimitsFromEnvironment({ GRAPHQL_MAX_COST: value })).toThrow(
      `GRAPHQL_MAX_COST is "${value}" but must be a positive integer`,
    );
  });
});
