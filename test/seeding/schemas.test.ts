import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import AjvModule from "ajv";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { PLACE_KINDS } from "../../src/graph/vocabulary.js";
import { allSeedSchemas, renderSchema, SEED_FILES, SEED_SCHEMA_DIR } from "../../src/seeding/index.js";
import { isCalendarDate } from "../../src/seeding/dates.js";
import { VALID } from "./helpers.js";

describe("seed JSON Schemas", () => {
  it("are checked in exactly as generated (run npm run seed:schemas after changing the vocabulary)", () => {
    const generated = allSeedSchemas();
    expect(readdirSync(SEED_SCHEMA_DIR).sort()).toEqual([...generated.keys()].sort());
    for (const [file, schema] of generated) {
      expect(readFileSync(join(SEED_SCHEMA_DIR, file), "utf8"), file).toBe(renderSchema(schema));
    }
  });

  it("take their closed lists from src/graph/vocabulary.ts", () => {
    const places = allSeedSchemas().get("places.schema.json") as { definitions: { record: { properties: { kind: { enum: string[] } } } } };
    expect(places.definitions.record.properties.kind.enum).toEqual([...PLACE_KINDS]);
  });

  it("accept every file of a valid seed as an editor would check it (whole file, plain ajv)", () => {
    const ajv = new AjvModule.default({ allErrors: true, strictRequired: false });
    ajv.addFormat("date", isCalendarDate);
    for (const spec of SEED_FILES) {
      const schema = JSON.parse(readFileSync(join(SEED_SCHEMA_DIR, spec.file.replace(".yaml", ".schema.json")), "utf8")) as object;
      const validate = ajv.compile(schema);
      const records: unknown = parse(readFileSync(join(VALID, spec.file), "utf8"));
      expect(validate(records), `${spec.file}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });
});
