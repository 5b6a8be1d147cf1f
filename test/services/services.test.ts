// The analytics modules declare GraphQL types: the decorator metadata polyfill must load first.
import "reflect-metadata";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hub } from "../../src/server/hub.js";
import { servicesReports } from "../../src/services/index.js";
import { pairingSummaryQuery, volunteerTeamSummaryQuery } from "../../src/services/services.queries.js";
import { analyticsClient, expectWithinBudget, LONGHUTANG, loadSeed, reportTable, type Caller } from "../support/analytics.js";
import { countQueries } from "../support/graph.js";
import { startTestHub } from "../support/hub.js";

const SERVICES_FIXTURE = join(fileURLToPath(new URL(".", import.meta.url)), "fixtures", "services");

const TEAMS = `query($scope: String, $asOf: LocalDate) { volunteerTeamSummary(scope: $scope, asOf: $asOf) {
  asOf scope teams members byFocus { focus teams members }
  byOrganisation { organisation { code } teams members byFocus { focus teams members } } } }`;
const PAIRINGS = `query($scope: String, $asOf: LocalDate) { pairingSummary(scope: $scope, asOf: $asOf) {
  pairings byKind { kind pairings } byHelper { organisation { code } pairings byKind { kind pairings } } } }`;
const UNPAIRED = `query($scope: String, $asOf: LocalDate, $first: Int, $after: String) { unpairedBeneficiaries(scope: $scope, asOf: $asOf, first: $first, after: $after) {
  totalCount edges { node { code kind livesIn { code } } } pageInfo { hasNextPage endCursor } } }`;

