import type { ActionCatalog, CatalogResourceType } from './catalog.js';
import { splitArnParts } from './matching.js';

/**
 * Detection of catalog resource types from ARNs, using the ARN formats of the Service
 * Authorization Reference such as `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
 */

/** Fit of an ARN to a format. A higher score is a closer fit. */
interface FitScore {
  /** Every placeholder matched text without `/` or `:`. */
  strict: boolean;
  /** Characters of the resource part that the format spells out, rather than a placeholder. */
  literalCharacters: number;
}

interface CompiledArnFormat {
  /** Partition, service, region and account, each matched on its own. */
  segments: [RegExp, RegExp, RegExp, RegExp];
  strictResource: RegExp;
  looseResource: RegExp;
  literalCharacters: number;
}

/**
 * `${Partition}` matches `aws` and its suffixed partitions: `aws-cn`, `aws-us-gov`,
 * `aws-iso`, `aws-iso-b` and later ones such as `aws-iso-f`.
 */
const PARTITION_SOURCE = 'aws(?:-[a-z0-9]+)*';
const FORMAT_TOKEN = /\$\{[^}]+\}|\*/g;
const ANY_SERVICE = '*';

const compiledFormats = new Map<string, CompiledArnFormat | undefined>();
const serviceIndexes = new WeakMap<ActionCatalog, Map<string, CatalogResourceType[]>>();

/**
 * Returns the catalog resource types whose ARN format fits `arn`.
 *
 * Partition, region and account placeholders match within their own segment, and an empty
 * region or account in the format (global resources such as IAM roles and S3 buckets)
 * requires it empty in the ARN. In the resource part a placeholder matches any non-empty
 * text. Because formats do not say which placeholders may contain `/` or `:`, several
 * formats can fit one ARN. Only the best fits are returned: first those where every
 * placeholder matched text without `/` and `:`, then those that spell out more of the
 * resource part. So `table/T/index/I` is a DynamoDB index rather than a table,
 * `bucket/a/b:c` is an S3 object rather than a bucket, and `role/path/name` is still an
 * IAM role.
 *
 * With `action`, only that action's resource types compete, and the returned objects are the
 * action's own, with their `required` flag. Then `function:NAME:1` is the `function` of
 * `lambda:InvokeFunction`. Without `action`, types come from every action whose format names
 * the ARN's service, once per name and format, with `required` false, because requiredness
 * belongs to an action. A qualified Lambda ARN then fits both `function alias` and
 * `function version`, which share one format.
 *
 * Wildcards in `arn` count as ordinary characters, so a policy pattern such as
 * `arn:aws:s3:::bucket/*` is detected as an object. Returns an empty list for text that
 * is not an ARN and for an unknown action.
 */
export function resourceTypesOf(
  arn: string,
  catalog: ActionCatalog,
  action?: string,
): CatalogResourceType[] {
  const parts = splitArnParts(arn);
  if (parts.length < 6 || parts[0] !== 'arn') {
    return [];
  }

  const candidates =
    action === undefined
      ? candidatesForService(catalog, parts[2] as string)
      : (catalog.action(action)?.resourceTypes ?? []);

  return bestFits(candidates, parts);
}

function bestFits(
  candidates: readonly CatalogResourceType[],
  arnParts: string[],
): CatalogResourceType[] {
  const scored = candidates.flatMap((resourceType) => {
    const score = bestScore(resourceType, arnParts);
    return score === undefined ? [] : [{ resourceType, score }];
  });

  const best = scored.reduce<FitScore | undefined>(
    (current, { score }) =>
      current === undefined || compareScores(score, current) > 0 ? score : current,
    undefined,
  );

  return scored
    .filter(({ score }) => best !== undefined && compareScores(score, best) === 0)
    .map(({ resourceType }) => resourceType);
}

function bestScore(resourceType: CatalogResourceType, arnParts: string[]): FitScore | undefined {
  let best: FitScore | undefined;

  for (const format of resourceType.arnPatterns) {
    const score = scoreFit(compileFormat(format), arnParts);
    if (score !== undefined && (best === undefined || compareScores(score, best) > 0)) {
      best = score;
    }
  }

  return best;
}

