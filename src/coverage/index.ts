export { CoverageResolver } from "./coverage.resolver.js";
export * as coverageService from "./coverage.service.js";
export { coverageReports } from "./coverage.reports.js";
