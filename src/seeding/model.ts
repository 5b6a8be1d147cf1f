import type { EntityLabel } from "../graph/vocabulary.js";
import type { Interval } from "./dates.js";
import type { RawRecord, ValuePath } from "./parse.js";
import type { FileSpec, RelationField } from "./spec.js";

/**
 * The seed after the schema check, with the format's shorthands expanded and defaults applied:
 * what the semantic checks, the importer and the exporter work on.
 */
export interface SeedName {
  readonly name: string;
  readonly validFrom: string;
}

export interface SeedEntity {
  readonly label: EntityLabel;
  readonly spec: FileSpec;
  readonly code: string;
  readonly record: RawRecord;
  readonly life: Interval;
  readonly names: readonly SeedName[];
  /** Every field of the file's spec that has a value (defaults applied), by graph property name. */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly illustrative: boolean;
  readonly note: string | undefined;
}

export interface SeedLink {
  readonly relation: RelationField;
  readonly owner: SeedEntity;
  readonly target: string;
  /** Null for undated relations (a change event's originals and results). */
  readonly span: Interval | null;
  /** Extra link properties, defaults applied. */
  readonly extras: Readonly<Record<string, unknown>>;
  /** Where the link is written in its record: the link mapping, or the code for the shorthand. */
  readonly path: ValuePath;
  readonly line: number;
}

export interface SeedModel {
  readonly entities: readonly SeedEntity[];
  readonly byCode: ReadonlyMap<string, SeedEntity>;
  readonly links: readonly SeedLink[];
}

type Plain = Record<string, unknown>;

type Declared = NonNullable<FileSpec["fields"] | RelationField["extras"]>;

/** The declared fields of a spec or relation as entries, listed once (the specs are constants). */
const declaredEntries = new WeakMap<Declared, [string, Declared[string]][]>();
const NOTHING_DECLARED: [string, Declared[string]][] = [];

function entriesOf(declared: Declared | undefined): [string, Declared[string]][] {
  if (!declared) return NOTHING_DECLARED;
  let entries = declaredEntries.get(declared);
  if (!entries) declaredEntries.set(declared, (entries = Object.entries(declared)));
  return entries;
}

function withDefaults(declared: FileSpec["fields"] | RelationField["extras"], value: Plain): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, field] of entriesOf(declared)) {
    const given = value[name];
    if (given !== undefined && given !== null) result[name] = given;
    else if ("default" in field && field.default !== undefined) result[name] = field.default;
  }
  return result;
}

/** Builds the entity of a record that passed the schema check. */
export function entityOf(record: RawRecord): SeedEntity {
  const value = record.value as Plain;
  const spec = record.spec;
  const code = value.code as string;
  if (!spec.dated) {
    // A change event exists from its date on; its code stands in for the name it does not have.
    const date = value.date as string;
    return {
      label: spec.label,
      spec,
      code,
      record,
      life: { from: date, to: null },
      names: [{ name: code, validFrom: date }],
      fields: withDefaults(spec.fields, value),
      illustrative: value.illustrative === true,
      note: value.note as string | undefined,
    };
  }
  const life = { from: value.validFrom as string, to: (value.validTo as string | undefined) ?? null };
  const names = Array.isArray(value.names)
    ? (value.names as SeedName[]).map((entry) => ({ name: entry.name, validFrom: entry.validFrom }))
    : [{ name: value.name as string, validFrom: life.from }];
  return {
    label: spec.label,
    spec,
    code,
    record,
    life,
    names,
    fields: withDefaults(spec.fields, value),
    illustrative: value.illustrative === true,
    note: value.note as string | undefined,
  };
}

/** Expands a record's relation fields into links: a code spans the record's life; a link's missing dates are the record's. */
export function linksOf(entity: SeedEntity): SeedLink[] {
  const record = entity.record;
  const value = record.value as Plain;
  const links: SeedLink[] = [];
  // Plain loops, no closure per relation: this runs for every entity of every part.
  for (const relation of entity.spec.relations) {
    const given = value[relation.field];
    if (given === undefined || given === null) continue;
    if (relation.shape === "codes") {
      const targets = given as string[];
      for (let index = 0; index < targets.length; index++) {
        const path = [relation.field, index];
        links.push({ relation, owner: entity, target: targets[index]!, span: null, extras: {}, path, line: record.lineOf(path) });
      }
    } else if (typeof given === "string") {
      const path = [relation.field];
      links.push({ relation, owner: entity, target: given, span: entity.life, extras: withDefaults(relation.extras, {}), path, line: record.lineOf(path) });
    } else {
      const listed = given as Plain[];
      for (let index = 0; index < listed.length; index++) {
        const link = listed[index]!;
        const path = [relation.field, index];
        links.push({
          relation,
          owner: entity,
          target: link[relation.targetField] as string,
          span: { from: (link.validFrom as string | undefined) ?? entity.life.from, to: (link.validTo as string | undefined) ?? entity.life.to },
          extras: withDefaults(relation.extras, link),
          path,
          line: record.lineOf(path),
        });
      }
    }
  }
  return links;
}
