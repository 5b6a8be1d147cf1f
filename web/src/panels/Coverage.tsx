import { useMemo } from "react";
import { useQuery } from "urql";
import { BUILDING_GAPS, COMPOUND_GAPS, COVERAGE, UNITS_WITHOUT_OWN } from "../queries";
import type { View } from "../state";
import { Chart, DataTable, type ChartTable } from "../ui/Chart";
import { mayReadNamed, useI18n, useSession } from "../ui/context";
import { NeedsAnalyst, QueryState } from "../ui/Status";
import { DownloadButton } from "../ui/Download";
import { PageFooter, usePaged, type Connection, type Paged } from "../ui/paging";

export interface Rate {
  covered: number;
  total: number;
  rate: number | null;
}
export interface Figures {
  place: { id: string; code: string; name: string; kind: string };
  compoundsWithBranch: Rate;
  buildingsWithGroup: Rate;
  communitiesWithOrganisation: Rate;
}
interface Report {
  asOf: string;
  scope: { code: string; name: string; kind: string };
  totals: Figures;
  breakdown: Figures[];
  newOrganisations: { units: number; organisational: Rate; own: Rate; work: Rate; byKind: { kind: string; units: number; organisational: Rate; own: Rate; work: Rate }[] };
}

const COVERAGE_KINDS = ["organisational", "own", "work"] as const;
export const MEASURES = ["compoundsWithBranch", "buildingsWithGroup", "communitiesWithOrganisation"] as const;

function Total({ label, rate, testId }: { label: string; rate: Rate; testId: string }) {
  const { f } = useI18n();
  return (
    <div className="total" data-testid={testId} data-covered={rate.covered} data-total={rate.total}>
      <div className="figure">{f.percent(rate.rate)}</div>
      <div className="label">{label}</div>
      <div className="count">
        {f.number(rate.covered)} / {f.number(rate.total)}
      </div>
    </div>
  );
}

