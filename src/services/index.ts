/**
 * Services analytics: volunteer teams and paired assistance by organisation, and beneficiaries left
 * unpaired (personal data) — as of any date, in a scope.
 */
import type { ReportDefinition } from "../exports/export.route.js";
import { scopeFromParams } from "../graph/analytics.js";
import { pairingSummaryTable, unpairedBeneficiariesTable, volunteerTeamSummaryTable } from "./services.service.js";

export { ServicesResolver } from "./services.resolver.js";
export * as servicesService from "./services.service.js";

/**
 * CSV exports (`/export/<name>.csv?scope=&asOf=`): the same service calls as the GraphQL fields.
 * The summaries list organisations (analyst); unpaired beneficiaries are personal data (a steward
 * with the scope inside its own, checked by the service, or an admin).
 */
export const servicesReports = {
  "volunteer-team-summary": { role: "analyst", table: (context, params) => volunteerTeamSummaryTable(context, scopeFromParams(context, params)) },
  "pairing-summary": { role: "analyst", table: (context, params) => pairingSummaryTable(context, scopeFromParams(context, params)) },
  "unpaired-beneficiaries": { role: "steward", table: (context, params) => unpairedBeneficiariesTable(context, scopeFromParams(context, params)) },
} satisfies Record<string, ReportDefinition>;
