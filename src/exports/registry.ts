// The report modules sit beside their resolvers, whose decorators need the metadata API.
import "reflect-metadata";
import { coverageReports } from "../coverage/coverage.reports.js";
import { integrityReports } from "../integrity/index.js";
import { linkageReports } from "../linkage/index.js";
import { servicesReports } from "../services/index.js";
import type { ReportDefinition } from "./export.route.js";

/** Every CSV report the hub serves at /export/<name>.csv: one per analytic, from the same service call. */
export const REPORTS: Readonly<Record<string, ReportDefinition>> = {
  ...coverageReports,
  ...integrityReports,
  ...linkageReports,
  ...servicesReports,
};
