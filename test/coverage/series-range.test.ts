import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coverageRollupByChild, coverageRollupSeries, coverageRollupSeriesMany, seriesScanCap } from "../../src/coverage/rollup.queries.js";
import { SERIES_STEPS, seriesDates } from "../../src/coverage/series.js";
import type { Database, Row } from "../../src/database/index.js";
import { generateModel, type GeneratedModel } from "../../src/generator/index.js";
import { importGenerated } from "../../src/generator/import.js";
import { connectTestDatabase, resetGraph } from "../support/graph.js";

/**
 * The series statements (coverage.rollupSeries / rollupSeriesMany) read a scope either by one range
 * scan of its points in the series' range, merged with the dates, or by one seek per date when the
 * range holds more points than the scan's bound (docs/SCALE.md). Whichever way, every row must be
 * what an independent oracle says: the scope's last roll-up point on or before the date (none:
 * null) and whether the scope is valid then — computed here in TypeScript from all of the scope's
 * points, read with a plain MATCH — and, on a sample, the one-date report's own seek
 * (coverage.rollupByChild). Generated scopes (a subdistrict across its mergers, its district, merged
 * and resulting communities, compounds) and generated date grids (any step, 1–60 points, from before
 * any point to after the last), with the bound forced low, high and at its default, so both reads
 * and every edge are exercised; the run asserts that they were.
 */
type Answer = [string, boolean, unknown][];

const DAY = 86_400_000;
/** At least one step, in days. */
const STEP_DAYS = { DAY: 1, WEEK: 7, MONTH: 31, QUARTER: 92, YEAR: 366 } as const;
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

interface ScopeFacts {
  readonly code: string;
  readonly validFrom: string;
  readonly validTo: string | null;
  /** Every roll-up point, by date. */
  readonly points: readonly { date: string; v: unknown }[];
}

function oracle(scope: ScopeFacts, dates: readonly string[]): Answer {
  return [...dates].sort().map((at) => {
    const point = scope.points.filter((p) => p.date <= at).at(-1);
    return [at, scope.validFrom <= at && (scope.validTo === null || at < scope.validTo), point?.v ?? null];
  });
}

/** A series statement's row as [date, exists, v] per point (no row: no points). */
const answer = (row: Row | undefined): Answer => ((row?.points as Answer | undefined) ?? []).map(([at, exists, v]) => [at, exists, v ?? null]);

