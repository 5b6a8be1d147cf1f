import { cpus, loadavg, totalmem } from "node:os";
import { coverageByChild } from "../src/coverage/coverage.queries.js";
import { coverageRollupByChild, coverageRollupByChildMany, coverageRollupSeries, coverageRollupSeriesMany } from "../src/coverage/rollup.queries.js";
import { seriesDates } from "../src/coverage/series.js";
import type { connectDriver, CypherQuery, Row } from "../src/database/index.js";
import { firstDifference, percentile, round } from "./run.js";
import { postGraphql, runRaw } from "./systems.js";
import type { GraphqlRequest, RawRequest } from "./workloads.js";

/**
 * The coverage-by-scale workloads (issue 13: "coverage of the whole graph ≤ 2× one subdistrict, as
 * of any date; a 120-point monthly series ≤ 3× one date"), timed in milliseconds end to end on a
 * graph of many districts (S3: 10 districts, 100 subdistricts):
 *
 *   sub.today / district.today / whole.today   coverage report (totals + breakdown) of one
 *                                              subdistrict, one district, and every district (the
 *                                              generated graph has no place above its districts:
 *                                              the whole graph is one request with a `coverage`
 *                                              field per district, aliased)
 *   sub.past / district.past / whole.past      the same as of a past date
 *   series.sub / series.whole                  a monthly coverageSeries of N points (default 120)
 *                                              from the past date, of the subdistrict and of every
 *                                              district (again one aliased request)
 *
 * Two systems: the hub over HTTP (GraphQL), and raw — the statement the hub sends
 * (coverage.rollupByChild / rollupSeries for one scope; rollupByChildMany / rollupSeriesMany for
 * the districts of the whole graph, which the hub batches from the aliased fields of one request)
 * through the driver in one managed read transaction, so the difference is the hub's own cost. Answers are checked before anything is timed (see `checkAnswers`); then
 * rounds run every workload once per system, the order rotating, and the paired ratios of
 * `RATIOS` are the medians over rounds of the two workloads' times in the same round.
 *
 * Two more systems compare before and after a change in the same rounds: `seeks`, the series
 * statements with every scope read by per-date seeks (cap -1: the read before the range scan,
 * series workloads only), and `base`, a second hub (another build, `baselineHubUrl`) answering the
 * same GraphQL requests; `beforeAfter` holds their paired ratios to `raw` and `hub`.
 */

export type Counts = [number, number, number, number, number, number];
/** A coverage report, canonical: totals and the breakdown rows, each [code, …Counts]. */
export interface ReportAnswer {
  totals: Counts;
  breakdown: [string, ...Counts][];
}
/** A series, canonical: one [date, exists, …Counts] per point. */
export type SeriesAnswer = [string, boolean, ...Counts][];

export interface ScaleFixture {
  /** The subdistrict timed (the first by code), its district and every district valid today. */
  readonly subdistrict: string;
  readonly district: string;
  readonly districts: readonly string[];
  readonly today: string;
  readonly past: string;
  /** The series' first and last date (monthly, `points` points from `past`). */
  readonly seriesFrom: string;
  readonly seriesTo: string;
  readonly points: number;
}

export interface ScaleWorkload {
  readonly id: string;
  readonly title: string;
  readonly hub: GraphqlRequest;
  readonly raw: RawRequest;
  /** The series statement with every scope seeking (series workloads only). */
  readonly seeks?: RawRequest;
  /** Both forms' answers as one canonical value: for the whole graph, a record per district. */
  canonical: { hub(data: unknown): unknown; raw(results: readonly Row[][]): unknown };
}

type Json = Record<string, unknown>;
const list = (value: unknown): Json[] => (value as Json[] | null | undefined) ?? [];
const alias = (code: string) => `p_${code.replace(/[^A-Za-z0-9_]/g, "_")}`;

const RATE_FIELDS = "compoundsWithBranch { covered total } buildingsWithGroup { covered total } communitiesWithOrganisation { covered total }";
const REPORT_FIELDS = `totals { ${RATE_FIELDS} } breakdown { place { code } ${RATE_FIELDS} }`;
const SERIES_FIELDS = `points { asOf exists ${RATE_FIELDS} }`;

