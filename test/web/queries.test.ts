import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema, getNamedType, Kind, isInterfaceType, isObjectType, parse, print, TypeInfo, validate, visit, visitWithTypeInfo, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/database/index.js";
import { createRequire } from "node:module";
import type * as QueryComplexityModule from "graphql-query-complexity";
import { COST_ESTIMATORS } from "../../src/server/limits.js";
import { loadConfig } from "../../src/config/index.js";
import * as queries from "../../web/src/queries.js";
import { maxPageSize } from "../../web/src/pages.js";

// The CommonJS build, as the hub loads it (src/server/limits.ts): one graphql realm.
const { getComplexity } = createRequire(import.meta.url)("graphql-query-complexity") as typeof QueryComplexityModule;

/**
 * Every document the dashboard sends is valid against the emitted schema, so a change to the API
 * that the dashboard relies on fails here, before a browser is started.
 */
describe("the dashboard's GraphQL documents", () => {
  const schema = buildSchema(readFileSync(join(PROJECT_ROOT, "schema", "schema.graphql"), "utf8"));
  const operations = Object.entries(queries).filter(([, document]) => (document as DocumentNode).definitions.some((definition) => definition.kind === "OperationDefinition"));
  const operationName = (document: DocumentNode) => document.definitions.flatMap((definition) => (definition.kind === "OperationDefinition" ? [definition.name?.value ?? ""] : []))[0]!;

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

  it.each(operations)("%s stays under the hub's default cost limit at the largest page the dashboard asks for", (_name, document) => {
    // As the page sends it: urql adds __typename to every selection (the cost counts those too).
    const ast = parse(print(document as DocumentNode));
    const withTypename = visit(ast, {
      SelectionSet(set) {
        return { ...set, selections: [...set.selections, { kind: Kind.FIELD, name: { kind: Kind.NAME, value: "__typename" } }] };
      },
    });
    const operation = withTypename.definitions.find((definition) => definition.kind === "OperationDefinition")!;
    const variables: Record<string, unknown> = {};
    for (const definition of operation.variableDefinitions ?? []) {
      const name = definition.variable.name.value;
      const type = print(definition.type).replace("!", "");
      variables[name] = name === "first" ? maxPageSize(operationName(ast)) : type === "LocalDate" ? "2026-11-28" : type === "String" ? "LHT" : type === "Int" ? 1 : null;
    }
    const cost = getComplexity({ schema, query: withTypename, variables, estimators: COST_ESTIMATORS });
    expect(cost).toBeGreaterThan(0);
    expect(cost).toBeLessThanOrEqual(loadConfig({}).limits.maxCost);
  });
});
