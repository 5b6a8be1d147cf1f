import type { CypherQuery } from "../database/index.js";
import { dateParam } from "../database/index.js";
import { entityMap, validAt } from "./cypher.js";
import { isOneAtATime, ONE_AT_A_TIME, type OneAtATime } from "./rule-registry.js";
import type { EntityLabel } from "./vocabulary.js";
import { aliveFromCypher, overlapsCypher } from "../temporal/index.js";

/** Relationship types of the model (docs/MODEL.md); only these may appear in write Cypher. */
export const RELATION_TYPES = [
  "PART_OF",
  "BUILT_AT",
  "LED_BY",
  "COVERS",
  "LOCATED_IN",
  "WORK_COVERED_BY",
  "CONVENED_BY",
  "SERVES",
  "HOLDS_SEAT",
  "PARTY",
  "WITH",
  "ORGANISED_BY",
  "BASED_IN",
  "FACILITY_OF",
  "MEMBER_OF",
  "RESIDES_IN",
  "REGISTERED_WITH",
  "EMPLOYED_BY",
  "LIVES_IN",
  "HELPER",
  "HELPS",
  "ORIGINAL",
  "RESULTING",
] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

function relationType(type: RelationType): string {
  if (!(RELATION_TYPES as readonly string[]).includes(type)) throw new Error(`unknown relation type ${type}`);
  return type;
}

function entityLabel(label: EntityLabel): string {
  if (!/^[A-Z][A-Za-z]*$/.test(label)) throw new Error(`unsafe label ${label}`);
  return label;
}

export interface NewEntity {
  readonly code: string;
  readonly name: string;
  readonly validFrom: string;
  readonly validTo: string | null;
  /** Kind-specific properties; keys are chosen by the calling service, never by a client. */
  readonly properties: Record<string, unknown>;
}

export function createEntityQuery(label: EntityLabel, entity: NewEntity, personal: boolean): CypherQuery {
  const labels = personal ? `Entity:${entityLabel(label)}:Person` : `Entity:${entityLabel(label)}`;
  return {
    name: `write.create${label}`,
    cypher: `
      CREATE (e:${labels} {id: randomUUID(), code: $code, name: $name, names: [$name], nameFrom: [$validFrom],
                           validFrom: $validFrom, validTo: $validTo, version: 1})
      SET e += $properties
      RETURN ${entityMap("e")} AS entity`,
    params: {
      code: entity.code,
      name: entity.name,
      validFrom: dateParam(entity.validFrom),
      validTo: dateParam(entity.validTo),
      properties: entity.properties,
    },
  };
}

/** Sets properties and bumps the version, only if the version is still the expected one. */
export function updateEntityQuery(label: EntityLabel, code: string, properties: Record<string, unknown>, expectedVersion: number | null): CypherQuery {
  return {
    name: `write.update${label}`,
    cypher: `
      MATCH (e:${entityLabel(label)} {code: $code})
      WHERE $expectedVersion IS NULL OR e.version = $expectedVersion
      SET e += $properties, e.version = e.version + 1
      RETURN ${entityMap("e")} AS entity`,
    params: { code, properties, expectedVersion },
  };
}

/**
 * Corrects attributes in ONE statement: it takes the entity's write lock first and only then reads
 * its label and version, so the version it judges is the last committed one, and the lock is held
 * for this statement and the commit, not across a separate look-up as well (concurrent corrections
 * of one record queue on that lock). The attributes are set only when the entity has `label` and
 * `$expectedVersion` is null or its version; `applied` says whether they were. No row: no entity.
 */
export function correctEntityQuery(label: EntityLabel, code: string, properties: Record<string, unknown>, expectedVersion: number | null): CypherQuery {
  return {
    name: `write.correct${label}`,
    cypher: `
      MATCH (e:Entity {code: $code})
      SET e._lock = true REMOVE e._lock
      WITH e, e:${entityLabel(label)} AND ($expectedVersion IS NULL OR e.version = $expectedVersion) AS applied
      FOREACH (_ IN CASE WHEN applied THEN [1] ELSE [] END | SET e += $properties, e.version = e.version + 1)
      RETURN ${entityMap("e")} AS entity, applied`,
    params: { code, properties, expectedVersion },
  };
}

