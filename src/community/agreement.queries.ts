import type { CypherQuery } from "../database/index.js";
import { linkedTo, linkedWithin, nameContains, validAt } from "../graph/cypher.js";
import { entityCount, entityPage, type ListFilter } from "../graph/entity.queries.js";

export interface AgreementFilter extends ListFilter {
  readonly within: string | null;
  readonly nameContains: string | null;
  readonly unit: string | null;
}

/** An agreement matches when in force at $asOf, named so then, with a community in $within and $unit as party. */
const AGREEMENT_FILTER = `
  ${validAt("e")}
  AND ${nameContains("e")}
  AND ${linkedWithin("e", "WITH")}
  AND ${linkedTo("e", "PARTY", "Unit", "$unit")}`;

export function agreementPage(filter: AgreementFilter, after: string | null, limit: number): CypherQuery {
  return entityPage("agreements.page", "CoBuildingAgreement", AGREEMENT_FILTER, filter, after, limit);
}

export function agreementCount(filter: AgreementFilter): CypherQuery {
  return entityCount("agreements.count", "CoBuildingAgreement", AGREEMENT_FILTER, filter);
}
