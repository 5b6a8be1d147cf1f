import type { CypherQuery } from "../database/index.js";
import { dateParam } from "../database/index.js";
import { entityMap, validAt } from "./cypher.js";
import type { EntityLabel } from "./vocabulary.js";

const SAFE_LABEL = /^[A-Z][A-Za-z]*$/;

function label(name: EntityLabel | "Entity"): string {
  if (!SAFE_LABEL.test(name)) throw new Error(`unsafe label ${name}`);
  return name;
}

/** Entities of a label by id or by code, as they are at `$asOf` (absent when not valid then). */
export function entitiesByKey(kind: EntityLabel | "Entity", key: "id" | "code", values: readonly string[], asOf: string): CypherQuery {
  return {
    name: `entity.by${key === "id" ? "Id" : "Code"}.${kind}`,
    cypher: `
      UNWIND $values AS value
      MATCH (e:${label(kind)} {${key}: value})
      WHERE e:Entity AND ${validAt("e")}
      RETURN value AS key, ${entityMap("e")} AS entity`,
    params: { values, asOf: dateParam(asOf) },
  };
}

/**
 * An entity by code whatever its dates, with its labels: for writes that must say why a reference
 * fails. Write transactions only: it first takes the entity's write lock (setting and removing a
 * marker property; Neo4j holds write locks to the commit) and reads it after, so what the write
 * checks — the version a client sent, the dates, the kind — cannot be changed by a concurrent
 * write before this one commits. Without it, N concurrent updates carrying the same
 * `expectedVersion` all read that version and all won (test/e2e/conflict.test.ts).
 */
export function entityAnyTime(code: string): CypherQuery {
  return {
    name: "entity.anyTimeByCode",
    cypher: `MATCH (e:Entity {code: $code}) SET e._lock = true REMOVE e._lock RETURN ${entityMap("e")} AS entity`,
    params: { code },
  };
}

/** A list filter: its fields become the query's parameters by name, `asOf` as a Neo4j date. */
export interface ListFilter {
  readonly asOf: string;
}

function filterParams(filter: ListFilter): Record<string, unknown> {
  return { ...filter, asOf: dateParam(filter.asOf) };
}

/**
 * One page of entities of a label, ordered by code, after the cursor code `$after`; `where` is a
 * fixed filter fragment over the alias `e` (from a *.queries.ts module, never from a request).
 */
export function entityPage(name: string, kind: EntityLabel, where: string, filter: ListFilter, after: string | null, limit: number): CypherQuery {
  return {
    name,
    cypher: `
      MATCH (e:${label(kind)})
      WHERE ($after IS NULL OR e.code > $after) AND ${where}
      RETURN ${entityMap("e")} AS entity
      ORDER BY e.code
      LIMIT $limit`,
    params: { ...filterParams(filter), after, limit },
  };
}

/** How many entities of a label match `where` (the filter of `entityPage`). */
export function entityCount(name: string, kind: EntityLabel, where: string, filter: ListFilter): CypherQuery {
  return {
    name,
    cypher: `MATCH (e:${label(kind)}) WHERE ${where} RETURN count(e) AS total`,
    params: filterParams(filter),
  };
}