function BreakdownChart({ report, setView }: { report: Report; setView: (change: Partial<View>) => void }) {
  const { t, f } = useI18n();
  const rows = report.breakdown;
  const option = useMemo(
    () => ({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 64 },
      xAxis: { type: "category", data: rows.map((row) => row.place.name), axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
      yAxis: { type: "value", max: 1, axisLabel: { formatter: (value: number) => f.percent(value) } },
      series: MEASURES.slice(0, 2).map((measure) => ({
        name: t(measure),
        type: "bar",
        // A place with none to count (0 of 0) has no bar rather than a 0 % one.
        data: rows.map((row) => row[measure].rate ?? "-"),
        label: { show: true, position: "top", formatter: (item: { value: number }) => f.percent(item.value) },
      })),
    }),
    [rows, t, f],
  );
  const table = {
    columns: [t("code"), t("name"), ...MEASURES.map((measure) => `${t(measure)} (${t("covered")}/${t("total")})`)],
    rows: rows.map((row) => [row.place.code, row.place.name, ...MEASURES.map((measure) => f.ratio(row[measure]))]),
  };
  return (
    <>
      <Chart title={`${t("breakdown")}: ${report.scope.name}`} option={option} table={table} testId="breakdown-chart" />
      <ul className="drill" aria-label={t("breakdown")}>
        {rows.map((row) => (
          <li key={row.place.code}>
            <button type="button" className="link" onClick={() => setView({ scope: row.place.code })}>
              {row.place.name}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

function NewOrganisations({ report }: { report: Report }) {
  const { t, f, k } = useI18n();
  const figures = report.newOrganisations;
  const kinds = COVERAGE_KINDS;
  const option = useMemo(
    () => ({
      tooltip: { trigger: "axis" },
      grid: { left: 160, right: 48, top: 8, bottom: 24 },
      xAxis: { type: "value", max: 1, axisLabel: { formatter: (value: number) => f.percent(value) } },
      yAxis: { type: "category", data: kinds.map((kind) => t(kind)), inverse: true },
      series: [{ type: "bar", data: kinds.map((kind) => figures[kind].rate ?? 0), label: { show: true, position: "right", formatter: (item: { value: number }) => f.percent(item.value) } }],
    }),
    [figures, t, f],
  );
  return (
    <section aria-labelledby="neo-title" data-testid="new-organisations" data-units={figures.units}>
      <h3 id="neo-title">
        {t("newOrganisations")} · {f.number(figures.units)} {t("units")}
      </h3>
      <Chart
        title={t("newOrganisations")}
        option={option}
        height={160}
        table={{
          columns: [t("kind"), t("units"), ...kinds.map((kind) => t(kind))],
          rows: [
            ...figures.byKind.map((row) => [k(row.kind), f.number(row.units), ...kinds.map((kind) => f.ratio(row[kind]))]),
            [t("total"), f.number(figures.units), ...kinds.map((kind) => f.ratio(figures[kind]))],
          ],
        }}
      />
    </section>
  );
}

export type GapNode = { place: { code: string; name: string }; parent: { code: string; name: string } | null; responsible: { code: string; name: string } | null };
export type UnitNode = { code: string; name: string; formalPartyMembers: number | null; location: { name: string } | null };
type GapCoverage = { coverage: { compoundsWithoutBranch?: Connection<GapNode>; buildingsWithoutGroup?: Connection<GapNode>; unitsWithoutOwnOrganisation?: Connection<UnitNode> } | null };

export const pickCompoundGaps = (data: unknown) => (data as GapCoverage | undefined)?.coverage?.compoundsWithoutBranch;
export const pickBuildingGaps = (data: unknown) => (data as GapCoverage | undefined)?.coverage?.buildingsWithoutGroup;
export const pickUnitsWithoutOwn = (data: unknown) => (data as GapCoverage | undefined)?.coverage?.unitsWithoutOwnOrganisation;

/** One gap list, a page at a time, with the hub's CSV export of the whole list. */
function GapList<Node>({ title, report, view, paged, table, testId }: { title: string; report: string; view: View; paged: Paged<Node>; table: (nodes: Node[]) => ChartTable; testId: string }) {
  return (
    <section aria-label={title}>
      <h4>
        {title} ({paged.totalCount ?? "…"}) <DownloadButton report={report} params={{ scope: view.scope, asOf: view.date }} />
      </h4>
      <QueryState result={{ fetching: paged.fetching, error: paged.error, data: paged.totalCount }} />
      <DataTable table={table(paged.nodes)} testId={testId} />
      <PageFooter paged={paged as Paged<unknown>} testId={`${testId}-pager`} />
    </section>
  );
}

function GapLists({ view }: { view: View }) {
  const { t, f } = useI18n();
  const variables = { scope: view.scope, asOf: view.date };
  const compounds = usePaged(COMPOUND_GAPS, variables, pickCompoundGaps);
  const buildings = usePaged(BUILDING_GAPS, variables, pickBuildingGaps);
  const units = usePaged(UNITS_WITHOUT_OWN, variables, pickUnitsWithoutOwn);
  const gapTable = (nodes: GapNode[]) => ({
    columns: [t("code"), t("place"), t("parent"), t("responsible")],
    rows: nodes.map((node) => [node.place.code, node.place.name, node.parent?.name ?? "—", node.responsible ? `${node.responsible.name} (${node.responsible.code})` : "—"]),
  });
  return (
    <section aria-labelledby="gaps-title" data-testid="gap-lists">
      <h3 id="gaps-title">{t("gapLists")}</h3>
      <GapList title={t("compoundsWithoutBranch")} report="compounds-without-branch" view={view} paged={compounds} table={gapTable} testId="compounds-without-branch" />
      <GapList title={t("buildingsWithoutGroup")} report="buildings-without-group" view={view} paged={buildings} table={gapTable} testId="buildings-without-group" />
      <GapList
        title={t("unitsWithoutOwn")}
        report="units-without-own-organisation"
        view={view}
        paged={units}
        testId="units-without-own"
        table={(nodes) => ({
          columns: [t("code"), t("name"), t("members"), t("place")],
          rows: nodes.map((node) => [node.code, node.name, node.formalPartyMembers === null ? "—" : f.number(node.formalPartyMembers), node.location?.name ?? "—"]),
        })}
      />
    </section>
  );
}

/** Rates for the scope on the date, the breakdown as bars, new organisations, and (analysts) the gap lists. */
export function CoveragePanel({ view, setView }: { view: View; setView: (change: Partial<View>) => void }) {
  const { t, f } = useI18n();
  const session = useSession();
  const [result] = useQuery({ query: COVERAGE, variables: { scope: view.scope, asOf: view.date } });
  const report = result.data?.coverage as Report | undefined;
  return (
    <>
      <QueryState result={result} />
      {report ? (
        <>
          <h2 data-testid="coverage-title" data-asof={report.asOf} data-scope={report.scope.code}>
            {report.scope.name} <code>{report.scope.code}</code> · {t("asOfDate")} {f.date(report.asOf)}{" "}
            <DownloadButton report="coverage" params={{ scope: view.scope, asOf: view.date }} />
          </h2>
          <div className="totals">
            {MEASURES.map((measure) => (
              <Total key={measure} label={t(measure)} rate={report.totals[measure]} testId={`total-${measure}`} />
            ))}
          </div>
          {report.breakdown.length > 0 ? <BreakdownChart report={report} setView={setView} /> : null}
          <NewOrganisations report={report} />
        </>
      ) : null}
      {mayReadNamed(session) ? <GapLists view={view} /> : <NeedsAnalyst what={t("gapLists")} testId="gap-lists-refused" />}
    </>
  );
}
