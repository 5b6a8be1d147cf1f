import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { SERIES_STEPS, seriesDates } from "../../src/coverage/series.js";
import { PROJECT_ROOT } from "../../src/database/index.js";
import { generateModel, REFERENCE_DATE } from "../../src/generator/index.js";
import { importGenerated } from "../../src/generator/import.js";
import type { Hub } from "../../src/server/hub.js";
import { importSeed } from "../../src/seeding/index.js";
import { countQueries, resetGraph } from "../support/graph.js";
import { postGraphql, startTestHub } from "../support/hub.js";

/**
 * coverageSeries against the single-date coverage report, point by point: every point of the
 * series must equal coverage(place, asOf: point).totals, on the Longhutang seed across its
 * 2020-07-01 merger and on a generated subdistrict across its mergers.
 */
type Rate = { covered: number; total: number; rate: number | null };
type Totals = { compoundsWithBranch: Rate; buildingsWithGroup: Rate; communitiesWithOrganisation: Rate };
type Point = Totals & { asOf: string; exists: boolean };

const RATES = "compoundsWithBranch { covered total rate } buildingsWithGroup { covered total rate } communitiesWithOrganisation { covered total rate }";
const SERIES = `query($scope: String!, $from: LocalDate!, $to: LocalDate!, $every: SeriesStep) {
  coverageSeries(place: $scope, from: $from, to: $to, every: $every) { place every points { asOf exists ${RATES} } } }`;
const SINGLE = `query($scope: String!, $asOf: LocalDate) { coverage(place: $scope, asOf: $asOf) { totals { ${RATES} } } }`;
const EMPTY: Totals = {
  compoundsWithBranch: { covered: 0, total: 0, rate: null },
  buildingsWithGroup: { covered: 0, total: 0, rate: null },
  communitiesWithOrganisation: { covered: 0, total: 0, rate: null },
};

describe("seriesDates", () => {
  it("steps by month on the same day, clamped to the month's end", () => {
    expect(seriesDates("2020-01-31", "2020-05-01", "MONTH")).toEqual(["2020-01-31", "2020-02-29", "2020-03-31", "2020-04-30"]);
    expect(seriesDates("2016-02-29", "2020-02-29", "YEAR")).toEqual(["2016-02-29", "2017-02-28", "2018-02-28", "2019-02-28", "2020-02-29"]);
    expect(seriesDates("2020-01-01", "2020-01-15", "WEEK")).toEqual(["2020-01-01", "2020-01-08", "2020-01-15"]);
    expect(seriesDates("2020-01-01", "2020-12-31", "QUARTER")).toEqual(["2020-01-01", "2020-04-01", "2020-07-01", "2020-10-01"]);
    expect(seriesDates("2016-01-01", "2025-12-31", "MONTH")).toHaveLength(120);
  });

  it("steps as the calendar does (against Date arithmetic), for any start and step", () => {
    const reference = (from: string, step: string, k: number): string => {
      const [year, month, day] = from.split("-").map(Number) as [number, number, number];
      const months = { MONTH: 1, QUARTER: 3, YEAR: 12 }[step];
      if (months === undefined) return new Date(Date.UTC(year, month - 1, day + k * (step === "WEEK" ? 7 : 1))).toISOString().slice(0, 10);
      const first = new Date(Date.UTC(year, month - 1 + k * months, 1));
      const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
      return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(day, last))).toISOString().slice(0, 10);
    };
    fc.assert(
      fc.property(fc.date({ min: new Date("1990-01-01"), max: new Date("2040-12-31"), noInvalidDate: true }), fc.constantFrom(...SERIES_STEPS), fc.integer({ min: 0, max: 900 }), (start, step, steps) => {
        const from = start.toISOString().slice(0, 10);
        const days = { DAY: 1, WEEK: 7, MONTH: 30, QUARTER: 91, YEAR: 365 }[step];
        const to = new Date(start.getTime() + steps * days * 86_400_000).toISOString().slice(0, 10);
        const dates = seriesDates(from, to, step);
        expect(dates).toEqual(dates.map((_, k) => reference(from, step, k)));
        expect(reference(from, step, dates.length) > to).toBe(true);
      }),
      { numRuns: 500, seed: 13 },
    );
  });

  it("refuses a reversed span and more than 1 000 points", () => {
    expect(() => seriesDates("2020-02-01", "2020-01-01", "DAY")).toThrow(/must not be before/);
    expect(() => seriesDates("2000-01-01", "2020-01-01", "DAY")).toThrow(/at most 1000 points/);
  });
});