/** Counts in the order [compounds covered, compounds, buildings covered, buildings, communities covered, communities]. */
function rateCounts(figures: Json): Counts {
  const rate = (name: string) => figures[name] as { covered: number; total: number };
  return [rate("compoundsWithBranch").covered, rate("compoundsWithBranch").total, rate("buildingsWithGroup").covered, rate("buildingsWithGroup").total, rate("communitiesWithOrganisation").covered, rate("communitiesWithOrganisation").total];
}
/** A roll-up vector (COUNT_FIELDS: compounds, compoundsCovered, buildings, …) in the same order; null is no point yet. */
function vectorCounts(v: unknown): Counts {
  const [compounds = 0, compoundsCovered = 0, buildings = 0, buildingsCovered = 0, communities = 0, communitiesCovered = 0] = ((v as unknown[] | null) ?? []).map(Number);
  return [compoundsCovered, compounds, buildingsCovered, buildings, communitiesCovered, communities];
}
const byCode = <T extends [string, ...unknown[]]>(rows: T[]): T[] => rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
export const sumCounts = (rows: readonly Counts[]): Counts => rows.reduce((total, row) => total.map((value, index) => value + row[index]!) as Counts, [0, 0, 0, 0, 0, 0]);

const hubReport = (coverage: Json): ReportAnswer => ({
  totals: rateCounts(coverage.totals as Json),
  breakdown: byCode(list(coverage.breakdown).map((row): [string, ...Counts] => [String((row.place as Json).code), ...rateCounts(row)])),
});
const rawReport = (row: Row | undefined): ReportAnswer => ({
  totals: vectorCounts(row?.v),
  breakdown: byCode(list(row?.children).map((child): [string, ...Counts] => [String((child.place as unknown[])[0]), ...vectorCounts(child.v)])),
});
const hubSeries = (series: Json): SeriesAnswer => list(series.points).map((point) => [String(point.asOf), point.exists === true, ...rateCounts(point)]);
/** A series statement's row: `points`, each [date, exists, v]. */
const rawSeries = (row: Row | undefined): SeriesAnswer => ((row?.points as [string, boolean, unknown][] | undefined) ?? []).map(([at, exists, v]) => [at, exists, ...vectorCounts(exists ? v : null)]);

/** The raw form reads the children as the hub's `breakdown { place { code } }` does: code and name only ([code, name], src/graph/shape.ts). */
const CODES_ONLY = { scope: [], child: [] } as const;

function reportWorkload(id: string, title: string, scopes: readonly string[], asOf: string): ScaleWorkload {
  const fields = scopes.map((scope) => `${alias(scope)}: coverage(place: "${scope}", asOf: $asOf) { ${REPORT_FIELDS} }`).join("\n  ");
  return {
    id,
    title,
    hub: { query: `query ${id.replace(/\W/g, "_")}($asOf: LocalDate) {\n  ${fields}\n}`, variables: { asOf } },
    raw: { mode: "READ", statements: [scopes.length === 1 ? coverageRollupByChild(scopes[0]!, asOf, CODES_ONLY) : coverageRollupByChildMany(scopes, asOf, CODES_ONLY)] },
    canonical: {
      hub: (data) => Object.fromEntries(scopes.map((scope) => [scope, hubReport((data as Json)[alias(scope)] as Json)])),
      raw: ([rows]) => Object.fromEntries(scopes.map((scope) => [scope, rawReport(scopes.length === 1 ? rows?.[0] : rows?.find((row) => row.code === scope))])),
    },
  };
}

function seriesWorkload(id: string, title: string, scopes: readonly string[], fixture: ScaleFixture): ScaleWorkload {
  const dates = seriesDates(fixture.seriesFrom, fixture.seriesTo, "MONTH");
  const fields = scopes.map((scope) => `${alias(scope)}: coverageSeries(place: "${scope}", from: $from, to: $to, every: MONTH) { ${SERIES_FIELDS} }`).join("\n  ");
  return {
    id,
    title,
    hub: { query: `query ${id.replace(/\W/g, "_")}($from: LocalDate!, $to: LocalDate!) {\n  ${fields}\n}`, variables: { from: fixture.seriesFrom, to: fixture.seriesTo } },
    raw: { mode: "READ", statements: [scopes.length === 1 ? coverageRollupSeries(scopes[0]!, dates) : coverageRollupSeriesMany(scopes, dates)] },
    seeks: { mode: "READ", statements: [scopes.length === 1 ? coverageRollupSeries(scopes[0]!, dates, { cap: -1 }) : coverageRollupSeriesMany(scopes, dates, { cap: -1 })] },
    canonical: {
      hub: (data) => Object.fromEntries(scopes.map((scope) => [scope, hubSeries((data as Json)[alias(scope)] as Json)])),
      raw: ([rows]) => Object.fromEntries(scopes.map((scope) => [scope, rawSeries(scopes.length === 1 ? rows?.[0] : rows?.find((row) => row.code === scope))])),
    },
  };
}

