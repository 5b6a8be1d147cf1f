import type { CypherQuery } from "../database/index.js";
import { linkedWithin, nameContains, validAt } from "../graph/cypher.js";
import { entityCount, entityPage, type ListFilter } from "../graph/entity.queries.js";
import type { FacilityKind } from "../graph/vocabulary.js";

export interface FacilityFilter extends ListFilter {
  readonly within: string | null;
  readonly nameContains: string | null;
  readonly kinds: readonly FacilityKind[] | null;
}

/** A facility matches when valid at $asOf, named so then, of an asked kind, belonging then to a place in $within. */
const FACILITY_FILTER = `
  ${validAt("e")}
  AND ${nameContains("e")}
  AND ($kinds IS NULL OR e.kind IN $kinds)
  AND ${linkedWithin("e", "FACILITY_OF")}`;

export function facilityPage(filter: FacilityFilter, after: string | null, limit: number): CypherQuery {
  return entityPage("facilities.page", "Facility", FACILITY_FILTER, filter, after, limit);
}

export function facilityCount(filter: FacilityFilter): CypherQuery {
  return entityCount("facilities.count", "Facility", FACILITY_FILTER, filter);
}
