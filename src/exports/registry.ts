import { coverageReports } from "../coverage/index.js";
import type { ReportDefinition } from "./export.route.js";

/** Every CSV report the hub serves at /export/<name>.csv. */
export const REPORTS: Readonly<Record<string, ReportDefinition>> = {
  ...coverageReports,
};