describe("coverageSeries", () => {
  let hub: Hub;

  async function series(scope: string, from: string, to: string, every: string): Promise<Point[]> {
    const response = await postGraphql<{ coverageSeries: { points: Point[] } }>(hub.url, SERIES, { scope, from, to, every });
    expect(response.errors).toBeUndefined();
    return response.data!.coverageSeries.points;
  }

  /** Every point equals the single-date report's totals (or 0 of 0 where the scope does not exist). */
  async function expectAgreesPointByPoint(scope: string, points: Point[]): Promise<number> {
    let existing = 0;
    for (const point of points) {
      const response = await postGraphql<{ coverage: { totals: Totals } }>(hub.url, SINGLE, { scope, asOf: point.asOf });
      const { asOf, exists, ...figures } = point;
      if (response.errors?.[0]?.extensions?.code === "NOT_FOUND") {
        expect({ asOf, exists, figures }).toEqual({ asOf, exists: false, figures: EMPTY });
        continue;
      }
      expect(response.errors).toBeUndefined();
      expect({ asOf, exists, figures }).toEqual({ asOf, exists: true, figures: response.data!.coverage.totals });
      existing++;
    }
    return existing;
  }

  beforeAll(async () => {
    hub = await startTestHub({ NEO4J_TX_TIMEOUT_MS: "600000" });
  });
  afterAll(() => hub.stop());

  describe("on the Longhutang seed", () => {
    beforeAll(async () => {
      await resetGraph(hub.db);
      await importSeed(hub.db, join(PROJECT_ROOT, "seeds", "longhutang"));
    });

    it("agrees with coverage(asOf) at every monthly point across the 2020-07-01 merger, in one statement", async () => {
      const { result: points, queries } = await countQueries(hub.db, () => series("LHT", "2018-07-01", "2026-11-28", "MONTH"));
      expect(queries.map((query) => query.name)).toEqual(["coverage.rollupSeries"]);
      expect(points).toHaveLength(101);
      expect(points.find((point) => point.asOf === "2020-07-01")).toBeDefined();
      expect(await expectAgreesPointByPoint("LHT", points)).toBe(101);
      // The merger moves the figures: 2020-06-30 and 2020-07-01 differ.
      const [before, after] = await Promise.all([series("LHT", "2020-06-30", "2020-06-30", "DAY"), series("LHT", "2020-07-01", "2020-07-01", "DAY")]);
      expect(before[0]!.communitiesWithOrganisation).not.toEqual(after[0]!.communitiesWithOrganisation);
    });

    it("marks the dates before a community existed, and agrees after", async () => {
      const points = await series("LHT-C1", "2020-05-01", "2021-01-01", "MONTH");
      expect(points.map((point) => point.exists)).toEqual([false, false, true, true, true, true, true, true, true]);
      expect(await expectAgreesPointByPoint("LHT-C1", points)).toBe(7);
    });

    it("refuses an unknown scope and bad spans with stable codes", async () => {
      const unknown = await postGraphql(hub.url, SERIES, { scope: "NOPE", from: "2020-01-01", to: "2020-02-01" });
      expect(unknown.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      const reversed = await postGraphql(hub.url, SERIES, { scope: "LHT", from: "2020-02-01", to: "2020-01-01" });
      expect(reversed.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      const tooMany = await postGraphql(hub.url, SERIES, { scope: "LHT", from: "2000-01-01", to: "2026-01-01", every: "DAY" });
      expect(tooMany.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    });
  });

  describe("on a generated subdistrict (seed 7)", () => {
    const seed = 7;
    beforeAll(async () => {
      await resetGraph(hub.db);
      await importGenerated(hub.db, { seed, subdistricts: 1 });
    });

    it("agrees with coverage(asOf) at every quarterly point, for the subdistrict and a merged community", async () => {
      const model = generateModel({ seed, subdistricts: 1 });
      const subdistrict = model.places.find((place) => place.kind === "SUBDISTRICT")!;
      const merged = model.events.find((event) => event.kind === "MERGER")!;
      const community = model.places.find((place) => place.kind === "COMMUNITY" && merged.results.includes(place.code))!;
      const points = await series(subdistrict.code, "2008-01-01", REFERENCE_DATE, "QUARTER");
      expect(points.length).toBeGreaterThan(70);
      expect(await expectAgreesPointByPoint(subdistrict.code, points)).toBe(points.length);
      const around = await series(community.code, `${Number(merged.date.slice(0, 4)) - 2}-01-01`, REFERENCE_DATE, "QUARTER");
      expect(around.some((point) => !point.exists)).toBe(true);
      expect(await expectAgreesPointByPoint(community.code, around)).toBeGreaterThan(0);
    });
  });
});
