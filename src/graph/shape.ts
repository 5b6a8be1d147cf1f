import { entityMap } from "./cypher.js";
import { readDefault, toEntityRecord, type DatedNameRecord, type EntityRecord } from "./entity.record.js";
import type { LinkRecord, Linked, RelationSpec } from "./relation.js";
import type { Selection } from "./selection.js";
import type { EntityLabel } from "./vocabulary.js";

/**
 * Which properties a read fetches of an entity: `"all"` (the whole node, as `entityMap`), or the
 * fields a request's selection asks for. A shaped record always has its label, id, code and name
 * as of its date; of the other core fields (validFrom, validTo, version, nameHistory) and the
 * stored fields only those named, the others left at their empty values. It is read for the
 * resolvers of one request's selection, which ask for nothing else (`shapeFor` makes sure).
 * Shaped entities travel as lists, not maps, and their dates as ISO strings made by Neo4j: no key
 * repeated per entity on the wire, no temporal object for the driver to build.
 */
export type Shape = "all" | readonly string[];

/**
 * The GraphQL fields of a label that are stored properties of the same name (docs/MODEL.md). A
 * field missing here is only read more widely (the record whole), never wrongly: see `shapeFor`.
 */
const STORED_FIELDS: Partial<Record<EntityLabel, readonly string[]>> = {
  Place: ["kind", "compoundKind", "propertyManaged", "staffCount", "delegatedTaskCategories", "delegatedTasks", "facilityInvestmentYuan"],
  Organisation: ["kind", "form", "formalMembers", "probationaryMembers", "committeeElected"],
  Unit: ["kind", "sector", "formalPartyMembers", "operating"],
};

/** Fields every shaped record answers without reading more (the snapshot ids come from label, code and date). */
const ALWAYS = new Set(["__typename", "id", "entityId", "code", "name", "asOf"]);
/** Core fields read only when asked for. */
const CORE_ON_DEMAND = new Set(["validFrom", "validTo", "version", "nameHistory"]);

const SAFE_PROPERTY = /^[a-z][A-Za-z]*$/;

/**
 * The shape of `label`'s records that answers `selection`: the fields it asks for, when every
 * selected field is a core field, a stored field or one of `relationFields` (answered by reads of
 * their own); any other field (a field resolver that may read any property) takes the record whole.
 */
export function shapeFor(label: EntityLabel, selection: Selection | null, relationFields: ReadonlySet<string>): Shape {
  const stored = STORED_FIELDS[label];
  if (!stored || !selection || selection.type !== label) return "all";
  // `kind` always: resolvers of a relation filter or branch on it.
  const fields = new Set<string>(stored.includes("kind") ? ["kind"] : []);
  for (const field of selection.fields.values()) {
    if (ALWAYS.has(field.name) || relationFields.has(field.name)) continue;
    if (!CORE_ON_DEMAND.has(field.name) && !stored.includes(field.name)) return "all";
    fields.add(field.name);
  }
  return [...fields].sort();
}

/** A stable name of a shape, for per-request loader keys. */
export function shapeKey(shape: Shape): string {
  return shape === "all" ? "all" : shape.join(",");
}

/**
 * The name as of `$asOf`, exactly as `toEntityRecord` picks it: the last name that took effect on
 * or before it, else the first, else the `name` property.
 */
function nameAsOf(alias: string): string {
  const names = `coalesce(${alias}.names, [${alias}.name])`;
  return `coalesce([i IN range(0, size(${names}) - 1) WHERE coalesce(${alias}.nameFrom[i], ${alias}.validFrom) <= $asOf | ${names}[i]][-1], ${names}[0], ${alias}.name)`;
}

function fieldValue(alias: string, field: string): string {
  if (!SAFE_PROPERTY.test(field)) throw new Error(`unsafe property ${field}`);
  if (field === "validFrom" || field === "validTo") return `toString(${alias}.${field})`;
  if (field === "nameHistory") return `[coalesce(${alias}.names, [${alias}.name]), [day IN coalesce(${alias}.nameFrom, [${alias}.validFrom]) | toString(day)]]`;
  return `${alias}.${field}`;
}

/**
 * The value an entity `alias` is returned as under `shape`: the whole map, or the list [code, name,
 * …fields] (the label is the shape's). Not the stored `id`: the resolvers of a shaped selection key
 * their reads by code (src/graph/relation.ts), and 36 characters per entity are most of a tree's bytes.
 */
export function shapedEntity(alias: string, shape: Shape): string {
  if (shape === "all") return entityMap(alias);
  return `[${alias}.code, ${nameAsOf(alias)}${shape.map((field) => `, ${fieldValue(alias, field)}`).join("")}]`;
}

/**
 * The value a link `alias` is returned as: the whole map, or under a shape the list of the spec's
 * own properties (a leadership's line), null when it has none. A shaped read answers the relation
 * fields of one selection (src/graph/relations.ts), whose resolvers read the far ends and those
 * properties, never the link's dates: two ISO strings per far end (5 200 in a Q1 tree) that the
 * driver would decode for nothing.
 */
export function shapedLink(spec: { readonly linkProperties?: readonly string[] }, alias: string, shape: Shape): string {
  if (shape === "all") return `${alias} {.*}`;
  const own = (spec.linkProperties ?? []).map((property) => fieldValue(alias, property));
  return own.length === 0 ? "null" : `[${own.join(", ")}]`;
}

/** The record a `shapedEntity` value stands for, a `label` seen as of `asOf`. */
export function toShapedRecord(value: unknown, label: EntityLabel | "Entity", shape: Shape, asOf: string): EntityRecord {
  if (shape === "all" || label === "Entity") return toEntityRecord(value, asOf);
  const [code, name, ...values] = value as unknown[];
  // The stored id is not read (see shapedEntity): nothing a shaped selection resolves asks for it.
  const fields: Record<string, unknown> = { label, id: "", code: String(code), name: String(name), validFrom: "", validTo: null, version: 0, nameHistory: [] as DatedNameRecord[], asOf };
  shape.forEach((field, index) => {
    const own = values[index];
    if (field === "nameHistory") {
      const [names, from] = own as [string[], string[]];
      fields.nameHistory = names.map((entry, at) => ({ name: entry, validFrom: from[at] ?? "" }));
    } else fields[field] = field === "version" ? Number(own ?? 0) : (own ?? readDefault(label, field) ?? null);
  });
  // Only the selected fields: a shaped record is read for one selection (see Shape), so a default of a field not asked for is never looked at.
  return fields as EntityRecord;
}

/** The link a `shapedLink` value stands for: under a shape, its own properties, its dates left empty (never read, see shapedLink). */
export function toShapedLink(value: unknown, spec: { readonly linkProperties?: readonly string[] }, shape: Shape): LinkRecord {
  if (shape === "all") return value as LinkRecord;
  const properties = spec.linkProperties ?? [];
  if (properties.length === 0) return UNREAD_LINK;
  const own = value as unknown[];
  const link: Record<string, unknown> = { validFrom: "", validTo: null };
  properties.forEach((property, index) => (link[property] = own[index] ?? null));
  return link as LinkRecord;
}

/** The link of a shaped read without own properties: one frozen object for every far end. */
const UNREAD_LINK: LinkRecord = Object.freeze({ validFrom: "", validTo: null });

/** One far end of a relation and its link, as `[entity, link, …]` of a shaped read. */
export function toLinked(item: readonly unknown[], spec: Pick<RelationSpec, "target" | "linkProperties">, shape: Shape, asOf: string): Linked {
  return { entity: toShapedRecord(item[0], spec.target, shape, asOf), link: toShapedLink(item[1], spec, shape) };
}
