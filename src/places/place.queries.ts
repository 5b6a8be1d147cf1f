import type { CypherQuery } from "../database/index.js";
import { dateParam } from "../database/index.js";
import { entityMap, nameContains, validAt } from "../graph/cypher.js";
import { entityCount, entityPage, type ListFilter } from "../graph/entity.queries.js";
import type { PlaceKind } from "../graph/vocabulary.js";
import { aliveFromCypher } from "../temporal/index.js";

export interface PlaceFilter extends ListFilter {
  readonly asOf: string;
  readonly kinds: readonly PlaceKind[] | null;
  readonly within: string | null;
  readonly nameContains: string | null;
}

/** A place `e` matches when valid at $asOf, of an asked kind, inside $within through part-of links valid at $asOf, and named so then. */
const PLACE_FILTER = `
  ${validAt("e")}
  AND ($kinds IS NULL OR e.kind IN $kinds)
  AND ${nameContains("e")}
  AND ($within IS NULL OR EXISTS {
    MATCH (e)(()-[r:PART_OF]->() WHERE ${validAt("r")}){1,12}(root:Place {code: $within})
  })`;

/** One page of places ordered by code, fetching one extra row to know whether more follow. */
export function placePage(filter: PlaceFilter, after: string | null, limit: number): CypherQuery {
  return entityPage("places.page", "Place", PLACE_FILTER, filter, after, limit);
}

export function placeCount(filter: PlaceFilter): CypherQuery {
  return entityCount("places.count", "Place", PLACE_FILTER, filter);
}

/** Ancestors of many places at once, nearest first: one row per place. */
export function placeAncestors(ids: readonly string[], asOf: string): CypherQuery {
  return {
    name: "places.ancestors",
    cypher: `
      UNWIND $ids AS id
      MATCH (p:Place {id: id})
      OPTIONAL MATCH path = (p)(()-[r:PART_OF]->() WHERE ${validAt("r")}){1,12}(top:Place)
      WHERE NOT EXISTS { MATCH (top)-[up:PART_OF]->() WHERE ${validAt("up")} }
      RETURN id AS key, CASE WHEN path IS NULL THEN [] ELSE [n IN nodes(path)[1..] | ${entityMap("n")}] END AS ancestors`,
    params: { ids, asOf: dateParam(asOf) },
  };
}

/** What still hangs below a place on `$date`: children and organisations built at it. */
export function placeDependants(code: string, date: string): CypherQuery {
  return {
    name: "places.dependants",
    cypher: `
      MATCH (p:Place {code: $code})
      RETURN
        [(p)<-[r:PART_OF]-(c) WHERE ${aliveFromCypher("r")} | c.code] AS children,
        [(p)<-[r:BUILT_AT]-(o) WHERE ${aliveFromCypher("r")} | o.code] AS organisations`,
    params: { code, date: dateParam(date) },
  };
}