/** Appends a dated name; a later rename on the same day replaces that day's name. */
export function renameEntityQuery(label: EntityLabel, code: string, name: string, date: string): CypherQuery {
  return {
    name: `write.rename${label}`,
    cypher: `
      MATCH (e:${entityLabel(label)} {code: $code})
      WITH e, [i IN range(0, size(e.names) - 1) WHERE e.nameFrom[i] < $date] AS kept
      SET e.names = [i IN kept | e.names[i]] + $name,
          e.nameFrom = [i IN kept | e.nameFrom[i]] + $date,
          e.version = e.version + 1
      SET e.name = e.names[-1]
      RETURN ${entityMap("e")} AS entity`,
    params: { code, name, date: dateParam(date) },
  };
}

/**
 * Links INTO the entity, of `types`, that hold on `$date` or start later, from entities alive then
 * or later: what would be left without its place or organisation if the entity ended on `$date`.
 */
export function liveDependantsQuery(code: string, date: string, types: readonly RelationType[]): CypherQuery {
  return {
    name: "write.liveDependants",
    cypher: `
      MATCH (e:Entity {code: $code})<-[r]-(other:Entity)
      WHERE type(r) IN $types AND r.validFrom IS NOT NULL AND ${aliveFromCypher("r")}
        AND ${aliveFromCypher("other")}
      RETURN type(r) AS type, other.code AS code, other:Person OR other:Pairing AS personal
      ORDER BY type, code`,
    params: { code, date: dateParam(date), types: types.map(relationType) },
  };
}

/**
 * What the entity's history holds on or after `$date` besides links that merely still run: a name
 * taking effect on or after it, or a link of it (either direction) starting after it. Ending the
 * entity on `$date` would leave those dated after its end (a link whose start is its end, or later).
 */
export function changesAfterQuery(code: string, date: string): CypherQuery {
  return {
    name: "write.changesAfter",
    cypher: `
      MATCH (e:Entity {code: $code})
      RETURN [i IN range(0, size(e.names) - 1) WHERE e.nameFrom[i] >= $date AND e.nameFrom[i] > e.validFrom | toString(e.nameFrom[i])] AS names,
             COLLECT { MATCH (e)-[r]-(other:Entity) WHERE r.validFrom > $date RETURN type(r) + ' ' + other.code + ' from ' + toString(r.validFrom) } AS links`,
    params: { code, date: dateParam(date) },
  };
}

/**
 * Ends the entity at `$date` and every relation of it (either direction) still open then; a
 * relation starting that very day never held and is removed, not left with its start as its end.
 */
export function dissolveEntityQuery(label: EntityLabel, code: string, date: string): CypherQuery {
  return {
    name: `write.dissolve${label}`,
    cypher: `
      MATCH (e:${entityLabel(label)} {code: $code})
      SET e.validTo = $date, e.version = e.version + 1
      WITH e
      CALL (e) {
        MATCH (e)-[r]-()
        WHERE r.validFrom IS NOT NULL AND ${aliveFromCypher("r")}
        WITH r, r.validFrom >= $date AS neverHeld
        FOREACH (_ IN CASE WHEN neverHeld THEN [1] ELSE [] END | DELETE r)
        FOREACH (_ IN CASE WHEN neverHeld THEN [] ELSE [1] END | SET r.validTo = $date)
        RETURN count(*) AS closed
      }
      RETURN ${entityMap("e")} AS entity, closed`,
    params: { code, date: dateParam(date) },
  };
}

export interface NewLink {
  readonly type: RelationType;
  readonly fromCode: string;
  readonly toCode: string;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly properties?: Record<string, unknown>;
}

export function openLinkQuery(link: NewLink): CypherQuery {
  return {
    name: `write.open${link.type}`,
    cypher: `
      MATCH (a:Entity {code: $from}), (b:Entity {code: $to})
      CREATE (a)-[r:${relationType(link.type)} {validFrom: $validFrom, validTo: $validTo}]->(b)
      SET r += $properties
      RETURN r {.*} AS link`,
    params: {
      from: link.fromCode,
      to: link.toCode,
      validFrom: dateParam(link.validFrom),
      validTo: dateParam(link.validTo),
      properties: link.properties ?? {},
    },
  };
}