interface Tally {
  focus: string;
  teams: number;
  members: number;
}
interface Teams {
  teams: number;
  members: number;
  byFocus: Tally[];
  byOrganisation: { organisation: { code: string }; teams: number; members: number; byFocus: Tally[] }[];
}
interface Pairings {
  pairings: number;
  byKind: { kind: string; pairings: number }[];
  byHelper: { organisation: { code: string } | null; pairings: number; byKind: { kind: string; pairings: number }[] }[];
}
interface Unpaired {
  totalCount: number;
  edges: { node: { code: string; kind: string; livesIn: { code: string } | null } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Per focus in the order POVERTY, STUDENTS, ELDERLY, EMPLOYMENT: [teams, members]. */
const focuses = (tallies: Tally[]) => tallies.map((tally) => [tally.focus, tally.teams, tally.members]);
/** Per kind in the order HOUSEHOLD, STUDENT, YOUNG_PERSON. */
const kinds = (tallies: { kind: string; pairings: number }[]) => tallies.map((tally) => tally.pairings);

describe("services analytics", () => {
  let hub: Hub;
  const { send, ask } = analyticsClient(() => hub);
  const teams = async (asOf: string, scope: string | null = null) => (await ask<{ volunteerTeamSummary: Teams }>(TEAMS, { asOf, scope })).volunteerTeamSummary;
  const pairings = async (asOf: string, scope: string | null = null) => (await ask<{ pairingSummary: Pairings }>(PAIRINGS, { asOf, scope })).pairingSummary;
  const unpaired = async (variables: Record<string, unknown>, as: Caller) => (await ask<{ unpairedBeneficiaries: Unpaired }>(UNPAIRED, variables, as)).unpairedBeneficiaries;

  beforeAll(async () => {
    // Planning a statement the first time takes seconds on a busy machine; the hub's 15 s limit is for warm requests.
    // Counting is tested here with disclosure control off (threshold 1); test/e2e/leak-scan.test.ts tests suppression.
    hub = await startTestHub({ NEO4J_TX_TIMEOUT_MS: "60000", HUB_DISCLOSURE_THRESHOLD: "1" });
  });
  afterAll(() => hub.stop());

  /**
   * test/services/fixtures/services. Teams: T1 POVERTY 10 (C1-GB); T2 POVERTY+ELDERLY 6 (R1-BR);
   * T3 STUDENTS 8 organised by both C2-GB and R2-BR; T4 no focus 5 (C2-GB); T5 EMPLOYMENT 4
   * (C1-GB) ended 2022-01-01; T6 ELDERLY 7, C1-GB's until 2023-01-01 then R1-BR's.
   * Pairings valid on 2022-06-01: P1, P7 (HOUSEHOLD, C1-GB, both for B1), P2 (HOUSEHOLD, member
   * M1), P3 (STUDENT, R1-BR, until 2022-07-01), P4 (YOUNG_PERSON, C2-GB), P5 (STUDENT, member M2);
   * P6 ended 2022-01-01. B1–B3 and B7 live in C1, B4–B6 in C2; B8 arrives 2023-01-01.
   */
  describe("on a small hand-built network", () => {
    beforeAll(async () => {
      await loadSeed(SERVICES_FIXTURE);
    });

    it("counts volunteer teams per organisation and per focus, a multi-focus team under each focus and once in the totals", async () => {
      const summary = await teams("2022-06-01");
      // T1, T2, T3, T4, T6: 10 + 6 + 8 + 5 + 7 members; T5 has ended.
      expect([summary.teams, summary.members]).toEqual([5, 36]);
      expect(focuses(summary.byFocus)).toEqual([
        ["POVERTY", 2, 16],
        ["STUDENTS", 1, 8],
        ["ELDERLY", 2, 13],
        ["EMPLOYMENT", 0, 0],
      ]);
      expect(summary.byOrganisation.map((group) => [group.organisation.code, group.teams, group.members, group.byFocus.map((tally) => tally.teams)])).toEqual([
        ["C1-GB", 2, 17, [1, 0, 1, 0]],
        ["C2-GB", 2, 13, [0, 1, 0, 0]],
        ["R1-BR", 1, 6, [1, 0, 1, 0]],
        ["R2-BR", 1, 8, [0, 1, 0, 0]],
      ]);
      // T6 changes hands on 2023-01-01.
      const later = await teams("2023-06-01");
      expect(later.byOrganisation.map((group) => [group.organisation.code, group.teams, group.members])).toEqual([
        ["C1-GB", 1, 10],
        ["C2-GB", 2, 13],
        ["R1-BR", 2, 13],
        ["R2-BR", 1, 8],
      ]);
      expect((await teams("2020-12-31")).teams).toBe(0);
    });

    it("puts a team in a scope when its organiser is built there", async () => {
      const c1 = await teams("2022-06-01", "C1");
      expect([c1.teams, c1.members, focuses(c1.byFocus)]).toEqual([
        3,
        23,
        [
          ["POVERTY", 2, 16],
          ["STUDENTS", 0, 0],
          ["ELDERLY", 2, 13],
          ["EMPLOYMENT", 0, 0],
        ],
      ]);
      // T3 has both its organisers in C2 and counts once.
      const c2 = await teams("2022-06-01", "C2");
      expect([c2.teams, c2.members]).toEqual([2, 13]);
    });

    it("counts pairings by helper organisation and kind, members' pairings together and unnamed", async () => {
      const summary = await pairings("2022-06-01");
      expect(summary.pairings).toBe(6);
      expect(kinds(summary.byKind)).toEqual([3, 2, 1]);
      expect(summary.byHelper.map((group) => [group.organisation?.code ?? null, group.pairings, kinds(group.byKind)])).toEqual([
        ["C1-GB", 2, [2, 0, 0]],
        ["C2-GB", 1, [0, 0, 1]],
        ["R1-BR", 1, [0, 1, 0]],
        [null, 2, [1, 1, 0]],
      ]);
      const c1 = await pairings("2022-06-01", "C1");
      expect([c1.pairings, kinds(c1.byKind)]).toEqual([4, [3, 1, 0]]);
      expect((await pairings("2022-06-01", "C2")).pairings).toBe(2);
      // P3 ends on 2022-07-01 (exclusive).
      expect((await pairings("2022-07-01")).pairings).toBe(5);
    });

    it("lists unpaired beneficiaries to a steward in scope or an admin, and refuses everyone else", async () => {
      const all = await unpaired({ asOf: "2022-06-01" }, "admin");
      expect(all.edges.map((edge) => [edge.node.code, edge.node.livesIn?.code])).toEqual([
        ["B6", "R2-B1"],
        ["B7", "R1-B2"],
      ]);
      const steward = { role: "steward", scope: ["C1"] } as const;
      expect((await unpaired({ asOf: "2022-06-01", scope: "C1" }, steward)).edges.map((edge) => edge.node.code)).toEqual(["B7"]);
      // A year later P3 has ended and B8 has arrived.
      const page = await unpaired({ asOf: "2023-06-01", first: 2 }, "admin");
      expect([page.totalCount, page.edges.map((edge) => edge.node.code), page.pageInfo.hasNextPage]).toEqual([4, ["B3", "B6"], true]);
      const next = await unpaired({ asOf: "2023-06-01", first: 2, after: page.pageInfo.endCursor }, "admin");
      expect([next.edges.map((edge) => edge.node.code), next.pageInfo.hasNextPage]).toEqual([["B7", "B8"], false]);
      for (const [as, scope] of [
        [steward, "C2"],
        [steward, null],
        ["analyst", "C1"],
        ["viewer", "C1"],
      ] as const) {
        const denied = await send(UNPAIRED, { asOf: "2022-06-01", scope }, as);
        expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      }
    });

    it("answers each summary with one Cypher query (after the scope's look-up) and gives viewers only the totals", async () => {
      for (const query of [TEAMS, PAIRINGS]) {
        const { queries } = await countQueries(hub.db, () => ask(query, { asOf: "2022-06-01", scope: "C1" }));
        expect(queries.filter((event) => event.name === "entity.byCode.Place")).toHaveLength(1);
        expect(queries.filter((event) => event.name !== "entity.byCode.Place")).toHaveLength(1);
      }
      const totals = await ask<{ volunteerTeamSummary: { teams: number }; pairingSummary: { pairings: number; byKind: unknown[] } }>(
        `{ volunteerTeamSummary(asOf: "2022-06-01") { teams byFocus { focus teams } } pairingSummary(asOf: "2022-06-01") { pairings byKind { kind pairings } } }`,
        {},
        "viewer",
      );
      expect([totals.volunteerTeamSummary.teams, totals.pairingSummary.pairings]).toEqual([5, 6]);
      for (const query of [`{ volunteerTeamSummary { byOrganisation { teams } } }`, `{ pairingSummary { byHelper { pairings } } }`]) {
        const denied = await send(query, {}, "viewer");
        expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      }
    });

    it("exports the same figures as CSV tables", async () => {
      const teamTable = await reportTable(servicesReports["volunteer-team-summary"], hub.db, { asOf: "2022-06-01", scope: "C2" });
      expect(teamTable.rows.filter((row) => row[2] === "ALL")).toEqual([
        ["C2-GB", "西橋社區黨總支", "ALL", 2, 13],
        ["R2-BR", "西橋苑黨支部", "ALL", 1, 8],
        ["ALL", null, "ALL", 2, 13],
      ]);
      const pairingTable = await reportTable(servicesReports["pairing-summary"], hub.db, { asOf: "2022-06-01" }, "admin");
      expect(pairingTable.rows.filter((row) => row[2] === "ALL").map((row) => [row[0], row[3]])).toEqual([
        ["C1-GB", 2],
        ["C2-GB", 1],
        ["R1-BR", 1],
        ["MEMBERS", 2],
        ["ALL", 6],
      ]);
      // An analyst's spreadsheet of the same day, with the default threshold of 5: every count is small.
      const analystTable = await reportTable(servicesReports["pairing-summary"], hub.db, { asOf: "2022-06-01" });
      expect(analystTable.columns).toEqual(["helper", "helper name", "kind", "pairings", "suppressed"]);
      expect(analystTable.rows.filter((row) => row[2] === "ALL").map((row) => [row[0], row[3], row[4]])).toEqual([
        ["C1-GB", null, true],
        ["C2-GB", null, true],
        ["R1-BR", null, true],
        ["MEMBERS", null, true],
        ["ALL", 6, false],
      ]);
      const unpairedTable = await reportTable(servicesReports["unpaired-beneficiaries"], hub.db, { asOf: "2022-06-01" }, "admin");
      expect(unpairedTable.rows).toEqual([
        ["B6", "困難戶六", "HOUSEHOLD", "R2-B1", "西橋苑1幢"],
        ["B7", "學生七", "STUDENT", "R1-B2", "東華苑2幢"],
      ]);
      await expect(reportTable(servicesReports["unpaired-beneficiaries"], hub.db, { asOf: "2022-06-01" }, "analyst")).rejects.toMatchObject({ code: "FORBIDDEN" });
    });
  });

  /** seeds/longhutang/EXPECTED.md, section 3. */
  describe("on the Longhutang seed", () => {
    beforeAll(async () => {
      await loadSeed(LONGHUTANG);
    });

    it.each([
      ["2020-06-30", 0],
      ["2020-07-01", 0],
      ["2022-09-21", 16],
      ["2026-11-28", 16],
    ])("has %s volunteer teams: %i", async (asOf, count) => {
      expect((await teams(asOf)).teams).toBe(count);
    });

    it("counts today's 16 teams by focus and by community of the organiser", async () => {
      const summary = await teams("2026-11-28");
      expect(summary.byFocus.map((tally) => [tally.focus, tally.teams])).toEqual([
        ["POVERTY", 5],
        ["STUDENTS", 4],
        ["ELDERLY", 6],
        ["EMPLOYMENT", 4],
      ]);
      expect((await teams("2026-11-28", "LHT-C1")).teams).toBe(8);
      expect((await teams("2026-11-28", "LHT-C2")).teams).toBe(8);
    });

    it("has the report's paired assistance on 2022-09-21: 77 households, 56 students, 23 young people", async () => {
      const summary = await pairings("2022-09-21");
      expect([summary.pairings, kinds(summary.byKind)]).toEqual([156, [77, 56, 23]]);
      expect(kinds((await pairings("2022-09-21", "LHT-C1")).byKind)).toEqual([40, 28, 12]);
      expect(kinds((await pairings("2022-09-21", "LHT-C2")).byKind)).toEqual([37, 28, 11]);
      const byHelper = new Map(summary.byHelper.map((group) => [group.organisation?.code ?? "MEMBERS", [group.pairings, kinds(group.byKind)]]));
      expect(byHelper.get("LHT-C1-GB")).toEqual([15, [4, 7, 4]]);
      expect(byHelper.get("LHT-C2-GB")).toEqual([18, [5, 9, 4]]);
      expect(byHelper.get("LHT-U-SCH1-BR")).toEqual([7, [0, 7, 0]]);
      expect(byHelper.get("LHT-U-SCH2-BR")).toEqual([10, [0, 10, 0]]);
      expect(byHelper.get("LHT-U-PS-BR")).toEqual([7, [0, 0, 7]]);
      expect(byHelper.get("LHT-C1-R05-BR")).toEqual([3, [3, 0, 0]]);
      expect(byHelper.get("MEMBERS")![0]).toBe(76);
      expect(summary.pairings - 76).toBe(80);
      expect(kinds((await pairings("2026-11-28")).byKind)).toEqual([27, 0, 10]);
    });

    it("leaves the four LHT-BX beneficiaries unpaired on 2022-09-21", async () => {
      expect((await unpaired({ asOf: "2022-09-21" }, "admin")).edges.map((edge) => edge.node.code)).toEqual(["LHT-BX-001", "LHT-BX-002", "LHT-BX-003", "LHT-BX-004"]);
      const c1 = await unpaired({ asOf: "2022-09-21", scope: "LHT-C1" }, { role: "steward", scope: ["LHT-C1"] });
      expect(c1.edges.map((edge) => edge.node.code)).toEqual(["LHT-BX-001", "LHT-BX-004"]);
    });

    /** PROFILE db hits on the Longhutang seed (docs/ANALYTICS.md); the bound is twice the measured figure. */
    it.each([
      ["volunteerTeamSummary", volunteerTeamSummaryQuery({ scope: null, asOf: "2026-11-28" }), 620],
      ["volunteerTeamSummary in LHT-C1", volunteerTeamSummaryQuery({ scope: "LHT-C1", asOf: "2026-11-28" }), 1_480],
      ["pairingSummary", pairingSummaryQuery({ scope: null, asOf: "2022-09-21" }), 1_440],
      ["pairingSummary in LHT-C1", pairingSummaryQuery({ scope: "LHT-C1", asOf: "2022-09-21" }), 2_340],
    ])("keeps %s within its db-hit budget", (name, query, measured) => expectWithinBudget(hub.db, name, query, measured));
  });
});
