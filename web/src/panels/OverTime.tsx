import { useMemo, useState } from "react";
import { gql, useQuery } from "urql";
import { COMPARISON, EVENTS } from "../queries";
import { todayIso, type View } from "../state";
import { Chart, DataTable } from "../ui/Chart";
import { mayReadNamed, useI18n, useSession } from "../ui/context";
import { QueryState } from "../ui/Status";
import { FIRST_YEAR, inYear } from "../ui/ScopeDate";
import { MEASURES, type Rate } from "./Coverage";

type Totals = Record<(typeof MEASURES)[number], Rate>;
export interface Point extends Totals {
  asOf: string;
}

/** Most aliases one document may carry is HUB_MAX_ALIASES (15 by default): years go in groups below it. */
const YEARS_PER_QUERY = 12;

/** One aliased coverage(…) per year: the totals at the same day of each year. */
function yearsDocument(years: readonly number[]) {
  if (years.length === 0) return gql("query NoYears { __typename }");
  const variables = years.map((year) => `$d${year}: LocalDate!`).join(", ");
  const rate = "{ covered total rate }";
  const fields = years
    .map((year) => `y${year}: coverage(scope: $scope, asOf: $d${year}) { asOf totals { compoundsWithBranch ${rate} buildingsWithGroup ${rate} communitiesWithOrganisation ${rate} } }`)
    .join("\n");
  return gql(`query OverTime${years[0]}($scope: String!, ${variables}) { ${fields} }`);
}

function useYears(scope: string, date: string, years: readonly number[]): { points: Point[]; result: ReturnType<typeof useQuery>[0] } {
  const query = useMemo(() => yearsDocument(years), [years]);
  const variables = useMemo(() => Object.fromEntries([["scope", scope], ...years.map((year) => [`d${year}`, inYear(date, year)])]), [scope, date, years]);
  const [result] = useQuery({ query, variables, pause: years.length === 0 });
  const data = result.data as Record<string, { asOf: string; totals: Totals }> | undefined;
  const points = data ? years.map((year) => data[`y${year}`]).filter((entry) => entry !== undefined).map((entry) => ({ asOf: entry.asOf, ...entry.totals })) : [];
  return { points, result };
}

function groups(first: number, last: number): number[][] {
  const all = Array.from({ length: last - first + 1 }, (_, index) => first + index);
  const out: number[][] = [];
  for (let start = 0; start < all.length; start += YEARS_PER_QUERY) out.push(all.slice(start, start + YEARS_PER_QUERY));
  return out;
}

interface EventNode {
  code: string;
  name: string;
  kind: string;
  date: string;
}

function useMergers(enabled: boolean): EventNode[] {
  const [result] = useQuery({ query: EVENTS, variables: { kinds: ["MERGER", "SPLIT"] }, pause: !enabled });
  return ((result.data?.changeEvents.edges ?? []) as { node: EventNode }[]).map((edge) => edge.node);
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
  const signed = (value: number) => (value > 0 ? `+${f.number(value)}` : f.number(value));
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
        {mergers.map((event) => (
          <button
            key={event.code}
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
                  `${change.before.covered}/${change.before.total} (${f.percent(change.before.rate)})`,
                  `${change.after.covered}/${change.after.total} (${f.percent(change.after.rate)})`,
                  `${signed(change.coveredChange)} / ${signed(change.totalChange)}${change.rateChange === null ? "" : ` (${change.rateChange > 0 ? "+" : ""}${(change.rateChange * 100).toFixed(1)} pt)`}`,
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
                  rows: comparison[side].breakdown.map((row) => [row.place.name, `${row.compoundsWithBranch.covered}/${row.compoundsWithBranch.total}`, `${row.buildingsWithGroup.covered}/${row.buildingsWithGroup.total}`]),
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
  const yearGroups = useMemo(() => groups(FIRST_YEAR, Number(todayIso().slice(0, 4))), []);
  const first = useYears(view.scope, view.date, yearGroups[0] ?? []);
  const second = useYears(view.scope, view.date, yearGroups[1] ?? []);
  const third = useYears(view.scope, view.date, yearGroups[2] ?? []);
  const points = [...first.points, ...second.points, ...third.points];
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
        data: points.map((point) => [point.asOf, point[measure].rate]),
        connectNulls: false,
        ...(index === 0
          ? { markLine: { symbol: "none", label: { formatter: t("mergerOn") }, data: mergers.map((event) => ({ xAxis: event.date, name: event.code })) } }
          : {}),
      })),
    }),
    [points, mergers, t, f],
  );
  const table = {
    columns: [t("date"), ...MEASURES.map((measure) => t(measure))],
    rows: points.map((point) => [point.asOf, ...MEASURES.map((measure) => `${point[measure].covered}/${point[measure].total} (${f.percent(point[measure].rate)})`)]),
  };
  return (
    <>
      <QueryState result={first.result} />
      <QueryState result={second.result} />
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
