import type { CypherQuery } from "../database/index.js";
import { WRITE_ANCHORS } from "../graph/scope.queries.js";
import { ENTITY_LABELS, type EntityLabel } from "../graph/vocabulary.js";
import { DATE_PROPERTIES, managedProperties } from "./graph-shape.js";
import { labelsOf, LABEL_SPECS, SEED_RELATION_TYPES, type SeedRelationType } from "./spec.js";

/**
 * The seed tools' Cypher. Every value is a parameter; labels and relation types cannot be, so
 * they are picked from the closed lists (vocabulary.ts, spec.ts) and checked again here.
 * Dates travel as ISO strings and become Neo4j `date` values through `date()`.
 */

function label(value: EntityLabel): string {
  if (!(ENTITY_LABELS as readonly string[]).includes(value)) throw new Error(`not an entity label: ${value}`);
  return value;
}

function relationType(value: SeedRelationType): string {
  if (!(SEED_RELATION_TYPES as readonly string[]).includes(value)) throw new Error(`not a seed relation type: ${value}`);
  return value;
}

/** `n.validFrom = date(row.dates.validFrom), …` for the date properties this label's seed manages. */
function dateAssignments(entityLabel: EntityLabel): string {
  const spec = LABEL_SPECS.get(entityLabel);
  if (!spec) throw new Error(`no seed file holds ${entityLabel}`);
  const managed = managedProperties(spec);
  return [
    ...DATE_PROPERTIES.filter((key) => managed.includes(key)).map((key) => `n.${key} = date(row.dates.${key})`),
    "n.nameFrom = [day IN row.dates.nameFrom | date(day)]",
  ].join(", ");
}

/** Entities with these codes, any kind: what the import compares the seed with. */
export function readEntitiesQuery(codes: readonly string[]): CypherQuery {
  return {
    name: "seed.readEntities",
    cypher: `
      UNWIND $codes AS code
      MATCH (n:Entity {code: code})
      RETURN n.code AS code, labels(n) AS labels, n.version AS version, properties(n) AS properties`,
    params: { codes },
  };
}

/**
 * The relations of these types that the entities own: leaving them (`out`), or entering them
 * (`in`, a council's seats). The import replaces exactly these; the export writes them.
 */
export function readOwnedRelationsQuery(owners: readonly string[], types: readonly SeedRelationType[], direction: "out" | "in"): CypherQuery {
  types.forEach(relationType);
  const pattern = direction === "out" ? "(n)-[r]->(m)" : "(n)<-[r]-(m)";
  const ends = direction === "out" ? "n.code AS from, m.code AS to" : "m.code AS from, n.code AS to";
  return {
    name: `seed.readOwnedRelations.${direction}`,
    cypher: `
      UNWIND $owners AS owner
      MATCH (n:Entity {code: owner})
      MATCH ${pattern}
      WHERE type(r) IN $types
      RETURN elementId(r) AS id, type(r) AS type, ${ends}, n.code AS owner, properties(r) AS properties`,
    params: { owners, types },
  };
}

export interface EntityWriteRow {
  readonly code: string;
  readonly id?: string;
  readonly version?: number;
  readonly plain: Record<string, unknown>;
  readonly dates: Record<string, unknown>;
}

/** Creates entities of one label with their id, version 1 and the seed's properties. */
export function createEntitiesQuery(entityLabel: EntityLabel, rows: readonly EntityWriteRow[]): CypherQuery {
  return {
    name: `seed.create${entityLabel}`,
    cypher: `
      UNWIND $rows AS row
      CREATE (n:${labelsOf(entityLabel).map((name) => (name === entityLabel ? label(entityLabel) : name)).join(":")} {id: row.id, code: row.code, version: 1})
      SET n += row.plain, ${dateAssignments(entityLabel)}
      RETURN count(n) AS written`,
    params: { rows },
  };
}

/**
 * Creates entities of any labels in one statement (the label set travels with each row, from the
 * closed list of spec.ts, as a dynamic label): a part of twelve entity kinds is one plan and a
 * few round trips, not a statement per kind. Every date property is converted; one the row does
 * not carry is `date(null)`, which sets nothing on a new node.
 */
export function createEntitiesBulkQuery(rows: readonly BulkEntityWriteRow[]): CypherQuery {
  return {
    name: "seed.createEntities",
    cypher: `
      UNWIND $rows AS row
      CREATE (n:$(row.labels) {id: row.id, code: row.code, version: 1})
      SET n += row.plain, ${DATE_PROPERTIES.map((key) => `n.${key} = date(row.dates.${key})`).join(", ")}, n.nameFrom = [day IN row.dates.nameFrom | date(day)]
      RETURN count(n) AS written`,
    params: { rows },
  };
}

export interface BulkEntityWriteRow extends EntityWriteRow {
  readonly labels: readonly string[];
}

/** Overwrites the seed-managed properties (null removes) and bumps the version. */
export function updateEntitiesQuery(entityLabel: EntityLabel, rows: readonly EntityWriteRow[]): CypherQuery {
  return {
    name: `seed.update${entityLabel}`,
    cypher: `
      UNWIND $rows AS row
      MATCH (n:${label(entityLabel)} {code: row.code})
      SET n += row.plain, ${dateAssignments(entityLabel)}, n.version = coalesce(n.version, 0) + 1
      RETURN count(n) AS written`,
    params: { rows },
  };
}

