import { HubError } from "../errors/index.js";
import type { Table } from "../exports/table.js";
import { asOfOrToday, type HubContext } from "../server/context.js";
import { allGaps, coverageReport, newOrganisationFigures, type FiguresValue, type RateValue } from "./coverage.service.js";
import type { GapKind } from "./coverage.queries.js";
import { withoutOwnOrganisationPage } from "./coverage.queries.js";
import { OWN_ORGANISATION_THRESHOLD } from "../graph/rules.js";
import { toEntityRecord } from "../graph/entity.record.js";
import { dateParamOf } from "../graph/analytics.js";
import type { ReportParams } from "../exports/export.route.js";

/** Exports are bounded: a gap list longer than this is cut, and the table says so in its last row. */
export const EXPORT_ROW_LIMIT = 50_000;

/** The scope parameter (a place code), required; a malformed one is the caller's mistake, as in GraphQL. */
function requireScope(params: ReportParams): string {
  if (!params.scope) throw new HubError("BAD_USER_INPUT", "The scope parameter (a place code) is required.", { argument: "scope" });
  return params.scope;
}

/** The asOf parameter through the same date check as every export (a real calendar date, YYYY-MM-DD), today when absent. */
function asOfOf(context: HubContext, params: ReportParams): string {
  return asOfOrToday(context, dateParamOf(params, "asOf"));
}

function rateCells(value: RateValue): (number | null)[] {
  return [value.covered, value.total, value.rate === null ? null : Math.round(value.rate * 10_000) / 10_000];
}

function figureRow(figures: FiguresValue): (string | number | null)[] {
  return [
    figures.place.code,
    figures.place.name,
    String(figures.place.kind),
    ...rateCells(figures.compoundsWithBranch),
    ...rateCells(figures.buildingsWithGroup),
    ...rateCells(figures.communitiesWithOrganisation),
  ];
}

const RATE_COLUMNS = (what: string) => [`${what} covered`, `${what} total`, `${what} rate`];

async function coverageTable(context: HubContext, params: ReportParams): Promise<Table> {
  const report = await coverageReport(context, requireScope(params), asOfOf(context, params));
  return {
    columns: ["place code", "place name", "kind", ...RATE_COLUMNS("compounds with branch"), ...RATE_COLUMNS("buildings with group"), ...RATE_COLUMNS("communities with organisation")],
    rows: [...report.breakdown.map(figureRow), ["TOTAL", report.scope.name, String(report.scope.kind), ...figureRow(report.totals).slice(3)]],
  };
}

function gapTable(kind: GapKind) {
  return async (context: HubContext, params: ReportParams): Promise<Table> => {
    const scope = requireScope(params);
    const asOf = asOfOf(context, params);
    const gaps = await allGaps(context, kind, scope, asOf, EXPORT_ROW_LIMIT + 1);
    const rows = gaps.slice(0, EXPORT_ROW_LIMIT).map((gap) => [
      gap.place.code,
      gap.place.name,
      gap.parent?.code ?? null,
      gap.parent?.name ?? null,
      gap.responsible?.code ?? null,
      gap.responsible?.name ?? null,
    ]);
    if (gaps.length > EXPORT_ROW_LIMIT) rows.push([`… cut at ${EXPORT_ROW_LIMIT} rows`, null, null, null, null, null]);
    return { columns: ["place code", "place name", "parent code", "parent name", "responsible code", "responsible name"], rows };
  };
}

async function newOrganisationTable(context: HubContext, params: ReportParams): Promise<Table> {
  const figures = await newOrganisationFigures(context, requireScope(params), asOfOf(context, params));
  return {
    columns: ["kind", "units", ...RATE_COLUMNS("organisational"), ...RATE_COLUMNS("own organisation"), ...RATE_COLUMNS("work")],
    rows: [
      ...figures.byKind.map((item) => [item.kind, item.units, ...rateCells(item.organisational), ...rateCells(item.own), ...rateCells(item.work)]),
      ["TOTAL", figures.units, ...rateCells(figures.organisational), ...rateCells(figures.own), ...rateCells(figures.work)],
    ],
  };
}

async function withoutOwnTable(context: HubContext, params: ReportParams): Promise<Table> {
  const asOf = asOfOf(context, params);
  const rows = await context.db.read(withoutOwnOrganisationPage(requireScope(params), asOf, OWN_ORGANISATION_THRESHOLD, null, EXPORT_ROW_LIMIT));
  return {
    columns: ["unit code", "unit name", "kind", "formal party members"],
    rows: rows.map((row) => {
      const unit = toEntityRecord(row.entity, asOf);
      return [unit.code, unit.name, String(unit.kind), Number(unit.formalPartyMembers ?? 0)];
    }),
  };
}

/** CSV exports of the coverage analytics: the same service calls as the GraphQL fields. */
export const coverageReports = {
  coverage: { role: "viewer", table: coverageTable },
  "compounds-without-branch": { role: "analyst", table: gapTable("COMPOUND") },
  "buildings-without-group": { role: "analyst", table: gapTable("BUILDING") },
  "new-organisations": { role: "viewer", table: newOrganisationTable },
  "units-without-own-organisation": { role: "analyst", table: withoutOwnTable },
} as const;
