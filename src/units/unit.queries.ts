import type { CypherQuery } from "../database/index.js";
import { dateParam } from "../database/index.js";
import { linkedWithin, nameContains, validAt } from "../graph/cypher.js";
import { entityCount, entityPage, type ListFilter } from "../graph/entity.queries.js";
import type { UnitKind } from "../graph/vocabulary.js";
import { aliveFromCypher } from "../temporal/index.js";

export interface UnitFilter extends ListFilter {
  readonly kinds: readonly UnitKind[] | null;
  readonly within: string | null;
  readonly nameContains: string | null;
  readonly operating: boolean | null;
}

/**
 * A unit matches when valid at $asOf, of an asked kind, operating as asked (an unset flag counts
 * as operating, the seed default), named so then, and located then in $within or a place inside it.
 */
const UNIT_FILTER = `
  ${validAt("e")}
  AND ($kinds IS NULL OR e.kind IN $kinds)
  AND ($operating IS NULL OR coalesce(e.operating, true) = $operating)
  AND ${nameContains("e")}
  AND ${linkedWithin("e", "LOCATED_IN")}`;

/** One page of units ordered by code, fetching one extra row to know whether more follow. */
export function unitPage(filter: UnitFilter, after: string | null, limit: number): CypherQuery {
  return entityPage("units.page", "Unit", UNIT_FILTER, filter, after, limit);
}

export function unitCount(filter: UnitFilter): CypherQuery {
  return entityCount("units.count", "Unit", UNIT_FILTER, filter);
}

/** Co-building agreements the unit is still a party to on or after `$date`: they cannot outlive it. */
export function unitDependants(code: string, date: string): CypherQuery {
  return {
    name: "units.dependants",
    cypher: `
      MATCH (u:Unit {code: $code})
      RETURN [(u)<-[r:PARTY]-(a:CoBuildingAgreement) WHERE ${aliveFromCypher("r")} | a.code] AS agreements`,
    params: { code, date: dateParam(date) },
  };
}
