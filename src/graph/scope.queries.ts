import type { CypherQuery } from "../database/index.js";
import { dateParam } from "../database/index.js";
import { validAt } from "./cypher.js";

/**
 * The relations that say where an entity lies, for a steward's WRITE scope (README, Security):
 * a place lies in itself; an organisation where it is built (BUILT_AT); a unit where it is located;
 * a council in the place it serves; a co-building agreement in its community (WITH); a volunteer
 * team where its organiser is built; a cultural team where it is based; a facility in its place; a
 * member where they reside and register and where their organisation is built; a beneficiary where
 * they live; a pairing where its helper and its beneficiary lie; a change event where its originals
 * and results lie (ORIGINAL/RESULTING are undated: they hold at every date).
 *
 * Narrower than the personal-data READ anchors (src/people/people.queries.ts): an organisation does
 * not lie where the units it covers lie, so the steward of a unit's community cannot rename the
 * branch covering it from elsewhere.
 */
export const WRITE_ANCHORS =
  "BUILT_AT|LOCATED_IN|SERVES|WITH|ORGANISED_BY|BASED_IN|FACILITY_OF|RESIDES_IN|REGISTERED_WITH|MEMBER_OF|LIVES_IN|HELPER|HELPS|ORIGINAL|RESULTING";

/**
 * For each entity code a write touched: the codes of the places it lies in (with every place
 * containing them), on each of `dates` at which the entity exists — the day before the write takes
 * effect and that day, so a move needs the scope of both the old and the new place. An entity that
 * exists on neither (a correction of one ended long ago, or one starting later) is checked on its
 * last day, or its first. One row per (code, date); codes of no entity give no row.
 */
export function touchedPlacesQuery(codes: readonly string[], dates: readonly string[]): CypherQuery {
  return {
    name: "scope.touchedPlaces",
    cypher: `
      UNWIND $codes AS code
      MATCH (e:Entity {code: code})
      WITH e, [d IN $dates WHERE e.validFrom IS NULL OR ${validAt("e", "d")}] AS existing
      WITH e, CASE
        WHEN size(existing) > 0 THEN existing
        WHEN e.validFrom > $dates[-1] THEN [e.validFrom]
        ELSE [e.validTo - duration({days: 1})]
      END AS checked
      UNWIND checked AS at
      RETURN e.code AS code, toString(at) AS at, COLLECT {
        MATCH (e)(()-[anchor:${WRITE_ANCHORS}]->() WHERE anchor.validFrom IS NULL OR ${validAt("anchor", "at")}){0,4}(p:Place)
        MATCH (p)(()-[up:PART_OF]->() WHERE ${validAt("up", "at")}){0,12}(a:Place)
        RETURN DISTINCT a.code
      } AS places`,
    params: { codes, dates: dates.map((date) => dateParam(date)) },
  };
}
