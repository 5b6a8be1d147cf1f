/**
 * Linkage analytics: how units and communities are linked, council composition, and the shortest
 * connection between two entities — each one Cypher query, as of any date.
 */
import type { ReportDefinition } from "../exports/export.route.js";
import { dateParamOf, intParamOf, requiredParam } from "../graph/analytics.js";
import { councilCompositionTable, linksTable, shortestConnectionTable } from "./linkage.service.js";

export { LinkageResolver } from "./linkage.resolver.js";
export { EntityRef } from "./linkage.type.js";
export * as linkageService from "./linkage.service.js";

/** CSV exports (`/export/<name>.csv?…`): the same service calls as the GraphQL fields; they list organisations, so analyst data. */
export const linkageReports = {
  "unit-links": { role: "analyst", where: "unit", table: (context, params) => linksTable(context, "unit", requiredParam(params, "unit"), dateParamOf(params, "asOf")) },
  "community-links": {
    role: "analyst",
    where: "community",
    table: (context, params) => linksTable(context, "community", requiredParam(params, "community"), dateParamOf(params, "asOf")),
  },
  "council-composition": {
    role: "analyst",
    where: "council",
    table: (context, params) => councilCompositionTable(context, requiredParam(params, "council"), dateParamOf(params, "asOf")),
  },
  "shortest-connection": {
    role: "analyst",
    where: "from",
    table: (context, params) =>
      shortestConnectionTable(context, requiredParam(params, "from"), requiredParam(params, "to"), intParamOf(params, "maxHops"), dateParamOf(params, "asOf")),
  },
} satisfies Record<string, ReportDefinition>;
