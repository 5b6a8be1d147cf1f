import AjvModule, { type ErrorObject, type ValidateFunction } from "ajv";
import { isCalendarDate } from "./dates.js";
import { metaFileSchema, recordFileSchema, schemaId } from "./json-schema.js";
import type { RawRecord, ValuePath } from "./parse.js";
import type { SeedProblem } from "./problems.js";
import { SEED_FILES, SEED_META_FILE } from "./spec.js";

/**
 * Checks each record against the generated JSON Schema with ajv and turns ajv's errors into
 * plain reasons pointing at the line of the offending field.
 */
const Ajv = AjvModule.default;

let compiled: { records: Map<string, ValidateFunction>; meta: ValidateFunction } | undefined;

function validators(): NonNullable<typeof compiled> {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true });
  ajv.addFormat("date", { type: "string", validate: isCalendarDate });
  const records = new Map<string, ValidateFunction>();
  for (const spec of SEED_FILES) {
    ajv.addSchema(recordFileSchema(spec));
    const validate = ajv.getSchema(`${schemaId(spec.file)}#/definitions/record`);
    if (!validate) throw new Error(`schema of ${spec.file} has no record definition`);
    records.set(spec.file, validate);
  }
  compiled = { records, meta: ajv.compile(metaFileSchema()) };
  return compiled;
}

function pathOf(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** `partOf[1].validTo` */
export function showPath(path: ValuePath): string {
  return path.map((segment, index) => (typeof segment === "number" ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join("");
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function valueAt(root: unknown, path: ValuePath): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** Distance between two words, to suggest `kind` for `kidn`. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

function suggestion(word: string, allowed: readonly string[]): string {
  const best = allowed
    .map((candidate) => ({ candidate, distance: editDistance(word.toLowerCase(), candidate.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance)[0];
  return best && best.distance <= Math.max(2, Math.floor(word.length / 3)) ? ` (did you mean "${best.candidate}"?)` : "";
}

function allowedFields(error: ErrorObject): string[] {
  const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ? Object.keys(properties) : [];
}

interface Translated {
  code: SeedProblem["code"];
  path: ValuePath;
  key?: boolean;
  message: string;
}

function translate(error: ErrorObject, value: unknown): Translated | undefined {
  const path = pathOf(error.instancePath);
  const where = path.length > 0 ? `${showPath(path)}: ` : "";
  const actual = valueAt(value, path);
  switch (error.keyword) {
    case "if":
      return undefined; // the branch's own error says what is wrong
    case "additionalProperties": {
      const field = String(error.params.additionalProperty);
      const allowed = allowedFields(error);
      return {
        code: "SEED_SCHEMA",
        path: [...path, field],
        key: true,
        message: `${where}unknown field "${field}"${suggestion(field, allowed)}; allowed here: ${allowed.join(", ")}`,
      };
    }
    case "required":
      return { code: "SEED_SCHEMA", path, message: `${where}missing required field "${String(error.params.missingProperty)}"` };
    case "oneOf":
      if (error.instancePath === "") {
        const record = value as Record<string, unknown>;
        return {
          code: "SEED_SCHEMA",
          path,
          message: "name" in record && "names" in record ? 'give either "name" or "names", not both' : 'missing "name" (or a "names" history)',
        };
      }
      return { code: "SEED_SCHEMA", path, message: `${where}does not match any allowed form` };
    case "anyOf":
      return { code: "SEED_SCHEMA", path, message: `${where}must be a text or a list of texts` };
    case "type":
      return { code: "SEED_SCHEMA", path, message: `${where}must be ${describeType(String(error.params.type))}, got ${show(actual)}` };
    case "enum":
      return {
        code: "SEED_SCHEMA",
        path,
        message: `${where}${show(actual)} is not one of ${(error.params.allowedValues as string[]).join(", ")}${typeof actual === "string" ? suggestion(actual, error.params.allowedValues as string[]) : ""}`,
      };
    case "pattern":
      if (error.schemaPath.includes("/definitions/code/")) {
        return { code: "SEED_MALFORMED_CODE", path, message: `${where}${show(actual)} is not a well-formed code (upper-case A-Z, 0-9, - and _, at most 64 characters)` };
      }
      return { code: "SEED_SCHEMA", path, message: `${where}${show(actual)} is not a date written YYYY-MM-DD` };
    case "format":
      return { code: "SEED_SCHEMA", path, message: `${where}${show(actual)} is not a day on the calendar` };
    case "minimum":
      return { code: "SEED_SCHEMA", path, message: `${where}must be at least ${String(error.params.limit)}, got ${show(actual)}` };
    case "minItems":
      return { code: "SEED_SCHEMA", path, message: `${where}must not be an empty list` };
    case "minLength":
      return { code: "SEED_SCHEMA", path, message: `${where}must not be empty` };
    case "uniqueItems":
      return { code: "SEED_SCHEMA", path, message: `${where}lists the same value twice (items ${String(error.params.j)} and ${String(error.params.i)})` };
    default:
      return { code: "SEED_SCHEMA", path, message: `${where}${error.message ?? "does not match the schema"}` };
  }
}

function describeType(type: string): string {
  switch (type) {
    case "integer":
      return "a whole number";
    case "number":
      return "a number";
    case "boolean":
      return "true or false";
    case "string":
      return "a text (quote it if YAML reads it as a number or date)";
    case "array":
      return "a list";
    case "object":
      return "a mapping (field: value)";
    default:
      return type;
  }
}

function toProblems(errors: readonly ErrorObject[], value: unknown, file: string, lineOf: RawRecord["lineOf"] | undefined, record: string | undefined): SeedProblem[] {
  const seen = new Set<string>();
  const problems: SeedProblem[] = [];
  for (const error of errors) {
    // Errors inside a oneOf branch only explain why the branch failed; the oneOf error says it plainly.
    if (error.schemaPath.includes("/oneOf/")) continue;
    const translated = translate(error, value);
    if (!translated) continue;
    // A bad date fails both its pattern and its format: say it once per value.
    const key = `${showPath(translated.path)}|${translated.code}|${error.keyword === "format" ? "pattern" : error.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({
      code: translated.code,
      file,
      line: lineOf ? lineOf(translated.path, { key: translated.key ?? false }) : 1,
      record,
      message: translated.message,
    });
  }
  return problems;
}

/** Schema problems of one record; an empty list when it matches. */
export function checkRecordSchema(record: RawRecord): SeedProblem[] {
  if (record.value === null || typeof record.value !== "object" || Array.isArray(record.value)) {
    return [{ code: "SEED_SCHEMA", file: record.file, line: record.line, message: `item ${record.index + 1} must be a mapping (code: …, name: …), got ${show(record.value)}` }];
  }
  const validate = validators().records.get(record.file);
  if (!validate) throw new Error(`no schema for ${record.file}`);
  if (validate(record.value)) return [];
  return toProblems(validate.errors ?? [], record.value, record.file, record.lineOf, record.code);
}

/** Schema problems of seed.yaml. */
export function checkMetaSchema(meta: Record<string, unknown>): SeedProblem[] {
  const validate = validators().meta;
  if (validate(meta)) return [];
  return toProblems(validate.errors ?? [], meta, SEED_META_FILE, undefined, undefined);
}
