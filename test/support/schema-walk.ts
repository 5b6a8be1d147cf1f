import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";

/**
 * Reading the hub's own schema in tests, so that a new query, field or mutation is covered by the
 * security tests the moment it exists (test/e2e/role-matrix.test.ts, bad-input.test.ts).
 */

/** Personal data (docs/MODEL.md): these types, and every list or connection of them. */
export const PERSONAL_TYPES: ReadonlySet<string> = new Set(["Member", "Beneficiary", "Pairing", "PairingHelper"]);

/** Names of the types that are entities: everything implementing Node or Entity. */
export function entityTypeNames(schema: GraphQLSchema): Set<string> {
  const names = new Set<string>();
  for (const name of ["Node", "Entity"]) {
    const type = schema.getType(name);
    if (type && isInterfaceType(type)) {
      names.add(name);
      for (const possible of schema.getPossibleTypes(type)) names.add(possible.name);
    }
  }
  return names;
}

/** The item type of a connection (`XConnection.edges.node`), or the type itself. */
export function itemType(type: GraphQLNamedType): GraphQLNamedType {
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return type;
  const edges = type.getFields().edges;
  if (!edges) return type;
  const edge = getNamedType(edges.type);
  if (!isObjectType(edge)) return type;
  const node = edge.getFields().node;
  return node ? getNamedType(node.type) : type;
}

/** True when the field returns named entities: one, a list, or a connection of them (or a union of them). */
export function returnsEntities(schema: GraphQLSchema, field: GraphQLField<unknown, unknown>, entities = entityTypeNames(schema)): boolean {
  const item = itemType(getNamedType(field.type));
  if (entities.has(item.name)) return true;
  return isUnionType(item) && item.getTypes().some((member) => entities.has(member.name));
}

/** True when the field returns personal data: a member, beneficiary or pairing, a list or a connection of them. */
export function returnsPersonalData(field: GraphQLField<unknown, unknown>): boolean {
  return PERSONAL_TYPES.has(itemType(getNamedType(field.type)).name);
}

/** Every `Type.field` of the schema's object types (introspection types left out). */
export function allFields(schema: GraphQLSchema): { key: string; type: string; field: GraphQLField<unknown, unknown> }[] {
  const fields = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__") || !isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) fields.push({ key: `${type.name}.${field.name}`, type: type.name, field });
  }
  return fields;
}

/** Plausible, well-typed values for scalars by name: enough to pass GraphQL validation. */
const SAMPLE_SCALARS: Record<string, unknown> = {
  String: "RM-NOWHERE",
  ID: "00000000-0000-0000-0000-000000000000",
  Int: 1,
  Float: 1,
  Boolean: true,
  LocalDate: "2024-01-01",
  NonNegativeInt: 0,
  NonNegativeFloat: 0,
  DateTimeISO: "2024-01-01T00:00:00.000Z",
  JSONObject: {},
};

/** A value of `type` that GraphQL accepts: required input fields filled, optional ones left out. */
export function sampleValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType);
  if (isListType(type)) return [sampleValue(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined) value[field.name] = sampleValue(field.type);
    }
    return value;
  }
  if (isScalarType(type)) {
    if (!(type.name in SAMPLE_SCALARS)) throw new Error(`no sample value for scalar ${type.name}: add one to SAMPLE_SCALARS`);
    return SAMPLE_SCALARS[type.name];
  }
  throw new Error(`no sample value for ${String(type)}`);
}

/** The arguments a field cannot be called without. */
export function requiredArgs(field: GraphQLField<unknown, unknown>): readonly GraphQLArgument[] {
  return field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
}

/**
 * A document calling `field` of the root `operation` type with sample values for its required
 * arguments (as variables) and selecting `__typename` (or nothing, for a scalar).
 */
export function sampleCall(operation: "query" | "mutation", field: GraphQLField<unknown, unknown>): { query: string; variables: Record<string, unknown> } {
  const args = requiredArgs(field);
  const declarations = args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(", ");
  const call = args.length > 0 ? `(${args.map((arg) => `${arg.name}: $${arg.name}`).join(", ")})` : "";
  const named = getNamedType(field.type);
  const selection = isScalarType(named) || isEnumType(named) ? "" : " { __typename }";
  return {
    query: `${operation}${declarations ? `(${declarations})` : ""} { ${field.name}${call}${selection} }`,
    variables: Object.fromEntries(args.map((arg) => [arg.name, sampleValue(arg.type)])),
  };
}
