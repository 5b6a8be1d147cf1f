import type { EntityLabel } from "../graph/vocabulary.js";
import type { SeedEntity, SeedLink, SeedModel } from "./model.js";
import { LABEL_SPECS, type FileSpec, type SeedRelationType } from "./spec.js";

/**
 * How a seed entity and its links look in the graph (docs/MODEL.md): the properties the seed
 * manages, in the plain form the executor returns them (dates as ISO strings), so the importer
 * can compare the seed with the graph and the exporter can read the graph back.
 */

/** Graph properties holding a `date` (or a list of dates); everything else is stored as given. */
export const DATE_PROPERTIES = ["validFrom", "validTo", "signedOn", "date"] as const;
export const DATE_LIST_PROPERTIES = ["nameFrom"] as const;

/** Whether the graph property holds a date or a list of dates. */
export function isDateProperty(key: string): boolean {
  return (DATE_PROPERTIES as readonly string[]).includes(key) || (DATE_LIST_PROPERTIES as readonly string[]).includes(key);
}

/** Worked out once per file spec: every entity's properties start from them (the bulk import's CSV encodes ~a million). */
const managedBySpec = new WeakMap<FileSpec, readonly string[]>();

/** Properties the seed owns on an entity of this file; others (set by other tools) are left alone. */
export function managedProperties(spec: FileSpec): readonly string[] {
  let keys = managedBySpec.get(spec);
  if (!keys) {
    keys = [...new Set(["code", "name", "names", "nameFrom", "validFrom", "validTo", "illustrative", "note", ...Object.keys(spec.fields)])];
    managedBySpec.set(spec, keys);
  }
  return keys;
}

export type PlainProperties = Record<string, unknown>;

/** The managed properties of the entity in the graph, every managed key present (null = absent). */
export function entityProperties(entity: SeedEntity): PlainProperties {
  const properties: PlainProperties = {};
  for (const key of managedProperties(entity.spec)) properties[key] = null;
  const current = entity.names[entity.names.length - 1]!;
  Object.assign(properties, {
    code: entity.code,
    name: current.name,
    names: entity.names.map((entry) => entry.name),
    nameFrom: entity.names.map((entry) => entry.validFrom),
    validFrom: entity.life.from,
    validTo: entity.life.to,
    illustrative: entity.illustrative ? true : null,
    note: entity.note ?? null,
  });
  for (const [key, value] of Object.entries(entity.fields)) properties[key] = Array.isArray(value) && value.length === 0 ? null : value;
  return properties;
}

/** The managed subset of properties read from the graph, every managed key present (null = absent). */
export function graphManagedProperties(label: EntityLabel, properties: PlainProperties): PlainProperties {
  const spec = LABEL_SPECS.get(label);
  if (!spec) throw new Error(`no seed file holds ${label}`);
  return Object.fromEntries(managedProperties(spec).map((key) => [key, properties[key] ?? null]));
}

/** A relation as stored: graph direction (from → to), dates, extra properties. */
export interface GraphRelation {
  readonly type: SeedRelationType;
  readonly from: string;
  readonly to: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly properties: PlainProperties;
}

export function relationOf(link: SeedLink): GraphRelation {
  const [from, to] = link.relation.direction === "out" ? [link.owner.code, link.target] : [link.target, link.owner.code];
  const properties = Object.fromEntries(Object.entries(link.extras).filter(([, value]) => value !== null && value !== undefined));
  return { type: link.relation.type, from, to, validFrom: link.span?.from ?? null, validTo: link.span?.to ?? null, properties };
}

export function relationsOf(model: SeedModel): GraphRelation[] {
  return model.links.map(relationOf);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as PlainProperties)[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Two relations with the same key are the same fact; the importer keeps the one in the graph. */
export function relationKey(relation: GraphRelation): string {
  return `${relation.type}|${relation.from}|${relation.to}|${relation.validFrom ?? ""}|${relation.validTo ?? ""}|${canonical(relation.properties)}`;
}

export function sameProperties(a: PlainProperties, b: PlainProperties): boolean {
  return canonical(a) === canonical(b);
}

/** The relation types an entity of this file owns, by direction: a seed replaces exactly these. */
export function ownedRelationTypes(spec: FileSpec): { out: SeedRelationType[]; in: SeedRelationType[] } {
  return {
    out: spec.relations.filter((relation) => relation.direction === "out").map((relation) => relation.type),
    in: spec.relations.filter((relation) => relation.direction === "in").map((relation) => relation.type),
  };
}

/** Splits properties into those sent as they are and those Cypher turns into `date` values. */
export function toWriteRow(properties: PlainProperties): { plain: PlainProperties; dates: PlainProperties } {
  const plain: PlainProperties = {};
  const dates: PlainProperties = {};
  for (const [key, value] of Object.entries(properties)) {
    if (isDateProperty(key)) dates[key] = value;
    else plain[key] = value;
  }
  return { plain, dates };
}
