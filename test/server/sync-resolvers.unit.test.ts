import { Kind, parse, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/auth/index.js";
import type { EntityRecord } from "../../src/graph/entity.record.js";
import { Loaders } from "../../src/graph/loaders.js";
import { fieldRead } from "../../src/graph/read-plan.js";
import { primeRelation, type Linked } from "../../src/graph/relation.js";
import { PLACE_CHILDREN } from "../../src/graph/relations.js";
import { selectionOf } from "../../src/graph/selection.js";
import type { HubContext } from "../../src/server/context.js";
import { buildHubSchema } from "../../src/server/schema.js";

/**
 * The synchronous field resolvers (src/server/sync-resolvers.ts) run the checks type-graphql's
 * chain runs — the role first, the personal-data guard on the value — and answer a primed value
 * without a promise. No database: the role is refused before any read, and the value is primed.
 */
describe("synchronous field resolvers", () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildHubSchema();
  });

  const record = (label: string, code: string): EntityRecord => ({ label: label as EntityRecord["label"], id: `id-${code}`, code, name: code, nameHistory: [], validFrom: "2020-01-01", validTo: null, version: 1, asOf: "2026-01-01", kind: "COMPOUND" });
  const context = (role: Role, loaders = new Loaders()): HubContext =>
    ({ viewer: { subject: "test", role, scope: [] }, loaders, db: new Proxy({}, { get: () => { throw new Error("no database in this test"); } }) }) as unknown as HubContext;

  /** The info graphql-js hands `Place.children` in `{ place { children { code } } }`. */
  function childrenInfo(): GraphQLResolveInfo {
    const operation = parse("{ place(code: \"X\") { children { code } } }").definitions[0] as OperationDefinitionNode;
    const place = operation.selectionSet.selections[0] as FieldNode;
    const children = place.selectionSet!.selections.find((node) => node.kind === Kind.FIELD) as FieldNode;
    const field = (schema.getType("Place") as GraphQLObjectType).getFields().children!;
    return { fieldName: "children", fieldNodes: [children], returnType: field.type, parentType: schema.getType("Place"), schema, fragments: {}, variableValues: {} } as unknown as GraphQLResolveInfo;
  }
  const resolveChildren = (role: Role, loaders?: Loaders) => {
    const field = (schema.getType("Place") as GraphQLObjectType).getFields().children!;
    return field.resolve!(record("Place", "P1"), { kinds: null }, context(role, loaders), childrenInfo());
  };
  const primed = (children: EntityRecord[]): Loaders => {
    const loaders = new Loaders();
    const linked: Linked[] = children.map((entity) => ({ entity, link: { validFrom: "2020-01-01", validTo: null } }));
    primeRelation(loaders, PLACE_CHILDREN, fieldRead(PLACE_CHILDREN, null, selectionOf(childrenInfo())), record("Place", "P1"), linked);
    return loaders;
  };

  it("refuses a role below the field's @Authorized before reading anything", () => {
    expect(() => resolveChildren("viewer")).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: "FORBIDDEN" }) }));
  });

  it("answers a primed relation at once, not through a promise", () => {
    const answer = resolveChildren("analyst", primed([record("Place", "P2"), record("Place", "P3")]));
    expect(answer).not.toBeInstanceOf(Promise);
    expect((answer as EntityRecord[]).map((child) => child.code)).toEqual(["P2", "P3"]);
  });

  it("still passes the value through the personal-data guard", async () => {
    // A personal record where a place was expected: the guard must refuse it to an analyst.
    const answer = resolveChildren("analyst", primed([record("Member", "M1")]));
    await expect(Promise.resolve(answer)).rejects.toMatchObject({ extensions: { code: "FORBIDDEN" } });
  });

  it("leaves an unprimed relation to the batched loader (a promise)", () => {
    const loaders = new Loaders();
    // The loader's batch runs later (setImmediate) and would need the database: only the shape of the answer is checked.
    const answer = resolveChildren("analyst", loaders);
    expect(answer).toBeInstanceOf(Promise);
    (answer as Promise<unknown>).catch(() => undefined);
  });
});
