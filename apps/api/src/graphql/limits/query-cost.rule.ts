import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MIN_PAGE_SIZE } from '../../common/page.js';
import { DOCUMENT_COMPLEXITY } from '../models/policy-version.model.js';
import { unexpandedFragment } from './selections.js';

/**
 * Rejects operations whose estimated cost exceeds `maxCost`. Each field costs 1, or its
 * `complexity` extension (set with `@Field({ complexity })`), and `__typename` costs 0. A
 * field with a `first` argument is a connection, and each list field directly inside it,
 * such as `edges`, counts once per requested item.
 */
export function maxCostRule(maxCost: number): ValidationRule {
  return (context) => {
    const estimator = new CostEstimator(context);

    return {
      OperationDefinition(operation) {
        const rootType = context.getSchema().getRootType(operation.operation);
        if (rootType === undefined || rootType === null) {
          return;
        }

        const cost = estimator.selectionCost(operation.selectionSet, rootType, undefined);
        if (cost <= maxCost) {
          return;
        }

        context.reportError(
          new GraphQLError(
            `The estimated query cost ${cost} exceeds the maximum of ${maxCost} (GRAPHQL_MAX_COST). ` +
              'Request fewer items with `first` or fewer fields: each field costs 1 per item, ' +
              `document ${DOCUMENT_COMPLEXITY}, and a \`first\` given as a variable counts as ${MAX_PAGE_SIZE}.`,
            { nodes: operation },
          ),
        );
      },
    };
  };
}

/**
 * Returns the number of items a connection field returns: `first` when it is a literal in
 * range, the argument's default when it is omitted or null, and otherwise MAX_PAGE_SIZE.
 * Validation runs before variables are known, so a variable counts as the largest page,
 * and an out-of-range literal is rejected later by the resolver.
 */
function pageSizeOf(
  node: FieldNode,
  definition: GraphQLField<unknown, unknown>,
): number | undefined {
  const firstDefinition = definition.args.find((argument) => argument.name === 'first');
  if (firstDefinition === undefined) {
    return undefined;
  }

  const first = node.arguments?.find((argument) => argument.name.value === 'first')?.value;
  if (first === undefined || first.kind === Kind.NULL) {
    const { defaultValue } = firstDefinition;
    return typeof defaultValue === 'number' ? defaultValue : DEFAULT_PAGE_SIZE;
  }

  if (first.kind === Kind.INT) {
    const value = Number(first.value);
    if (value >= MIN_PAGE_SIZE && value <= MAX_PAGE_SIZE) {
      return value;
    }
  }

  return MAX_PAGE_SIZE;
}

class CostEstimator {
  // Cost of each fragment for each enclosing page size, so a fragment spread many times is
  // estimated once. Without this, fragments that spread each other twice take 2^n steps.
  private readonly fragmentCosts = new Map<string, number>();
  private readonly expanding = new Set<string>();

  constructor(private readonly context: ValidationContext) {}

  /**
   * Estimates a selection set on `parentType`. `pageSize` is the item count of the nearest
   * enclosing connection, which multiplies list fields, or undefined outside connections.
   */
  selectionCost(
    selectionSet: SelectionSetNode,
    parentType: GraphQLCompositeType,
    pageSize: number | undefined,
  ): number {
    let cost = 0;

    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        cost += this.fieldCost(selection, parentType, pageSize);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = this.conditionType(selection.typeCondition?.name.value) ?? parentType;
        cost += this.selectionCost(selection.selectionSet, type, pageSize);
      } else {
        cost += this.fragmentCost(selection.name.value, pageSize);
      }
    }

    return cost;
  }

  private fieldCost(
    node: FieldNode,
    parentType: GraphQLCompositeType,
    pageSize: number | undefined,
  ): number {
    if (node.name.value === '__typename') {
      return 0;
    }

    // An unknown field is reported by FieldsOnCorrectTypeRule, and the query never runs.
    const definition = this.fieldDefinition(parentType, node.name.value);
    if (definition === undefined) {
      return 1;
    }

    const { complexity } = definition.extensions as { complexity?: unknown };
    const ownCost = typeof complexity === 'number' ? complexity : 1;

    const childType = getNamedType(definition.type);
    const childCost =
      node.selectionSet !== undefined && isCompositeType(childType)
        ? this.selectionCost(node.selectionSet, childType, pageSizeOf(node, definition))
        : 0;

    const count =
      pageSize !== undefined && isListType(getNullableType(definition.type)) ? pageSize : 1;

    return count * (ownCost + childCost);
  }

  private fragmentCost(name: string, pageSize: number | undefined): number {
    const key = `${name} ${pageSize ?? 'none'}`;
    const known = this.fragmentCosts.get(key);
    if (known !== undefined) {
      return known;
    }

    const fragment = unexpandedFragment(this.context, name, this.expanding);
    const type = this.conditionType(fragment?.typeCondition.name.value);
    if (fragment === undefined || type === undefined) {
      return 0;
    }

    this.expanding.add(name);
    const cost = this.selectionCost(fragment.selectionSet, type, pageSize);
    this.expanding.delete(name);
    this.fragmentCosts.set(key, cost);

    return cost;
  }

  private conditionType(name: string | undefined): GraphQLCompositeType | undefined {
    if (name === undefined) {
      return undefined;
    }

    const type = this.context.getSchema().getType(name);
    return type !== undefined && type !== null && isCompositeType(type) ? type : undefined;
  }

  private fieldDefinition(
    parentType: GraphQLCompositeType,
    name: string,
  ): GraphQLField<unknown, unknown> | undefined {
    const schema = this.context.getSchema();
    if (parentType === schema.getQueryType()) {
      if (name === SchemaMetaFieldDef.name) {
        return SchemaMetaFieldDef;
      }
      if (name === TypeMetaFieldDef.name) {
        return TypeMetaFieldDef;
      }
    }

    if (isObjectType(parentType) || isInterfaceType(parentType)) {
      return parentType.getFields()[name];
    }

    return undefined;
  }
}