/** Compensation of a staged import: puts back the properties and version an update replaced. */
export function restoreEntitiesQuery(entityLabel: EntityLabel, rows: readonly EntityWriteRow[]): CypherQuery {
  return {
    name: `seed.restore${entityLabel}`,
    cypher: `
      UNWIND $rows AS row
      MATCH (n:${label(entityLabel)} {code: row.code})
      SET n += row.plain, ${dateAssignments(entityLabel)}, n.version = row.version
      RETURN count(n) AS written`,
    params: { rows },
  };
}

export interface RelationWriteRow {
  readonly from: string;
  readonly to: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly properties: Record<string, unknown>;
}

/** Creates relations of one type between entities found by code; returns their element ids (for a staged import's journal). */
export function createRelationsQuery(type: SeedRelationType, rows: readonly RelationWriteRow[]): CypherQuery {
  return {
    name: `seed.create${type}`,
    cypher: `
      UNWIND $rows AS row
      MATCH (a:Entity {code: row.from})
      MATCH (b:Entity {code: row.to})
      CREATE (a)-[r:${relationType(type)}]->(b)
      SET r += row.properties, r.validFrom = date(row.validFrom), r.validTo = date(row.validTo)
      RETURN elementId(r) AS id`,
    params: { rows },
  };
}

/**
 * Creates relations of any seed types in one statement (the type travels with each row, from the
 * closed list, as a dynamic type), both ends found by the unique code index. Returns only the
 * count: a single-transaction import journals nothing.
 */
export function createRelationsBulkQuery(rows: readonly BulkRelationWriteRow[]): CypherQuery {
  return {
    name: "seed.createRelations",
    cypher: `
      UNWIND $rows AS row
      MATCH (a:Entity {code: row.from})
      MATCH (b:Entity {code: row.to})
      CREATE (a)-[r:$(row.type)]->(b)
      SET r += row.properties, r.validFrom = date(row.validFrom), r.validTo = date(row.validTo)
      RETURN count(r) AS written`,
    params: { rows },
  };
}

export interface BulkRelationWriteRow extends RelationWriteRow {
  readonly type: SeedRelationType;
}

export function deleteRelationsQuery(ids: readonly string[]): CypherQuery {
  return {
    name: "seed.deleteRelations",
    cypher: `
      UNWIND $ids AS id
      MATCH ()-[r]->() WHERE elementId(r) = id
      DELETE r
      RETURN count(*) AS deleted`,
    params: { ids },
  };
}

/** The element ids, of those given, that still name a relation (a staged import's compensation). */
export function existingRelationIdsQuery(ids: readonly string[]): CypherQuery {
  return {
    name: "seed.existingRelationIds",
    cypher: `
      UNWIND $ids AS id
      MATCH ()-[r]->() WHERE elementId(r) = id
      RETURN id`,
    params: { ids },
  };
}

/**
 * Compensation of a staged import whose batch may have committed without its ids being journalled:
 * deletes, per row, one relation with exactly that content.
 */
export function deleteRelationsByContentQuery(type: SeedRelationType, rows: readonly RelationWriteRow[]): CypherQuery {
  return {
    name: `seed.delete${type}ByContent`,
    cypher: `
      UNWIND $rows AS row
      CALL (row) {
        MATCH (a:Entity {code: row.from})-[r:${relationType(type)}]->(b:Entity {code: row.to})
        WHERE (r.validFrom = date(row.validFrom) OR (r.validFrom IS NULL AND row.validFrom IS NULL))
          AND (r.validTo = date(row.validTo) OR (r.validTo IS NULL AND row.validTo IS NULL))
          AND all(key IN keys(row.properties) WHERE r[key] = row.properties[key])
          AND size(keys(r)) = size(keys(row.properties)) + CASE WHEN r.validFrom IS NULL THEN 0 ELSE 1 END + CASE WHEN r.validTo IS NULL THEN 0 ELSE 1 END
        WITH r LIMIT 1
        DELETE r
        RETURN count(*) AS one
      }
      RETURN sum(one) AS deleted`,
    params: { rows },
  };
}

/** Compensation of a staged import: removes the entities it created (and their relations). */
export function deleteEntitiesQuery(codes: readonly string[]): CypherQuery {
  return {
    name: "seed.deleteEntities",
    cypher: `
      UNWIND $codes AS code
      MATCH (n:Entity {code: code})
      DETACH DELETE n
      RETURN count(*) AS deleted`,
    params: { codes },
  };
}

export function anyEntityQuery(): CypherQuery {
  return { name: "seed.anyEntity", cypher: "RETURN EXISTS { MATCH (n:Entity) } AS any" };
}

/** One page of the entities of a label, in code order, after `after` (keyset paging for large graphs). */
export function exportEntitiesQuery(entityLabel: EntityLabel, after: string, limit: number): CypherQuery {
  return {
    name: `seed.export${entityLabel}`,
    cypher: `
      MATCH (n:Entity:${label(entityLabel)})
      WHERE n.code > $after
      RETURN properties(n) AS properties
      ORDER BY n.code
      LIMIT $limit`,
    params: { after, limit },
  };
}

/**
 * The codes of the entities that lie in the place `scope` or below it at some time: the places
 * PART_OF it (over any span), and whatever reaches one of them over the write anchors of
 * src/graph/scope.queries.ts (an organisation built there, a member of such an organisation, a
 * change event of such an entity, …). No row when no place has that code.
 */
export function scopeCodesQuery(scope: string): CypherQuery {
  return {
    name: "seed.scopeCodes",
    cypher: `
      MATCH (s:Place {code: $scope})
      MATCH (p:Place)-[:PART_OF*0..12]->(s)
      WITH DISTINCT p
      MATCH (e:Entity)-[:${WRITE_ANCHORS}*0..4]->(p)
      RETURN DISTINCT e.code AS code`,
    params: { scope },
  };
}