function scoreFit(format: CompiledArnFormat | undefined, arnParts: string[]): FitScore | undefined {
  if (format === undefined) {
    return undefined;
  }

  const segmentsFit = format.segments.every((segment, index) =>
    segment.test(arnParts[index + 1] as string),
  );
  const resource = arnParts[5] as string;
  if (!segmentsFit || !format.looseResource.test(resource)) {
    return undefined;
  }

  return {
    strict: format.strictResource.test(resource),
    literalCharacters: format.literalCharacters,
  };
}

function compareScores(left: FitScore, right: FitScore): number {
  if (left.strict !== right.strict) {
    return left.strict ? 1 : -1;
  }
  return left.literalCharacters - right.literalCharacters;
}

/** Compiles a format once per process. Returns undefined for a format with fewer than six parts. */
function compileFormat(format: string): CompiledArnFormat | undefined {
  if (compiledFormats.has(format)) {
    return compiledFormats.get(format);
  }

  const parts = splitArnParts(format);
  const [, partition, service, region, account, resource] = parts;
  const compiled =
    parts.length < 6 || parts[0] !== 'arn'
      ? undefined
      : {
          segments: [
            segmentRegExp(partition as string),
            segmentRegExp(service as string),
            segmentRegExp(region as string),
            segmentRegExp(account as string),
          ] as [RegExp, RegExp, RegExp, RegExp],
          strictResource: resourceRegExp(resource as string, '[^/:]+', '[^/:]*'),
          looseResource: resourceRegExp(resource as string, '.+', '.*'),
          literalCharacters: (resource as string).replace(FORMAT_TOKEN, '').length,
        };

  compiledFormats.set(format, compiled);
  return compiled;
}

function segmentRegExp(segment: string): RegExp {
  const source = formatSource(segment, segmentTokenSource);
  return new RegExp(`^${source}$`, 's');
}

function segmentTokenSource(token: string): string {
  if (token === '*') {
    return '.*';
  }
  return token === '${Partition}' ? PARTITION_SOURCE : '.+';
}

function resourceRegExp(resource: string, placeholder: string, star: string): RegExp {
  const source = formatSource(resource, (token) => (token === '*' ? star : placeholder));
  return new RegExp(`^${source}$`, 's');
}

/** Escapes the literal text of a format and replaces each `${Name}` and `*` token. */
function formatSource(text: string, replaceToken: (token: string) => string): string {
  let source = '';
  let position = 0;

  for (const match of text.matchAll(FORMAT_TOKEN)) {
    source += escapeRegExp(text.slice(position, match.index));
    source += replaceToken(match[0]);
    position = match.index + match[0].length;
  }

  return source + escapeRegExp(text.slice(position));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Returns the resource types whose format names `service`, or a placeholder service such
 * as `${Vendor}` in AWS Backup recovery points, once per name and format.
 */
function candidatesForService(catalog: ActionCatalog, service: string): CatalogResourceType[] {
  const index = serviceIndex(catalog);
  return [...(index.get(service) ?? []), ...(index.get(ANY_SERVICE) ?? [])];
}

function serviceIndex(catalog: ActionCatalog): Map<string, CatalogResourceType[]> {
  const cached = serviceIndexes.get(catalog);
  if (cached !== undefined) {
    return cached;
  }

  const index = new Map<string, CatalogResourceType[]>();
  const seen = new Set<string>();

  for (const action of catalog.allActions()) {
    for (const resourceType of action.resourceTypes) {
      for (const format of resourceType.arnPatterns) {
        const identity = `${resourceType.name}\u0000${format}`;
        if (seen.has(identity)) {
          continue;
        }
        seen.add(identity);

        const service = formatService(format);
        const list = index.get(service) ?? [];
        list.push(
          Object.freeze({
            name: resourceType.name,
            required: false,
            arnPatterns: Object.freeze([format]) as string[],
          }),
        );
        index.set(service, list);
      }
    }
  }

  serviceIndexes.set(catalog, index);
  return index;
}

function formatService(format: string): string {
  const service = splitArnParts(format)[2] ?? '';
  return service.includes('${') || service.includes('*') ? ANY_SERVICE : service;
}
