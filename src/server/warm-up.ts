import type { Logger } from "pino";
import { coverageByChild, gapPage, newOrganisationCoverage, withoutOwnOrganisationCount, withoutOwnOrganisationPage } from "../coverage/coverage.queries.js";
import type { CypherQuery, Database } from "../database/index.js";
import { DEFAULT_TIME_ZONE, todayIn } from "../temporal/index.js";
import { dualLeadershipQuery, misalignedLeadershipQuery, ruleBreachesQuery } from "../integrity/integrity.queries.js";
import { councilCompositionQuery, linksQuery } from "../linkage/linkage.queries.js";
import { pairingSummaryQuery, volunteerTeamSummaryQuery } from "../services/services.queries.js";

/** A code no entity has (codes are upper-case ASCII), so each warm-up statement finds nothing. */
const NO_SUCH_CODE = "warm-up: no such code";

/**
 * The analytic statements, with a scope that matches nothing. Planning one of them takes seconds
 * (~6–10 s each for coverage and the gap list on this project's 2-core machine), and Neo4j plans a
 * statement on its first run; running it once with the same text and parameter types leaves the
 * plan in the query cache, while finding nothing costs almost nothing.
 */
export function warmUpStatements(asOf: string = todayIn(DEFAULT_TIME_ZONE)): CypherQuery[] {
  const scoped = { scope: NO_SUCH_CODE, asOf };
  return [
    coverageByChild(NO_SUCH_CODE, asOf),
    gapPage("COMPOUND", NO_SUCH_CODE, asOf, null, 20),
    gapPage("BUILDING", NO_SUCH_CODE, asOf, null, 20),
    newOrganisationCoverage(NO_SUCH_CODE, asOf),
    withoutOwnOrganisationPage(NO_SUCH_CODE, asOf, 3, null, 20),
    withoutOwnOrganisationCount(NO_SUCH_CODE, asOf, 3),
    linksQuery("community", NO_SUCH_CODE, asOf),
    linksQuery("unit", NO_SUCH_CODE, asOf),
    councilCompositionQuery(NO_SUCH_CODE, asOf),
    dualLeadershipQuery(scoped),
    misalignedLeadershipQuery(scoped),
    ruleBreachesQuery(scoped),
    volunteerTeamSummaryQuery(scoped),
    pairingSummaryQuery(scoped),
  ];
}

/** Runs the warm-up statements one after another; a failure is logged, never fatal (the request would plan it). */
export async function warmUp(db: Database, logger: Logger): Promise<void> {
  const started = performance.now();
  let failed = 0;
  for (const query of warmUpStatements()) {
    try {
      await db.read(query);
    } catch (error) {
      failed++;
      logger.warn({ query: query.name, err: error }, "warm-up statement failed");
    }
  }
  logger.info({ statements: warmUpStatements().length, failed, millis: Math.round(performance.now() - started) }, "analytic plans warmed");
}
