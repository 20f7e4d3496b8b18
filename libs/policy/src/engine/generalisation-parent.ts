import { parseArn } from '../arn.js';

import type { CatalogAction } from './catalog.js';
import { escapeLiteralText } from './resource-literal.js';

/** The wildcard pattern that represents a resource and its siblings. */
export interface ParentPattern {
  pattern: string;
  /** Catalog resource type whose ARN format gave the pattern, absent for the ARN-text rule. */
  resourceType?: string;
}

interface CompiledFormat {
  regex: RegExp;
  /** Number of literal characters, so the most specific of several matching formats wins. */
  literalLength: number;
  /** Index in `variables` of the variable that the parent replaces with `*`, or -1. */
  generalisedVariable: number;
  variables: string[];
  /** The text around the variables, one more entry than `variables`. */
  literals: string[];
}

/** Variables that place a resource rather than name it, so the parent keeps their value. */
const LOCATION_VARIABLES = new Set(['Partition', 'Region', 'Account']);

const compiledFormats = new Map<string, CompiledFormat>();

/**
 * Returns the parent pattern of an observed resource ARN. The text taken from the resource
 * is escaped by `escapeLiteralText`, so only the `*` that the parent adds, and any
 * wildcard in the catalog's ARN format, match more than the observed text.
 *
 * When the action is in the catalog, the resource is matched against the ARN formats of
 * the action's resource types, the one with the most literal text winning. The parent keeps
 * every variable's value except the last one that is not `Partition`, `Region` or `Account`,
 * which becomes `*`: `arn:aws:s3:::bucket/a/b.txt` matches
 * `arn:${Partition}:s3:::${BucketName}/${ObjectName}` and has parent `arn:aws:s3:::bucket/*`.
 * A resource that matches none of the formats has no parent.
 *
 * Without a catalog action, the parent is the ARN up to its last `/` or `:` followed by `*`,
 * such as `arn:aws:sqs:eu-west-1:123456789012:*` for a queue. Text that is not an ARN has no
 * parent.
 *
 * NOTE: the `*` also matches `/` and `:`, so a table's parent `...:table/*` also matches the
 * table's indexes and streams. IAM offers no wildcard limited to one path segment.
 */
export function parentPatternOf(
  resource: string,
  action: CatalogAction | undefined,
): ParentPattern | undefined {
  if (action === undefined) {
    return textualParent(resource);
  }

  let best: { format: CompiledFormat; values: string[]; resourceType: string } | undefined;
  for (const resourceType of action.resourceTypes) {
    for (const format of resourceType.arnPatterns.map(compileFormat)) {
      const match = format.regex.exec(resource);
      if (match === null || format.generalisedVariable === -1) {
        continue;
      }

      if (best === undefined || format.literalLength > best.format.literalLength) {
        best = { format, values: match.slice(1), resourceType: resourceType.name };
      }
    }
  }

  if (best === undefined) {
    return undefined;
  }

  const { format, values, resourceType } = best;
  let pattern = format.literals[0]!;
  format.variables.forEach((_variable, index) => {
    const value = index === format.generalisedVariable ? '*' : escapeLiteralText(values[index]!);
    pattern += value + format.literals[index + 1]!;
  });

  return { pattern, resourceType };
}

function textualParent(resource: string): ParentPattern | undefined {
  const arn = parseArn(resource);
  if (arn === undefined) {
    return undefined;
  }

  const prefixLength = resource.length - arn.resource.length;
  const separator = Math.max(arn.resource.lastIndexOf('/'), arn.resource.lastIndexOf(':'));

  const prefix = resource.slice(0, prefixLength + separator + 1);
  return { pattern: `${escapeLiteralText(prefix)}*` };
}

/**
 * Compiles an ARN format such as `arn:${Partition}:sqs:${Region}:${Account}:${QueueName}`
 * into a regular expression with one group per variable. Location variables match up to
 * the next `:`. A literal `*` or `?`, which some formats contain, keeps its wildcard meaning. Other variables match at least one character, the last one greedily, so a
 * bucket name ends at the first `/` and an object key keeps the rest.
 */
function compileFormat(format: string): CompiledFormat {
  const cached = compiledFormats.get(format);
  if (cached !== undefined) {
    return cached;
  }

  const pieces = format.split(/\$\{([^}]+)\}/);
  const literals = pieces.filter((_piece, index) => index % 2 === 0);
  const variables = pieces.filter((_piece, index) => index % 2 === 1);

  let source = `^${formatTextToRegExp(literals[0]!)}`;
  variables.forEach((variable, index) => {
    const isLast = index === variables.length - 1;
    let group = isLast ? '(.+)' : '(.+?)';
    if (LOCATION_VARIABLES.has(variable)) {
      group = '([^:]*)';
    }
    source += group + formatTextToRegExp(literals[index + 1]!);
  });

  let generalisedVariable = -1;
  variables.forEach((variable, index) => {
    if (!LOCATION_VARIABLES.has(variable)) {
      generalisedVariable = index;
    }
  });

  const compiled: CompiledFormat = {
    regex: new RegExp(`${source}$`, 's'),
    literalLength: literals.join('').length,
    generalisedVariable,
    variables,
    literals,
  };
  compiledFormats.set(format, compiled);

  return compiled;
}

/** Escapes literal text of an ARN format, where `*` and `?` keep their IAM meaning. */
function formatTextToRegExp(text: string): string {
  return text
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
}
