import { join } from "node:path";
import { PROJECT_ROOT } from "../database/index.js";
import { CODE_PATTERN } from "../graph/vocabulary.js";
import { SEED_FILES, SEED_META_FILE, type FileSpec, type RelationField, type ScalarField } from "./spec.js";

/**
 * JSON Schemas of the seed files, generated from the format tables (spec.ts) and so from
 * src/graph/vocabulary.ts. `npm run seed:schemas` writes them to schema/seed/ for editors; the
 * validator compiles the same objects in memory, so the files are documentation, never input.
 */
export const SEED_SCHEMA_DIR = join(PROJECT_ROOT, "schema", "seed");

type JsonSchema = Record<string, unknown>;

/** ISO calendar day; the `date` format (registered with ajv) rejects days that do not exist. */
export const DATE_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$";

export function schemaFileName(seedFile: string): string {
  return seedFile.replace(/\.yaml$/, ".schema.json");
}

export function schemaId(seedFile: string): string {
  return `https://dangjian-hub.local/schema/seed/${schemaFileName(seedFile)}`;
}

function scalarSchema(field: ScalarField): JsonSchema {
  const base = { description: field.description };
  switch (field.type) {
    case "text":
      return { ...base, type: "string" };
    case "integer":
      return { ...base, type: "integer", ...(field.min !== undefined ? { minimum: field.min } : {}) };
    case "number":
      return { ...base, type: "number", ...(field.min !== undefined ? { minimum: field.min } : {}) };
    case "boolean":
      return { ...base, type: "boolean", ...(field.default !== undefined ? { default: field.default } : {}) };
    case "date":
      return { ...base, $ref: "#/definitions/date" };
    case "enum":
      return { ...base, type: "string", enum: [...field.values], ...(field.default !== undefined ? { default: field.default } : {}) };
    case "enumList":
      return { ...base, type: "array", minItems: 1, uniqueItems: true, items: { type: "string", enum: [...field.values] } };
  }
}

function linkDefinitionName(relation: RelationField): string {
  return `${relation.field}Link`;
}

function linkSchema(relation: RelationField): JsonSchema {
  const extras = Object.entries(relation.extras ?? {});
  return {
    type: "object",
    description: `a dated link of ${relation.field}`,
    additionalProperties: false,
    required: [relation.targetField, ...extras.filter(([, field]) => "required" in field && field.required).map(([name]) => name)],
    properties: {
      [relation.targetField]: { $ref: "#/definitions/code", description: `code of the ${relation.targets.join(" or ")}` },
      validFrom: { $ref: "#/definitions/date", description: "first day of the link (default: the record's validFrom)" },
      validTo: { $ref: "#/definitions/date", description: "the day the link ends, exclusive (default: the record's validTo)" },
      ...Object.fromEntries(extras.map(([name, field]) => [name, scalarSchema(field)])),
    },
  };
}

function relationSchema(relation: RelationField): JsonSchema {
  const description = `${relation.description} (${relation.targets.join(" or ")})`;
  const links = { type: "array", minItems: 1, items: { $ref: `#/definitions/${linkDefinitionName(relation)}` } };
  switch (relation.shape) {
    case "code":
      return { description, $ref: "#/definitions/code" };
    case "codes":
      return { description, type: "array", uniqueItems: true, items: { $ref: "#/definitions/code" } };
    case "links":
      return { description, ...links };
    case "codeOrLinks":
      // if/then/else rather than anyOf: a validator then reports only the branch the value is in.
      return { description, if: { type: "string" }, then: { $ref: "#/definitions/code" }, else: links };
  }
}

function recordSchema(spec: FileSpec): JsonSchema {
  const own = Object.entries(spec.fields);
  const required = [
    "code",
    ...(spec.dated ? ["validFrom"] : []),
    ...own.filter(([, field]) => "required" in field && field.required).map(([name]) => name),
    ...spec.relations.filter((relation) => relation.required).map((relation) => relation.field),
  ];
  const common: Record<string, JsonSchema> = spec.dated
    ? {
        code: { $ref: "#/definitions/code", description: "unique over the whole seed" },
        name: { type: "string", minLength: 1, description: "the name for the record's whole life" },
        names: {
          type: "array",
          minItems: 1,
          description: "a rename history, ascending; the first validFrom equals the record's",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["name", "validFrom"],
            properties: { name: { type: "string", minLength: 1 }, validFrom: { $ref: "#/definitions/date" } },
          },
        },
        validFrom: { $ref: "#/definitions/date", description: "the day the entity starts to exist" },
        validTo: { $ref: "#/definitions/date", description: "the day it stops (exclusive); absent = still exists" },
      }
    : { code: { $ref: "#/definitions/code", description: "unique over the whole seed" } };
  return {
    type: "object",
    description: spec.title,
    additionalProperties: false,
    required,
    ...(spec.dated ? { oneOf: [{ required: ["name"] }, { required: ["names"] }] } : {}),
    properties: {
      ...common,
      ...Object.fromEntries(own.map(([name, field]) => [name, scalarSchema(field)])),
      ...Object.fromEntries(spec.relations.map((relation) => [relation.field, relationSchema(relation)])),
      illustrative: { type: "boolean", description: "true when the values are plausible inventions, not from the source" },
      note: { type: "string", description: "free text" },
    },
  };
}

const SHARED_DEFINITIONS = {
  code: {
    type: "string",
    pattern: CODE_PATTERN.source,
    description: "A-Z, 0-9, - and _, at most 64 characters",
  },
  date: { type: "string", pattern: DATE_PATTERN, format: "date", description: "ISO date YYYY-MM-DD" },
};

/** The schema of one record file: a list of records. */
export function recordFileSchema(spec: FileSpec): JsonSchema {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: schemaId(spec.file),
    title: `${spec.file}: ${spec.title}`,
    description: "Generated from src/graph/vocabulary.ts by `npm run seed:schemas`; do not edit.",
    type: "array",
    items: { $ref: "#/definitions/record" },
    definitions: {
      ...SHARED_DEFINITIONS,
      record: recordSchema(spec),
      ...Object.fromEntries(
        spec.relations.filter((relation) => relation.shape === "links" || relation.shape === "codeOrLinks").map((relation) => [linkDefinitionName(relation), linkSchema(relation)]),
      ),
    },
  };
}

/** The schema of seed.yaml: one mapping describing the seed. */
export function metaFileSchema(): JsonSchema {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: schemaId(SEED_META_FILE),
    title: "seed.yaml: what this seed is",
    description: "Generated by `npm run seed:schemas`; do not edit.",
    type: "object",
    additionalProperties: false,
    properties: {
      name: { type: "string" },
      description: { type: "string" },
      source: { type: "string" },
      notes: { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] },
    },
  };
}

/** Every schema by its file name under schema/seed/. */
export function allSeedSchemas(): Map<string, JsonSchema> {
  const schemas = new Map<string, JsonSchema>([[schemaFileName(SEED_META_FILE), metaFileSchema()]]);
  for (const spec of SEED_FILES) schemas.set(schemaFileName(spec.file), recordFileSchema(spec));
  return schemas;
}

/** The text written to disk: stable key order (as built), two-space indent, final newline. */
export function renderSchema(schema: JsonSchema): string {
  return JSON.stringify(schema, null, 2) + "\n";
}
