import "reflect-metadata";
import { getNamedType, isNonNullType, isObjectType, type GraphQLSchema } from "graphql";
import { getMetadataStorage } from "type-graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { buildHubSchema } from "../../src/server/schema.js";
import { PERSONAL_TYPES } from "../support/schema-walk.js";

/** `Type.field` of every field an @Authorized guards (on the method or on its resolver class), and of every field of personal data. */
function collectGuarded(schema: GraphQLSchema, guarded: Set<string>): void {
  const storage = getMetadataStorage();
  const classGuarded = new Set(storage.authorizedResolver.map((item) => item.target));
  for (const resolver of storage.fieldResolvers) {
    const own = storage.authorizedFields.some((item) => item.target === resolver.target && item.fieldName === resolver.methodName);
    if (own || classGuarded.has(resolver.target)) guarded.add(`${resolver.getObjectType!().name}.${resolver.schemaName}`);
  }
  for (const type of Object.values(schema.getTypeMap())) {
    // Mutations are refused whole (one transaction, nothing partial, checked before it writes), and a
    // payload is reached only through its mutation: the entity it carries is never refused alone.
    if (!isObjectType(type) || type.name.startsWith("__") || type === schema.getMutationType() || type.name.endsWith("Payload")) continue;
    for (const field of Object.values(type.getFields())) {
      // Personal data is checked record by record (src/people/access.ts): any field of it can be refused.
      if (PERSONAL_TYPES.has(getNamedType(field.type).name) && !type.name.endsWith("Edge")) guarded.add(`${type.name}.${field.name}`);
    }
  }
}

/**
 * docs/ERRORS.md, "Null means an error": every root field, and every field a role or a scope can
 * refuse, is nullable, so that one refusal or one missing entity nulls that field alone. Read from
 * the resolvers' own metadata, so a new @Authorized field or query fails here until it is nullable.
 */
describe("nullability: a refusal nulls one field, never its parent", () => {
  let schema: GraphQLSchema;
  const guarded = new Set<string>();
  beforeAll(async () => {
    schema = await buildHubSchema();
    collectGuarded(schema, guarded);
  });

  it("makes every root query nullable", () => {
    const required = Object.values(schema.getQueryType()!.getFields()).filter((field) => isNonNullType(field.type));
    expect(required.map((field) => `Query.${field.name}: ${String(field.type)}`)).toEqual([]);
  });

  it("makes every field a role or a scope can refuse nullable", () => {
    expect(guarded.size).toBeGreaterThan(50);
    const required = [...guarded].filter((key) => {
      const [typeName, fieldName] = key.split(".") as [string, string];
      const type = schema.getType(typeName);
      return isObjectType(type) && type.getFields()[fieldName] && isNonNullType(type.getFields()[fieldName]!.type);
    });
    expect(required).toEqual([]);
  });
});
