import type { CypherQuery } from "../database/index.js";
import { linkedTo, linkedWithin, nameContains, validAt } from "../graph/cypher.js";
import { entityCount, entityPage, type ListFilter } from "../graph/entity.queries.js";

export interface CouncilFilter extends ListFilter {
  readonly within: string | null;
  readonly nameContains: string | null;
  readonly convenedBy: string | null;
}

/** A council matches when valid at $asOf, named so then, serving then a place in $within, convened then by $convenedBy. */
const COUNCIL_FILTER = `
  ${validAt("e")}
  AND ${nameContains("e")}
  AND ${linkedWithin("e", "SERVES")}
  AND ${linkedTo("e", "CONVENED_BY", "Organisation", "$convenedBy")}`;

export function councilPage(filter: CouncilFilter, after: string | null, limit: number): CypherQuery {
  return entityPage("councils.page", "Council", COUNCIL_FILTER, filter, after, limit);
}

export function councilCount(filter: CouncilFilter): CypherQuery {
  return entityCount("councils.count", "Council", COUNCIL_FILTER, filter);
}