export function scaleWorkloads(fixture: ScaleFixture): ScaleWorkload[] {
  const { subdistrict, district, districts, today, past, points } = fixture;
  return [
    reportWorkload("sub.today", `one subdistrict (${subdistrict}) as of ${today}`, [subdistrict], today),
    reportWorkload("district.today", `one district (${district}) as of ${today}`, [district], today),
    reportWorkload("whole.today", `the whole graph (${districts.length} districts, one request) as of ${today}`, districts, today),
    reportWorkload("sub.past", `one subdistrict (${subdistrict}) as of ${past}`, [subdistrict], past),
    reportWorkload("district.past", `one district (${district}) as of ${past}`, [district], past),
    reportWorkload("whole.past", `the whole graph (${districts.length} districts, one request) as of ${past}`, districts, past),
    seriesWorkload("series.sub", `${points}-point monthly series of ${subdistrict} from ${past}`, [subdistrict], fixture),
    seriesWorkload("series.whole", `${points}-point monthly series of every district (one request) from ${past}`, districts, fixture),
  ];
}

/** The ratios the targets are about: [numerator, denominator, target (at most)]. */
export const RATIOS: readonly (readonly [string, string, number])[] = [
  ["whole.today", "sub.today", 2],
  ["whole.past", "sub.past", 2],
  ["district.today", "sub.today", 2],
  ["district.past", "sub.past", 2],
  ["series.sub", "sub.past", 3],
  ["series.whole", "whole.past", 3],
  ["series.sub", "sub.today", 3],
];

/** The fixture from the graph: the first subdistrict by code and its district, every district valid today. */
export function scaleFixtureQuery(): CypherQuery {
  return {
    name: "bench.scaleFixture",
    cypher: `
      MATCH (d:Place {kind: 'DISTRICT'}) WHERE d.validTo IS NULL
      WITH d ORDER BY d.code
      WITH collect(d.code) AS districts
      MATCH (s:Place {kind: 'SUBDISTRICT'})-[l:PART_OF]->(d:Place {kind: 'DISTRICT'}) WHERE s.validTo IS NULL AND l.validTo IS NULL
      WITH districts, s, d ORDER BY s.code LIMIT 1
      RETURN s.code AS subdistrict, d.code AS district, districts`,
  };
}

type Driver = ReturnType<typeof connectDriver>;

export interface ScaleOptions {
  readonly hubUrl: string;
  readonly token: string;
  /** A second hub answering the same requests (system `base`), e.g. the build before a change. */
  readonly baselineHubUrl?: string;
  readonly driver: Driver;
  readonly fixture: ScaleFixture;
  readonly rounds: number;
  /** Unrecorded rounds first (plan and page caches, the JIT). */
  readonly warmup: number;
  readonly log?: (line: string) => void;
}

