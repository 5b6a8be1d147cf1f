import { coverageReports } from "../coverage/coverage.reports.js";
import type { ReportDefinition } from "./export.route.js";

/** Every CSV report the hub serves at /export/<name>.csv. */
export const REPORTS: Readonly<Record<string, ReportDefinition>> = {
  ...coverageReports,
};
