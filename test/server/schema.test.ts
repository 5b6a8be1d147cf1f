import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isObjectType, isInterfaceType, isInputObjectType, isEnumType } from "graphql";
import { renderSchema, SCHEMA_FILE } from "../../src/server/emit-schema.js";
import { buildHubSchema } from "../../src/server/schema.js";

describe("the GraphQL schema", () => {
  it("builds under vitest, where no decorator metadata is emitted", async () => {
    const schema = await buildHubSchema();
    expect(schema.getQueryType()?.getFields().about).toBeDefined();
  });

  it("matches the checked-in schema/schema.graphql (run `npm run schema:emit` after a change)", async () => {
    expect(await renderSchema()).toBe(readFileSync(SCHEMA_FILE, "utf8"));
  });

  it("describes every type, field, argument and enum value of its own", async () => {
    const schema = await buildHubSchema();
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith("__") || ["String", "Boolean", "Int", "Float", "ID"].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of "args" in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
