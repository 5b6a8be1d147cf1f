import { useMemo, useState } from "react";
import { useQuery } from "urql";
import { COMPARISON, EVENTS, SERIES } from "../queries";
import { todayIso, type View } from "../state";
import { Chart, DataTable } from "../ui/Chart";
import { mayReadNamed, useI18n, useSession } from "../ui/context";
import { QueryState } from "../ui/Status";
import { FIRST_YEAR, inYear } from "../ui/ScopeDate";
import { MEASURES, type Rate } from "./Coverage";
import { pickEvents } from "./Lineage";
import { usePaged } from "../ui/paging";

type Totals = Record<(typeof MEASURES)[number], Rate>;
export interface Point extends Totals {
  asOf: string;
}

/** The scope's totals on the first of every month from FIRST_YEAR to today: one request, one statement. */
function useSeries(scope: string): { points: Point[]; result: ReturnType<typeof useQuery>[0] } {
  const variables = useMemo(() => ({ scope, from: `${FIRST_YEAR}-01-01`, to: todayIso() }), [scope]);
  const [result] = useQuery({ query: SERIES, variables });
  const points = ((result.data?.coverageSeries.points ?? []) as (Point & { exists: boolean })[]).filter((point) => point.exists);
  return { points, result };
}

const MERGER_KINDS = ["MERGER", "SPLIT", "SUCCESSION", "ABSORPTION"];

interface EventNode {
  code: string;
  name: string;
  kind: string;
  date: string;
}

/** Every merger, split, succession and absorption (all pages): the dates the line marks. */
function useMergers(enabled: boolean): EventNode[] {
  return usePaged(EVENTS, { kinds: MERGER_KINDS }, pickEvents<EventNode>, { all: true, pause: !enabled }).nodes;
}

/** Several mergers on one day (Longhutang's two communities) are one mark and one button. */
function onePerDate(events: EventNode[]): EventNode[] {
  return [...new Map(events.map((event) => [event.date, event])).values()];
}

function Comparison({ view, mergers }: { view: View; mergers: EventNode[] }) {
  const { t, f } = useI18n();
  const [before, setBefore] = useState(inYear(view.date, Number(view.date.slice(0, 4)) - 1));
  const [after, setAfter] = useState(view.date);
  const [result] = useQuery({ query: COMPARISON, variables: { scope: view.scope, before, after } });
  const comparison = result.data?.coverageComparison as
    | (Record<(typeof MEASURES)[number], { before: Rate; after: Rate; coveredChange: number; totalChange: number; rateChange: number | null }> & {
        before: { breakdown: { place: { code: string; name: string }; compoundsWithBranch: Rate; buildingsWithGroup: Rate }[] };
        after: { breakdown: { place: { code: string; name: string }; compoundsWithBranch: Rate; buildingsWithGroup: Rate }[] };
      })
    | undefined;
  return (
    <section aria-labelledby="compare-title" data-testid="comparison">
      <h3 id="compare-title">{t("compare")}</h3>
      <div className="pickers">
        <label>
          {t("before")} <input type="date" value={before} onChange={(event) => event.target.value && setBefore(event.target.value)} data-testid="compare-before" />
        </label>
        <label>
          {t("after")} <input type="date" value={after} onChange={(event) => event.target.value && setAfter(event.target.value)} data-testid="compare-after" />
        </label>
        {onePerDate(mergers).map((event) => (
          <button
            key={event.date}
            type="button"
            onClick={() => {
              const day = new Date(`${event.date}T00:00:00Z`);
              day.setUTCDate(day.getUTCDate() - 1);
              setBefore(day.toISOString().slice(0, 10));
              setAfter(event.date);
            }}
          >
            {t("mergerOn")} {f.date(event.date)}
          </button>
        ))}
      </div>
      <QueryState result={result} />
      {comparison ? (
        <div className="side-by-side">
          <DataTable
            testId="comparison-table"
            table={{
              columns: ["", `${t("before")} ${f.date(before)}`, `${t("after")} ${f.date(after)}`, t("change")],
              rows: MEASURES.map((measure) => {
                const change = comparison[measure];
                return [
                  t(measure),
                  f.ratio(change.before),
                  f.ratio(change.after),
                  `${f.signed(change.coveredChange)} / ${f.signed(change.totalChange)}${change.rateChange === null ? "" : ` (${f.points(change.rateChange)})`}`,
                ];
              }),
            }}
          />
          <div className="two">
            {(["before", "after"] as const).map((side) => (
              <DataTable
                key={side}
                caption={`${t(side)} · ${f.date(side === "before" ? before : after)}`}
                table={{
                  columns: [t("place"), t("compoundsWithBranch"), t("buildingsWithGroup")],
                  rows: comparison[side].breakdown.map((row) => [row.place.name, f.ratio(row.compoundsWithBranch, false), f.ratio(row.buildingsWithGroup, false)]),
                }}
              />
            ))}
          </div>
        </div>
      ) : null}
    </section>
  );
}

/** The scope's rates over the years, merger dates marked, and two dates side by side. */
export function OverTimePanel({ view }: { view: View }) {
  const { t, f } = useI18n();
  const session = useSession();
  const { points, result } = useSeries(view.scope);
  const mergers = useMergers(mayReadNamed(session));
  const option = useMemo(
    () => ({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 56, right: 24, top: 40, bottom: 32 },
      xAxis: { type: "time" },
      yAxis: { type: "value", max: 1, axisLabel: { formatter: (value: number) => f.percent(value) } },
      series: MEASURES.map((measure, index) => ({
        name: t(measure),
        type: "line",
        showSymbol: false,
        data: points.map((point) => [point.asOf, point[measure].rate ?? "-"]),
        connectNulls: false,
        ...(index === 0
          ? {
              markLine: {
                symbol: "none",
                data: [
                  ...onePerDate(mergers).map((event) => ({ xAxis: event.date, name: event.code, label: { formatter: t("mergerOn") } })),
                  { xAxis: view.date, name: view.date, label: { formatter: t("date") }, lineStyle: { type: "dotted" } },
                ],
              },
            }
          : {}),
      })),
    }),
    [points, mergers, view.date, t, f],
  );
  const table = {
    columns: [t("date"), ...MEASURES.map((measure) => t(measure))],
    rows: points.map((point) => [f.date(point.asOf), ...MEASURES.map((measure) => f.ratio(point[measure]))]),
  };
  return (
    <>
      <QueryState result={result} />
      {points.length > 0 ? <Chart title={`${t("overTime")}: ${view.scope}`} option={option} table={table} height={320} testId="over-time-chart" /> : null}
      {mergers.length > 0 ? (
        <p className="hint">
          {t("mergerOn")}: {mergers.map((event) => `${event.name} (${f.date(event.date)})`).join("; ")}
        </p>
      ) : null}
      <Comparison key={`${view.scope}-${view.date}`} view={view} mergers={mergers} />
    </>
  );
}
