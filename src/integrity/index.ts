/**
 * Network integrity analytics: dual leadership, misaligned leadership (places outside the leader's
 * places, e.g. after a merger) and rule breaches — each one Cypher query, as of any date, in a scope.
 */
import type { ReportDefinition } from "../exports/export.route.js";
import { scopeFromParams } from "../graph/analytics.js";
import { dualLeadershipTable, misalignedLeadershipTable, ruleBreachesTable } from "./integrity.service.js";

export { IntegrityResolver } from "./integrity.resolver.js";
export * as integrityService from "./integrity.service.js";

/** CSV exports (`/export/<name>.csv?scope=&asOf=`): the same service calls as the GraphQL fields; lists of organisations are analyst data. */
export const integrityReports = {
  "dual-leadership": { role: "analyst", table: (context, params) => dualLeadershipTable(context, scopeFromParams(context, params)) },
  "misaligned-leadership": { role: "analyst", table: (context, params) => misalignedLeadershipTable(context, scopeFromParams(context, params)) },
  "rule-breaches": { role: "analyst", table: (context, params) => ruleBreachesTable(context, scopeFromParams(context, params)) },
} satisfies Record<string, ReportDefinition>;