/**
 * Closes at `$date` the links of `type` leaving (`out`) or entering (`in`) the entity that are
 * valid then, optionally only those whose `filterProperty` equals `filterValue` (a leadership line),
 * and optionally only those whose other end has the code `other` (one coverage, one seat).
 * Returns each link's properties as they were before it was closed.
 */
export function closeLinksQuery(
  type: RelationType,
  code: string,
  direction: "out" | "in",
  date: string,
  filter: { property: "line" | "mode" | "role"; value: string } | null = null,
  other: string | null = null,
): CypherQuery {
  const pattern = direction === "out" ? `(e)-[r:${relationType(type)}]->(other)` : `(e)<-[r:${relationType(type)}]-(other)`;
  const propertyTest = filter ? `AND coalesce(r.${filter.property}, $filterMissing) = $filterValue` : "";
  return {
    name: `write.close${type}`,
    cypher: `
      MATCH (e:Entity {code: $code})
      MATCH ${pattern}
      WHERE ${validAt("r", "$date")} ${propertyTest} AND ($other IS NULL OR other.code = $other)
      WITH r, other, other.code AS code, r.validFrom AS validFrom, r {.*} AS link
      // A link opened on the same day leaves no history worth keeping: it is removed, not closed.
      // The start is read from \`validFrom\`, taken before the delete: a deleted r has no properties.
      FOREACH (_ IN CASE WHEN validFrom = $date THEN [1] ELSE [] END | DELETE r)
      FOREACH (_ IN CASE WHEN validFrom < $date THEN [1] ELSE [] END | SET r.validTo = $date)
      RETURN code, validFrom, link`,
    params: { code, date: dateParam(date), filterValue: filter?.value ?? null, filterMissing: missingValue(type, filter), other },
  };
}

/** The value a link without the filtered property counts as (a leadership link without a line is TERRITORIAL: the registry's ONE_AT_A_TIME). */
function missingValue(type: RelationType, filter: { property: string } | null): string | null {
  if (!filter || !isOneAtATime(type)) return null;
  const entry: OneAtATime = ONE_AT_A_TIME[type];
  return entry.per === filter.property ? (entry.missing ?? null) : null;
}

/** Every link of `type` from the entity, whatever its dates, with its properties: the rows a one-at-a-time write checks (rule-guards.ts). */
export function heldLinksQuery(type: RelationType, code: string): CypherQuery {
  return {
    name: `write.held${type}`,
    cypher: `
      MATCH (e:Entity {code: $code})-[r:${relationType(type)}]->(other)
      RETURN other.code AS code, r.validFrom AS validFrom, r.validTo AS validTo, properties(r) AS properties`,
    params: { code },
  };
}

/**
 * Links of `type` from/to the entity that overlap [from, to): for one-at-a-time rules; with
 * `other`, only links to that entity (one seat per organisation per council).
 */
export function overlappingLinksQuery(
  type: RelationType,
  code: string,
  direction: "out" | "in",
  from: string,
  to: string | null,
  filter: { property: "line"; value: string } | null = null,
  other: string | null = null,
): CypherQuery {
  const pattern = direction === "out" ? `(e)-[r:${relationType(type)}]->(other)` : `(e)<-[r:${relationType(type)}]-(other)`;
  const propertyTest = filter ? `AND coalesce(r.${filter.property}, $filterMissing) = $filterValue` : "";
  return {
    name: `write.overlapping${type}`,
    cypher: `
      MATCH (e:Entity {code: $code})
      MATCH ${pattern}
      WHERE ${overlapsCypher("r")} ${propertyTest}
        AND ($other IS NULL OR other.code = $other)
      RETURN other.code AS code, r.validFrom AS validFrom, r.validTo AS validTo`,
    params: { code, from: dateParam(from), to: dateParam(to), filterValue: filter?.value ?? null, filterMissing: missingValue(type, filter), other },
  };
}
