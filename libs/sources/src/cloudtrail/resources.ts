import { parseArn } from '../../../policy/src/index.js';

import { splitAction, type CloudTrailCatalog } from './catalog.js';
import { deniedResource } from './decision.js';
import type { FieldSource, PermissionNeed, ResourceTemplate } from './mapping/index.js';
import { fieldValue, scalarsAt, type ArnContext, type FieldValue } from './parameters.js';
import type { RecordResource } from './record.js';

/** Placeholders that fall back to the record's partition, region and account. */
const CONTEXT_PLACEHOLDERS = ['Partition', 'Region', 'Account'] as const;

/**
 * Upper bound on the ARNs one template builds, so a request naming thousands of resources
 * cannot multiply into thousands of events.
 * NOTE: ARNs past this bound are dropped without notice.
 */
const MAX_ARNS_PER_TEMPLATE = 100;

/** The parts of a record that resource ARNs are built from. */
export interface ResourceSources {
  context: ArnContext;
  resources: RecordResource[];
  errorMessage?: string;
}

/**
 * Returns the resources one permission needs, sorted and without duplicates, from the first
 * of these that gives any:
 * 1. `*` when the catalog lists no resource types for the action (no resource-level
 *    permissions).
 * 2. The ARNs the table's templates build from the request parameters.
 * 3. The record's `resources[]` entries whose type is one of the action's resource types.
 * 4. The resource a denial message names for this action.
 * 5. `*`, because nothing names the resource.
 */
export function resourcesOf(
  permission: PermissionNeed,
  sources: ResourceSources,
  catalog: CloudTrailCatalog,
): string[] {
  const resourceTypes = catalog.resourceTypes(permission.action);
  if (resourceTypes.length === 0) {
    return ['*'];
  }

  const [service] = splitAction(permission.action);
  const built = permission.resources.flatMap((template) =>
    buildFromTemplate(service, template, sources.context, catalog),
  );
  if (built.length > 0) {
    return sortedUnique(built);
  }

  if (permission.ignoreRecordResources !== true) {
    const listed = listedResources(service, resourceTypes, sources.resources, catalog);
    if (listed.length > 0) {
      return sortedUnique(listed);
    }
  }

  const denied = deniedResource(sources.errorMessage);
  if (denied !== undefined && denied.action.toLowerCase() === permission.action.toLowerCase()) {
    return [denied.resource];
  }

  return ['*'];
}

function buildFromTemplate(
  service: string,
  template: ResourceTemplate,
  context: ArnContext,
  catalog: CloudTrailCatalog,
): string[] {
  const format = catalog.arnFormat(service, template.type);
  if (format === undefined) {
    return [];
  }

  const choices: Array<[placeholder: string, values: FieldValue[]]> = [];
  for (const [placeholder, source] of Object.entries(template.fields)) {
    const values = resolveSource(source, context);
    if (values.length > 0) {
      choices.push([placeholder, values]);
    } else if (!(CONTEXT_PLACEHOLDERS as readonly string[]).includes(placeholder)) {
      return [];
    }
  }

  const arns = new Set<string>();
  for (const combination of combinations(choices)) {
    const arn = arnOf(service, format, combination, context, catalog);
    if (arn !== undefined) {
      arns.add(arn);
    }
    if (arns.size >= MAX_ARNS_PER_TEMPLATE) {
      break;
    }
  }

  return [...arns];
}

function resolveSource(source: FieldSource, context: ArnContext): FieldValue[] {
  if (typeof source === 'string') {
    return scalarsAt(context.parameters, source).flatMap((value) => {
      const resolved = fieldValue(value, undefined, context);
      return resolved === undefined ? [] : [resolved];
    });
  }

  if ('constant' in source) {
    return [{ kind: 'value', value: source.constant }];
  }

  if ('callerArn' in source) {
    const caller = context.callerArn === undefined ? undefined : parseArn(context.callerArn);
    return caller?.service === 'iam' ? [{ kind: 'arn', arn: context.callerArn! }] : [];
  }

  return scalarsAt(context.parameters, source.path).flatMap((value) => {
    const resolved = fieldValue(value, source.transform, context);
    return resolved === undefined ? [] : [resolved];
  });
}