export interface ScaleCheck {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface ScaleResult {
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  fixture: ScaleFixture;
  options: { rounds: number; warmup: number; hubUrl: string; baselineHubUrl?: string };
  checks: ScaleCheck[];
  workloads: { id: string; title: string; responseBytes: number; systems: Partial<Record<System, { p50: number; p95: number; samples: number }>> }[];
  ratios: { ratio: string; target: number; hub: number; raw: number; base?: number; seeks?: number; met: { hub: boolean; raw: boolean } }[];
  /** Per workload, paired medians: base / hub (the baseline hub over this one) and seeks / raw. */
  beforeAfter: { id: string; baseOverHub?: number; seeksOverRaw?: number }[];
  /** hub / raw per workload, median over rounds. */
  hubOverRaw: Record<string, number>;
}

type System = "hub" | "raw" | "base" | "seeks";

/**
 * The answer checks, before any timing: hub = raw for every workload; the whole graph's totals =
 * the sum of its districts' breakdown rows (its subdistricts), and the timed subdistrict's row in
 * its district's breakdown = its own totals; a district's and the subdistrict's roll-up totals =
 * the subtree walk (coverage.byChild, no roll-ups) on both dates; each series' first point = the
 * one-date answer of the past date, and its points at two more dates = one-date reports there.
 */
async function checkAnswers(options: ScaleOptions, workloads: readonly ScaleWorkload[], answers: Record<string, Partial<Record<System, unknown>>>): Promise<ScaleCheck[]> {
  const { fixture, driver } = options;
  const checks: ScaleCheck[] = [];
  const add = (check: string, difference: string | null) => checks.push({ check, ok: difference === null, detail: difference ?? "equal" });
  for (const workload of workloads) {
    const answer = answers[workload.id]!;
    add(`${workload.id}: hub = raw`, firstDifference(answer.hub, answer.raw));
    if ("base" in answer) add(`${workload.id}: baseline hub = raw`, firstDifference(answer.base, answer.raw));
    if ("seeks" in answer) add(`${workload.id}: per-date seeks = raw`, firstDifference(answer.seeks, answer.raw));
  }
  for (const when of ["today", "past"] as const) {
    const whole = answers[`whole.${when}`]!.hub as Record<string, ReportAnswer>;
    const districtTotals = sumCounts(Object.values(whole).map((report) => report.totals));
    const subdistrictRows = sumCounts(Object.values(whole).flatMap((report) => report.breakdown.map(([, ...counts]) => counts as Counts)));
    add(`whole.${when}: Σ district totals = Σ of their ${Object.values(whole).reduce((n, report) => n + report.breakdown.length, 0)} subdistrict rows`, firstDifference(districtTotals, subdistrictRows));
    const sub = (answers[`sub.${when}`]!.hub as Record<string, ReportAnswer>)[fixture.subdistrict]!;
    const row = whole[fixture.district]!.breakdown.find(([code]) => code === fixture.subdistrict);
    add(`whole.${when}: ${fixture.subdistrict}'s row in ${fixture.district} = its own totals`, firstDifference(row?.slice(1), sub.totals));
    const date = when === "today" ? fixture.today : fixture.past;
    for (const scope of [fixture.subdistrict, fixture.district]) {
      const [walked] = await runRaw(driver, { mode: "READ", statements: [coverageByChild(scope, date)] });
      const walk = walked?.[0];
      const counts = (row: Json): Counts => [Number(row.compoundsCovered), Number(row.compounds), Number(row.buildingsCovered), Number(row.buildings), Number(row.communitiesCovered), Number(row.communities)];
      const walkTotals = walk ? sumCounts([counts(walk.self as Json), ...list(walk.children).map(counts)]) : null;
      const rolled = scope === fixture.subdistrict ? sub.totals : whole[fixture.district]!.totals;
      add(`${scope} on ${date}: roll-up totals = subtree walk (coverage.byChild)`, firstDifference(rolled, walkTotals));
    }
  }
  const dates = seriesDates(fixture.seriesFrom, fixture.seriesTo, "MONTH");
  add(`series: ${dates.length} points (${dates[0]} … ${dates.at(-1)})`, dates.length === fixture.points ? null : `${dates.length} ≠ ${fixture.points}`);
  const subSeries = (answers["series.sub"]!.hub as Record<string, SeriesAnswer>)[fixture.subdistrict]!;
  const wholeSeries = answers["series.whole"]!.hub as Record<string, SeriesAnswer>;
  const subPast = (answers["sub.past"]!.hub as Record<string, ReportAnswer>)[fixture.subdistrict]!;
  const wholePast = answers["whole.past"]!.hub as Record<string, ReportAnswer>;
  add(`series.sub: point ${fixture.past} = sub.past totals`, firstDifference(subSeries[0]?.slice(2), subPast.totals));
  add(`series.whole: Σ points ${fixture.past} = Σ whole.past totals`, firstDifference(sumCounts(Object.values(wholeSeries).map((points) => points[0]!.slice(2) as Counts)), sumCounts(Object.values(wholePast).map((report) => report.totals))));
  for (const index of [Math.floor(dates.length / 2), dates.length - 1]) {
    const date = dates[index]!;
    const report = reportWorkload("check", "check", fixture.districts, date);
    const oneDate = report.canonical.hub(await postGraphql(options.hubUrl, report.hub, { authorization: `Bearer ${options.token}` })) as Record<string, ReportAnswer>;
    add(`series.whole: point ${date} of each district = its one-date report`, firstDifference(Object.fromEntries(fixture.districts.map((d) => [d, wholeSeries[d]![index]!.slice(2)])), Object.fromEntries(fixture.districts.map((d) => [d, oneDate[d]!.totals]))));
    const subReport = reportWorkload("check", "check", [fixture.subdistrict], date);
    const subOneDate = subReport.canonical.hub(await postGraphql(options.hubUrl, subReport.hub, { authorization: `Bearer ${options.token}` })) as Record<string, ReportAnswer>;
    add(`series.sub: point ${date} = its one-date report`, firstDifference(subSeries[index]!.slice(2), subOneDate[fixture.subdistrict]!.totals));
  }
  return checks;
}

export async function runScaleBench(options: ScaleOptions): Promise<ScaleResult> {
  const log = options.log ?? (() => undefined);
  const startedAt = new Date().toISOString();
  const loadAverageBefore = loadavg();
  const workloads = scaleWorkloads(options.fixture);
  const headers = { authorization: `Bearer ${options.token}` };
  const responseBytes: Record<string, number> = {};
  const send = async (workload: ScaleWorkload, system: System): Promise<unknown> => {
    if (system === "raw") return workload.canonical.raw(await runRaw(options.driver, workload.raw));
    if (system === "seeks") return workload.canonical.raw(await runRaw(options.driver, workload.seeks!));
    const data = await postGraphql(system === "base" ? options.baselineHubUrl! : options.hubUrl, workload.hub, headers);
    // Measured once, on the untimed first answer: stringifying 237 KB in every timed request added
    // its cost to the hub's figures only.
    if (system === "hub") responseBytes[workload.id] ??= JSON.stringify(data).length;
    return workload.canonical.hub(data);
  };
  const systemsOf = (workload: ScaleWorkload): System[] => ["hub", "raw", ...(options.baselineHubUrl ? (["base"] as const) : []), ...(workload.seeks ? (["seeks"] as const) : [])];
  const answers: Record<string, Partial<Record<System, unknown>>> = {};
  for (const workload of workloads) {
    answers[workload.id] = {};
    for (const system of systemsOf(workload)) answers[workload.id]![system] = await send(workload, system);
  }
  const checks = await checkAnswers(options, workloads, answers);
  for (const check of checks) log(`${check.ok ? "ok  " : "FAIL"} ${check.check}${check.ok ? "" : `: ${check.detail}`}`);
  if (checks.some((check) => !check.ok)) throw new Error("answers disagree: nothing timed");
  // Each round: every (workload, system) once, the order rotating by one step per round.
  const pairs = workloads.flatMap((workload) => systemsOf(workload).map((system) => ({ workload, system })));
  const samples: Record<string, number>[] = [];
  for (let round_ = 0; round_ < options.warmup + options.rounds; round_++) {
    const times: Record<string, number> = {};
    for (let i = 0; i < pairs.length; i++) {
      const { workload, system } = pairs[(i + round_) % pairs.length]!;
      const started = performance.now();
      await send(workload, system);
      times[`${workload.id}/${system}`] = performance.now() - started;
    }
    if (round_ >= options.warmup) samples.push(times);
    if ((round_ + 1) % 10 === 0) log(`round ${round_ + 1}/${options.warmup + options.rounds}`);
  }
  const of = (key: string) => samples.map((times) => times[key]!);
  const paired = (a: string, b: string) => round(percentile(samples.map((times) => times[a]! / times[b]!), 50), 3);
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "", memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version, loadAverageBefore, loadAverageAfter: loadavg() },
    fixture: options.fixture,
    options: { rounds: options.rounds, warmup: options.warmup, hubUrl: options.hubUrl, ...(options.baselineHubUrl ? { baselineHubUrl: options.baselineHubUrl } : {}) },
    checks,
    workloads: workloads.map((workload) => ({
      id: workload.id,
      title: workload.title,
      responseBytes: responseBytes[workload.id] ?? 0,
      systems: Object.fromEntries(systemsOf(workload).map((system) => [system, { p50: round(percentile(of(`${workload.id}/${system}`), 50)), p95: round(percentile(of(`${workload.id}/${system}`), 95)), samples: samples.length }])) as ScaleResult["workloads"][number]["systems"],
    })),
    ratios: RATIOS.map(([a, b, target]) => {
      const hub = paired(`${a}/hub`, `${b}/hub`);
      const raw = paired(`${a}/raw`, `${b}/raw`);
      // The same ratio before the change: the baseline hub's, and the seeks' series over the same denominator.
      const base = options.baselineHubUrl ? paired(`${a}/base`, `${b}/base`) : undefined;
      const seeks = workloads.find((workload) => workload.id === a)?.seeks ? paired(`${a}/seeks`, `${b}/raw`) : undefined;
      return { ratio: `${a} / ${b}`, target, hub, raw, ...(base === undefined ? {} : { base }), ...(seeks === undefined ? {} : { seeks }), met: { hub: hub <= target, raw: raw <= target } };
    }),
    beforeAfter: workloads.map((workload) => ({
      id: workload.id,
      ...(options.baselineHubUrl ? { baseOverHub: paired(`${workload.id}/base`, `${workload.id}/hub`) } : {}),
      ...(workload.seeks ? { seeksOverRaw: paired(`${workload.id}/seeks`, `${workload.id}/raw`) } : {}),
    })),
    hubOverRaw: Object.fromEntries(workloads.map((workload) => [workload.id, paired(`${workload.id}/hub`, `${workload.id}/raw`)])),
  };
}

