import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema, getNamedType, isInterfaceType, isObjectType, parse, print, TypeInfo, validate, visit, visitWithTypeInfo, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/database/index.js";
import * as queries from "../../web/src/queries.js";

/**
 * Every document the dashboard sends is valid against the emitted schema, so a change to the API
 * that the dashboard relies on fails here, before a browser is started.
 */
describe("the dashboard's GraphQL documents", () => {
  const schema = buildSchema(readFileSync(join(PROJECT_ROOT, "schema", "schema.graphql"), "utf8"));
  const operations = Object.entries(queries).filter(([, document]) => (document as DocumentNode).definitions.some((definition) => definition.kind === "OperationDefinition"));

  it("has its operations", () => {
    expect(operations.length).toBeGreaterThan(10);
  });

  it.each(operations)("%s validates against schema/schema.graphql", (_name, document) => {
    const errors = validate(schema, parse(print(document as DocumentNode)));
    expect(errors.map((error) => error.message)).toEqual([]);
  });

  it("selects id and code on every entity it reads, so the normalised cache keys each snapshot", () => {
    const missing: string[] = [];
    for (const [name, document] of operations) {
      const ast = parse(print(document as DocumentNode));
      const fragments = new Map(ast.definitions.filter((d): d is FragmentDefinitionNode => d.kind === "FragmentDefinition").map((d) => [d.name.value, d]));
      const names = (set: SelectionSetNode): string[] =>
        set.selections.flatMap((selection) =>
          selection.kind === "Field" ? [selection.name.value] : selection.kind === "InlineFragment" ? names(selection.selectionSet) : names(fragments.get(selection.name.value)!.selectionSet),
        );
      const typeInfo = new TypeInfo(schema);
      visit(
        ast,
        visitWithTypeInfo(typeInfo, {
          Field(field) {
            const type = getNamedType(typeInfo.getType());
            if (!field.selectionSet || !(isObjectType(type) || isInterfaceType(type)) || !type.getInterfaces().some((face) => face.name === "Node")) return;
            const selected = names(field.selectionSet);
            if (!selected.includes("id") || !selected.includes("code")) missing.push(`${name}: ${field.name.value} (${type.name})`);
          },
        }),
      );
    }
    expect(missing).toEqual([]);
  });
});