/** Every pick of one value per placeholder. */
function* combinations(
  choices: Array<[string, FieldValue[]]>,
): Generator<Array<[string, FieldValue]>> {
  if (choices.length === 0) {
    yield [];
    return;
  }

  const [[placeholder, values], ...rest] = choices as [
    [string, FieldValue[]],
    ...Array<[string, FieldValue[]]>,
  ];
  for (const value of values) {
    for (const tail of combinations(rest)) {
      yield [[placeholder, value], ...tail];
    }
  }
}

function arnOf(
  service: string,
  format: string,
  combination: Array<[string, FieldValue]>,
  context: ArnContext,
  catalog: CloudTrailCatalog,
): string | undefined {
  const values: Record<string, string> = {
    Partition: context.partition,
    Region: context.region,
    Account: context.account,
  };
  let typedFormat: string | undefined;

  for (const [placeholder, value] of combination) {
    switch (value.kind) {
      case 'arn':
        return value.arn;
      case 'fields':
        Object.assign(values, value.fields);
        break;
      case 'typed': {
        typedFormat = catalog.arnFormat(service, value.type);
        const free = typedFormat === undefined ? [] : freePlaceholders(typedFormat);
        if (free.length !== 1) {
          return undefined;
        }
        values[free[0]!] = value.id;
        break;
      }
      case 'value': {
        const whole = wholeArnOfService(value.value, format);
        if (
          whole !== undefined &&
          !(CONTEXT_PLACEHOLDERS as readonly string[]).includes(placeholder)
        ) {
          return whole;
        }
        values[placeholder] = value.value;
        break;
      }
    }
  }

  const filled = fillFormat(typedFormat ?? format, values);
  return filled !== undefined && parseArn(filled) !== undefined ? filled : undefined;
}

/** Returns `value` when it is a whole ARN of the format's service, such as a table ARN. */
function wholeArnOfService(value: string, format: string): string | undefined {
  if (!value.startsWith('arn:')) {
    return undefined;
  }

  const arn = parseArn(value);
  return arn !== undefined && arn.service === format.split(':')[2] ? value : undefined;
}

function fillFormat(format: string, values: Record<string, string>): string | undefined {
  let complete = true;
  const filled = format.replace(/\$\{([A-Za-z0-9]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) {
      complete = false;
      return '';
    }
    return value;
  });

  return complete ? filled : undefined;
}

function freePlaceholders(format: string): string[] {
  return [...format.matchAll(/\$\{([A-Za-z0-9]+)\}/g)]
    .map((match) => match[1]!)
    .filter((name) => !(CONTEXT_PLACEHOLDERS as readonly string[]).includes(name));
}

/**
 * Returns the ARNs from `resources[]` whose CloudTrail type (`AWS::S3::Object`) names one of
 * the action's resource types (`object`) and whose service matches that type's ARN format.
 */
function listedResources(
  service: string,
  resourceTypes: readonly string[],
  resources: RecordResource[],
  catalog: CloudTrailCatalog,
): string[] {
  const wanted = new Map(resourceTypes.map((type) => [normaliseTypeName(type), type]));

  return resources.flatMap(({ arn, type }) => {
    const typeName = type?.split('::').at(-1);
    const catalogType =
      typeName === undefined ? undefined : wanted.get(normaliseTypeName(typeName));
    const format = catalogType === undefined ? undefined : catalog.arnFormat(service, catalogType);
    const parsed = parseArn(arn);

    return format !== undefined && parsed !== undefined && parsed.service === format.split(':')[2]
      ? [arn]
      : [];
  });
}

function normaliseTypeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].toSorted();
}