/** The Markdown tables of bench/RESULTS.md. */
export function scaleTables(result: ScaleResult): string {
  const lines = [
    `fixture ${JSON.stringify(result.fixture)}`,
    `machine: ${result.machine.cpus} × ${result.machine.cpuModel}, ${result.machine.memoryGiB} GiB, Node ${result.machine.node}, load average before ${result.machine.loadAverageBefore.map((value) => value.toFixed(1)).join(" ")}, after ${result.machine.loadAverageAfter.map((value) => value.toFixed(1)).join(" ")}`,
    `checks: ${result.checks.filter((check) => check.ok).length}/${result.checks.length} ok`,
    "",
    "| workload | hub p50 ms | hub p95 ms | raw p50 ms | raw p95 ms | hub/raw (paired) | response bytes |",
    "|---|---|---|---|---|---|---|",
    ...result.workloads.map((w) => `| ${w.id}: ${w.title} | ${w.systems.hub?.p50} | ${w.systems.hub?.p95} | ${w.systems.raw?.p50} | ${w.systems.raw?.p95} | ${result.hubOverRaw[w.id]} | ${w.responseBytes} |`),
    "",
    "| ratio (paired, median over rounds) | target | hub | raw | met (hub / raw) | baseline hub | raw, series by seeks |",
    "|---|---|---|---|---|---|---|",
    ...result.ratios.map((r) => `| ${r.ratio} | ≤ ${r.target}× | ${r.hub}× | ${r.raw}× | ${r.met.hub ? "yes" : "**no**"} / ${r.met.raw ? "yes" : "**no**"} | ${r.base === undefined ? "–" : `${r.base}×`} | ${r.seeks === undefined ? "–" : `${r.seeks}×`} |`),
  ];
  const compared = result.beforeAfter.filter((row) => row.baseOverHub !== undefined || row.seeksOverRaw !== undefined);
  if (compared.length > 0) {
    lines.push(
      "",
      "| workload | baseline hub p50 ms | baseline hub / hub (paired) | seeks p50 ms | seeks / raw (paired) |",
      "|---|---|---|---|---|",
      ...compared.map((row) => {
        const w = result.workloads.find((workload) => workload.id === row.id)!;
        return `| ${row.id} | ${w.systems.base?.p50 ?? "–"} | ${row.baseOverHub ?? "–"} | ${w.systems.seeks?.p50 ?? "–"} | ${row.seeksOverRaw ?? "–"} |`;
      }),
    );
  }
  return `${lines.join("\n")}\n`;
}