describe("the series read (range scan or seeks) against an oracle", () => {
  const seed = 7;
  let db: Database;
  let model: GeneratedModel;
  const facts = new Map<string, ScopeFacts>();
  let pool: string[] = [];
  let mergerDates: string[] = [];

  beforeAll(async () => {
    db = connectTestDatabase();
    await resetGraph(db);
    await importGenerated(db, { seed, subdistricts: 1 });
    model = generateModel({ seed, subdistricts: 1 });
    const rows = await db.read({
      name: "test.seriesScopes",
      cypher: `
        MATCH (p:Place) WHERE p.kind IN ['DISTRICT', 'SUBDISTRICT', 'COMMUNITY', 'VILLAGE', 'COMPOUND']
        RETURN p.code AS code, toString(p.validFrom) AS validFrom, toString(p.validTo) AS validTo,
          COLLECT { MATCH (r:CoverageRollup {place: p.code}) RETURN {date: toString(r.date), v: r.v} AS point ORDER BY r.date } AS points`,
    });
    for (const row of rows) facts.set(String(row.code), { code: String(row.code), validFrom: String(row.validFrom), validTo: row.validTo === null ? null : String(row.validTo), points: row.points as ScopeFacts["points"] });
    const merger = model.events.filter((event) => event.kind === "MERGER");
    mergerDates = merger.map((event) => event.date);
    const kind = (code: string) => model.places.find((place) => place.code === code)?.kind;
    const merged = merger.flatMap((event) => [...event.originals, ...event.results]).filter((code) => facts.has(code));
    const compounds = [...facts.keys()].filter((code) => kind(code) === "COMPOUND").slice(0, 12);
    // The subdistrict and the district change most often (a point per day anything below changed).
    pool = [...new Set([...[...facts.keys()].filter((code) => ["DISTRICT", "SUBDISTRICT"].includes(kind(code) ?? "")), ...merged, ...compounds])];
    expect(pool.slice(0, 2).map(kind).sort()).toEqual(["DISTRICT", "SUBDISTRICT"]);
    expect(pool.length).toBeGreaterThan(10);
    expect(mergerDates.length).toBeGreaterThan(0);
  }, 600_000);
  afterAll(() => db?.close());

  it("equals the oracle for generated scopes and date grids, by either read", async () => {
    const seen = { scan: 0, seeks: 0, scanMorePointsThanDates: 0, beforeAnyPoint: 0, beforeScopeExists: 0, acrossMerger: 0 };
    const earliest = "1998-01-01";
    await fc.assert(
      fc.asyncProperty(
        // Half the picks are the district or the subdistrict: they change most often.
        fc.uniqueArray(fc.oneof(fc.constantFrom(0, 1), fc.nat({ max: 10_000 })), { minLength: 1, maxLength: 3 }),
        fc.nat({ max: 34 * 366 }),
        fc.constantFrom(...SERIES_STEPS),
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom<"default" | number>("default", -1, 0, 1, 3, 1_000_000),
        async (picks, offset, step, count, capChoice) => {
          const scopes = [...new Set(picks.map((pick) => pool[pick % pool.length]!))];
          const from = addDays(earliest, offset);
          // `count` points by `step` from `from`, as coverageSeries asks (to = the count-th date).
          const to = seriesDates(from, addDays(from, count * STEP_DAYS[step]), step).slice(0, count).at(-1)!;
          const dates = seriesDates(from, to, step);
          const cap = capChoice === "default" ? seriesScanCap(dates.length) : capChoice;
          const expected = Object.fromEntries(scopes.map((scope) => [scope, oracle(facts.get(scope)!, dates)]));
          const many = await db.read(coverageRollupSeriesMany(scopes, dates, { cap }));
          expect(many).toHaveLength(scopes.length);
          const got = Object.fromEntries(scopes.map((scope) => [scope, answer(many.find((row) => row.code === scope))]));
          expect(got).toEqual(expected);
          const one = await db.read(coverageRollupSeries(scopes[0]!, dates, { cap }));
          expect(one).toHaveLength(1);
          expect(answer(one[0])).toEqual(expected[scopes[0]!]);
          for (const scope of scopes) {
            const { points, validFrom } = facts.get(scope)!;
            const inRange = points.filter((point) => dates[0]! < point.date && point.date <= dates.at(-1)!).length;
            if (inRange <= cap) seen.scan++;
            else seen.seeks++;
            if (inRange <= cap && inRange > dates.length) seen.scanMorePointsThanDates++;
            if (points.length > 0 && dates[0]! < points[0]!.date) seen.beforeAnyPoint++;
            if (dates[0]! < validFrom) seen.beforeScopeExists++;
            if (mergerDates.some((date) => dates[0]! < date && date <= dates.at(-1)!)) seen.acrossMerger++;
          }
        },
      ),
      { numRuns: 150, seed: 13 },
    );
    expect(seen).toEqual({
      scan: expect.toSatisfy((n: number) => n > 20),
      seeks: expect.toSatisfy((n: number) => n > 20),
      scanMorePointsThanDates: expect.toSatisfy((n: number) => n > 5),
      beforeAnyPoint: expect.toSatisfy((n: number) => n > 5),
      beforeScopeExists: expect.toSatisfy((n: number) => n > 5),
      acrossMerger: expect.toSatisfy((n: number) => n > 10),
    });
  }, 600_000);

  it("is the one-date report's own seek at each date of the subdistrict's series, across its mergers", async () => {
    // Daily around a merger and yearly (both read by the range scan), monthly by the seeks.
    const subdistrict = model.places.find((place) => place.kind === "SUBDISTRICT")!.code;
    const date = mergerDates[0]!;
    for (const [from, step, cap] of [[addDays(date, -45), "DAY", undefined], ["2000-01-01", "YEAR", undefined], ["2000-01-01", "MONTH", -1]] as const) {
      const dates = seriesDates(from, step === "DAY" ? addDays(date, 45) : "2026-01-01", step);
      const points = answer((await db.read(coverageRollupSeries(subdistrict, dates, cap === undefined ? {} : { cap })))[0]);
      expect(points.map(([at]) => at)).toEqual(dates);
      for (const [at, exists, v] of points) {
        const [report] = await db.read(coverageRollupByChild(subdistrict, at, { scope: [], child: [] }));
        expect({ at, exists, v }).toEqual({ at, exists: report !== undefined, v: report === undefined ? v : (report.v ?? null) });
      }
    }
  }, 600_000);
});
