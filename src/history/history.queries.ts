import type { CypherQuery } from "../database/index.js";
import { dateParam } from "../database/index.js";
import { entityMap } from "../graph/cypher.js";
import { entityCount, entityPage } from "../graph/entity.queries.js";
import type { ChangeEventKind } from "../graph/vocabulary.js";
import { validAtCypher } from "../temporal/index.js";

/** The deepest lineage a query follows (events on one path); quantifier bounds cannot be parameters. */
export const MAX_LINEAGE_DEPTH = 10;

/** Change events by code, whatever the date (an event is a fact about history). */
export function eventsByCode(values: readonly string[]): CypherQuery {
  return {
    name: "history.eventsByCode",
    cypher: `
      UNWIND $values AS value
      MATCH (e:ChangeEvent {code: value})
      RETURN value AS key, ${entityMap("e")} AS entity`,
    params: { values },
  };
}

export interface ChangeEventFilter {
  /** Unused by the filter (events are listed whatever the date); required by the page helpers. */
  readonly asOf: string;
  readonly kinds: readonly ChangeEventKind[] | null;
  readonly entity: string | null;
  readonly from: string | null;
  readonly to: string | null;
}

/** An event matches when of an asked kind, dated in [$from, $to), and with $entity among its originals or results. */
const EVENT_FILTER = `
  ($kinds IS NULL OR e.kind IN $kinds)
  AND ($from IS NULL OR e.date >= $from)
  AND ($to IS NULL OR e.date < $to)
  AND ($entity IS NULL OR EXISTS { MATCH (e)-[:ORIGINAL|RESULTING]->(:Entity {code: $entity}) })`;

/** The filter as parameters: its bounds compare with the stored `date`, so they go as Neo4j dates. */
function eventFilter(filter: ChangeEventFilter): { asOf: string } {
  const params = { ...filter, from: dateParam(filter.from), to: dateParam(filter.to) };
  return params;
}

export function eventPage(filter: ChangeEventFilter, after: string | null, limit: number): CypherQuery {
  return entityPage("history.eventPage", "ChangeEvent", EVENT_FILTER, eventFilter(filter), after, limit);
}

export function eventCount(filter: ChangeEventFilter): CypherQuery {
  return entityCount("history.eventCount", "ChangeEvent", EVENT_FILTER, eventFilter(filter));
}

/** For many entities at once: the events each is an original or a result of, by date then code. */
export function eventsOfEntities(ids: readonly string[]): CypherQuery {
  return {
    name: "history.eventsOfEntities",
    cypher: `
      UNWIND $ids AS id
      MATCH (s:Entity {id: id})
      RETURN id AS key, COLLECT {
        MATCH (s)<-[:ORIGINAL|RESULTING]-(e:ChangeEvent)
        WITH DISTINCT e ORDER BY e.date, e.code
        RETURN ${entityMap("e")}
      } AS events`,
    params: { ids },
  };
}

/** The entity a lineage starts from, whatever its dates (a read: entityAnyTime locks, for writes). */
export function lineageRoot(code: string): CypherQuery {
  return {
    name: "history.lineageRoot",
    cypher: `MATCH (e:Entity {code: $code}) WHERE NOT e:ChangeEvent RETURN ${entityMap("e")} AS entity`,
    params: { code },
  };
}

/**
 * Every step of the lineage of `$code` up to `$maxDepth` events away: towards ancestors (this came
 * from: result → event → original) and/or descendants (this became: original → event → result).
 * One row per (direction, from, event, to) with the smallest depth it is reached at.
 */
export function lineageSteps(code: string, ancestors: boolean, descendants: boolean, maxDepth: number): CypherQuery {
  return {
    name: "history.lineage",
    cypher: `
      MATCH (root:Entity {code: $code})
      CALL (root) {
        MATCH path = (root)(()<-[:RESULTING]-(:ChangeEvent)-[:ORIGINAL]->()){1,${MAX_LINEAGE_DEPTH}}()
        WHERE $ancestors AND length(path) <= 2 * $maxDepth
        RETURN 'ANCESTORS' AS direction, path
        UNION
        MATCH path = (root)(()<-[:ORIGINAL]-(:ChangeEvent)-[:RESULTING]->()){1,${MAX_LINEAGE_DEPTH}}()
        WHERE $descendants AND length(path) <= 2 * $maxDepth
        RETURN 'DESCENDANTS' AS direction, path
      }
      UNWIND range(0, length(path) / 2 - 1) AS i
      WITH direction, i + 1 AS depth, nodes(path)[2 * i] AS from, nodes(path)[2 * i + 1] AS event, nodes(path)[2 * i + 2] AS to
      WITH direction, from, event, to, min(depth) AS depth
      RETURN direction, depth, ${entityMap("from")} AS from, ${entityMap("event")} AS event, ${entityMap("to")} AS to
      ORDER BY direction, depth, event.date, event.code, to.code`,
    params: { code, ancestors, descendants, maxDepth },
  };
}

/**
 * The dated links of an entity that hold on `$date` (both directions), with what is at the other
 * end: what a merger or split must move, hand over or close. Undated links (lineage) are not listed.
 */
export function linksOn(code: string, date: string): CypherQuery {
  return {
    name: "history.linksOn",
    cypher: `
      MATCH (e:Entity {code: $code})-[r]-(other:Entity)
      WHERE r.validFrom IS NOT NULL AND ${validAtCypher("r", "$date")}
      RETURN type(r) AS type, CASE WHEN startNode(r) = e THEN 'out' ELSE 'in' END AS direction,
             other.code AS code, other.kind AS kind, [l IN labels(other) WHERE NOT l IN ['Entity', 'Person']][0] AS label,
             r {.*} AS link
      ORDER BY type, code`,
    params: { code, date: dateParam(date) },
  };
}

/** Links out of the entity that start on `$date` (a move, a re-leading, a transfer): what a TRANSFER event records. */
export function linksStartingOn(code: string, date: string): CypherQuery {
  return {
    name: "history.linksStartingOn",
    cypher: `
      MATCH (:Entity {code: $code})-[r:PART_OF|BUILT_AT|LED_BY|LOCATED_IN|MEMBER_OF|COVERS]->(other:Entity)
      WHERE r.validFrom = $date
      RETURN type(r) AS type, other.code AS code`,
    params: { code, date: dateParam(date) },
  };
}

/** Records an event's lineage: ORIGINAL and RESULTING links, undated (the event's date says when). */
export function linkEventQuery(event: string, originals: readonly string[], results: readonly string[]): CypherQuery {
  return {
    name: "history.linkEvent",
    cypher: `
      MATCH (e:ChangeEvent {code: $event})
      CALL (e) {
        UNWIND $originals AS code
        MATCH (o:Entity {code: code})
        CREATE (e)-[:ORIGINAL]->(o)
        RETURN count(*) AS originals
      }
      CALL (e) {
        UNWIND $results AS code
        MATCH (r:Entity {code: code})
        CREATE (e)-[:RESULTING]->(r)
        RETURN count(*) AS results
      }
      RETURN originals, results`,
    params: { event, originals, results },
  };
}
