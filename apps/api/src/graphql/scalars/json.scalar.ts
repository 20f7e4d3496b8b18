import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function valueFromLiteral(node: ValueNode, variables: Record<string, unknown> | null | undefined) {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((item): unknown => valueFromLiteral(item, variables));
    case Kind.OBJECT:
      return Object.fromEntries(
        node.fields.map((field): [string, unknown] => [
          field.name.value,
          valueFromLiteral(field.value, variables),
        ]),
      );
    case Kind.VARIABLE:
      return variables?.[node.name.value];
    default:
      throw new GraphQLError(`JSON cannot represent the literal kind ${node.kind}.`);
  }
}

/** Any JSON value: object, array, string, number, boolean or null. */
export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value: object, array, string, number, boolean or null.',
  serialize: (value: unknown) => value,
  parseValue: (value: unknown) => value,
  parseLiteral: (node, variables) => valueFromLiteral(node, variables),
});
