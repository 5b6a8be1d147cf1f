// The analytics modules declare GraphQL types: the decorator metadata polyfill must load first.
import "reflect-metadata";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { integrityReports } from "../../src/integrity/index.js";
import { dualLeadershipQuery, misalignedLeadershipQuery, ruleBreachesQuery } from "../../src/integrity/integrity.queries.js";
import type { Hub } from "../../src/server/hub.js";
import { analyticsClient, expectWithinBudget, LONGHUTANG, loadSeed, reportTable } from "../support/analytics.js";
import { countQueries } from "../support/graph.js";
import { startTestHub } from "../support/hub.js";

const NETWORK = join(fileURLToPath(new URL(".", import.meta.url)), "fixtures", "network");

const DUAL = `query($scope: String, $asOf: LocalDate) { dualLeadership(scope: $scope, asOf: $asOf) {
  asOf scope count items { organisation { code } territorialLeader { code } territorialSince ownSystemLeader { code } ownSystemSince } } }`;
const MISALIGNED = `query($scope: String, $asOf: LocalDate) { misalignedLeadership(scope: $scope, asOf: $asOf) {
  count movedAtEvent items { organisation { code } place { code } leader { code } leaderPlaces { code } reason explanation
    movedPlace { code } formerParent { code name } movedOn eventCode eventKind } } }`;
const BREACHES = `query($scope: String, $asOf: LocalDate) { ruleBreaches(scope: $scope, asOf: $asOf) {
  count byRule { rule count } items { rule organisation { code } measured threshold explanation } } }`;

type Dual = { dualLeadership: { count: number; items: { organisation: { code: string }; territorialLeader: { code: string }; territorialSince: string; ownSystemLeader: { code: string }; ownSystemSince: string }[] } };
type Misaligned = {
  misalignedLeadership: {
    count: number;
    movedAtEvent: number;
    items: { organisation: { code: string }; place: { code: string }; leader: { code: string }; leaderPlaces: { code: string }[]; reason: string; explanation: string; movedPlace: { code: string } | null; formerParent: { code: string; name: string } | null; movedOn: string | null; eventCode: string | null; eventKind: string | null }[];
  };
};
type Breaches = { ruleBreaches: { count: number; byRule: { rule: string; count: number }[]; items: { rule: string; organisation: { code: string }; measured: number; threshold: number; explanation: string }[] } };

describe("integrity analytics", () => {
  let hub: Hub;
  const { send, ask } = analyticsClient(() => hub);
  const dual = async (asOf: string, scope: string | null = null) =>
    (await ask<Dual>(DUAL, { asOf, scope })).dualLeadership.items.map((item) => [item.organisation.code, item.territorialLeader.code, item.territorialSince, item.ownSystemLeader.code, item.ownSystemSince]);
  const misaligned = async (asOf: string, scope: string | null = null) => (await ask<Misaligned>(MISALIGNED, { asOf, scope })).misalignedLeadership;
  const breaches = async (asOf: string, scope: string | null = null) =>
    (await ask<Breaches>(BREACHES, { asOf, scope })).ruleBreaches.items.map((item) => [item.rule, item.organisation.code, item.measured, item.threshold]);

  beforeAll(async () => {
    // Planning a statement the first time takes seconds on a busy machine; the hub's 15 s limit is for warm requests.
    hub = await startTestHub({ NEO4J_TX_TIMEOUT_MS: "60000" });
  });
  afterAll(() => hub.stop());

  /**
   * test/integrity/fixtures/network: villages V1, V2 merge into C1 and V3 into C2 on 2020-07-01.
   * R1 (of V1) goes to C1, R2 (also of V1) to C2, yet R2-BR is re-led by C1-GB with the rest of
   * V1's branches. R3 moves from C2 to C1 on 2023-01-01 with no event while C2-GB keeps leading
   * R3-BR. R4-BR, at R4 in C1, is led by C2-GB from the start. PS-BR has two lines throughout;
   * TAX-BR loses its own-system line on 2022-01-01. R1-BR has 7 members and no committee, R2-BR 6;
   * JBR covers 6 units until 2022-06-01, then 5.
   */
  describe("on a small hand-built network", () => {
    beforeAll(async () => {
      await loadSeed(NETWORK);
    });

    it("lists dual leadership with both leaders, only while both lines hold, within a scope", async () => {
      expect(await dual("2019-01-01")).toEqual([
        ["PS-BR", "V1-GB", "2005-01-01", "PSB-PC", "2005-01-01"],
        ["TAX-BR", "V3-GB", "2015-01-01", "TAX-PC", "2015-01-01"],
      ]);
      expect(await dual("2021-12-31")).toEqual([
        ["PS-BR", "C1-GB", "2020-07-01", "PSB-PC", "2005-01-01"],
        ["TAX-BR", "C2-GB", "2020-07-01", "TAX-PC", "2015-01-01"],
      ]);
      // TAX-BR's own-system link ends on 2022-01-01 (exclusive); HOS-BR has one line only.
      expect(await dual("2022-01-01")).toEqual([["PS-BR", "C1-GB", "2020-07-01", "PSB-PC", "2005-01-01"]]);
      expect(await dual("2021-06-01", "C2")).toEqual([["TAX-BR", "C2-GB", "2020-07-01", "TAX-PC", "2015-01-01"]]);
      expect(await dual("2021-06-01", "C1")).toEqual([["PS-BR", "C1-GB", "2020-07-01", "PSB-PC", "2005-01-01"]]);
      expect(await dual("2004-12-31")).toEqual([]);
    });

    it("finds organisations outside their leader's places and says why: a merger, a move, or a leader elsewhere", async () => {
      expect((await misaligned("2020-06-30")).count).toBe(0);

      const mergerDay = await misaligned("2020-07-01");
      expect(mergerDay.count).toBe(1);
      expect(mergerDay.movedAtEvent).toBe(1);
      expect(mergerDay.items[0]).toMatchObject({
        organisation: { code: "R2-BR" },
        place: { code: "R2" },
        leader: { code: "C1-GB" },
        leaderPlaces: [{ code: "C1" }],
        reason: "PLACE_MOVED_AT_EVENT",
        movedPlace: { code: "R2" },
        // The village is gone on 2020-07-01; it is shown on its last day as R2's parent.
        formerParent: { code: "V1", name: "東村村委" },
        movedOn: "2020-07-01",
        // Both events of that day name a place of the move (V1 in EV-M1, C2 in EV-M2): the first by code.
        eventCode: "EV-M1",
        eventKind: "MERGER",
      });
      expect(mergerDay.items[0]!.explanation).toBe("R2-BR is built at R2, outside the places of its territorial leader C1-GB: R2 left V1 on 2020-07-01 at MERGER EV-M1 while the leader stayed.");

      const later = await misaligned("2023-01-01");
      expect(later.items.map((item) => [item.organisation.code, item.place.code, item.leader.code, item.reason, item.movedPlace?.code ?? null, item.formerParent?.code ?? null, item.movedOn, item.eventCode])).toEqual([
        ["R2-BR", "R2", "C1-GB", "PLACE_MOVED_AT_EVENT", "R2", "V1", "2020-07-01", "EV-M1"],
        ["R3-BR", "R3", "C2-GB", "PLACE_MOVED", "R3", "C2", "2023-01-01", null],
        ["R4-BR", "R4", "C2-GB", "LEADER_ELSEWHERE", null, null, null, null],
      ]);
      expect([later.count, later.movedAtEvent]).toEqual([3, 1]);
      // The day before R3 moves it is still aligned.
      expect((await misaligned("2022-12-31")).items.map((item) => item.organisation.code)).toEqual(["R2-BR", "R4-BR"]);
      // Scope: organisations built (then) inside the scope place.
      expect((await misaligned("2023-01-01", "C1")).items.map((item) => item.organisation.code)).toEqual(["R3-BR", "R4-BR"]);
      expect((await misaligned("2023-01-01", "C2")).items.map((item) => item.organisation.code)).toEqual(["R2-BR"]);
    });

    it("reports rule breaches at the thresholds, as of the date", async () => {
      // 7 formal members without a committee breaks the rule; R2-BR's 6 do not.
      expect(await breaches("2020-06-30")).toEqual([["BRANCH_COMMITTEE", "R1-BR", 7, 7]]);
      expect(await breaches("2022-05-31")).toEqual([
        ["BRANCH_COMMITTEE", "R1-BR", 7, 7],
        ["JOINT_BRANCH_SIZE", "JBR", 6, 5],
      ]);
      // NE-6 leaves on 2022-06-01: 5 units is within the rule.
      expect(await breaches("2022-06-01")).toEqual([["BRANCH_COMMITTEE", "R1-BR", 7, 7]]);
      expect(await breaches("2022-05-31", "C2")).toEqual([]);
      const report = (await ask<Breaches>(BREACHES, { asOf: "2022-05-31" })).ruleBreaches;
      expect(report.count).toBe(2);
      expect(report.byRule).toEqual([
        { rule: "BRANCH_COMMITTEE", count: 1 },
        { rule: "JOINT_BRANCH_SIZE", count: 1 },
        { rule: "GROUP_PLACE", count: 0 },
        { rule: "GROUP_LEADER", count: 0 },
      ]);
      expect(report.items[1]!.explanation).toBe("covers 6 units; a joint branch covers at most 5.");
    });

    it("answers each report with one Cypher query (after the scope's look-up, which tells NOT_FOUND apart)", async () => {
      for (const query of [DUAL, MISALIGNED, BREACHES]) {
        const { queries } = await countQueries(hub.db, () => ask(query, { asOf: "2023-01-01", scope: "C1" }));
        const names = queries.map((event) => event.name);
        expect(names.filter((name) => name === "entity.byCode.Place")).toHaveLength(1);
        expect(names.filter((name) => name !== "entity.byCode.Place")).toHaveLength(1);
      }
    });

    it("gives viewers the counts and analysts the lists", async () => {
      const counts = await ask<{ dualLeadership: { count: number }; ruleBreaches: { count: number; byRule: unknown[] }; misalignedLeadership: { count: number } }>(
        `{ dualLeadership(asOf: "2023-01-01") { count } misalignedLeadership(asOf: "2023-01-01") { count } ruleBreaches(asOf: "2023-01-01") { count byRule { rule count } } }`,
        {},
        "viewer",
      );
      expect([counts.dualLeadership.count, counts.misalignedLeadership.count, counts.ruleBreaches.count]).toEqual([1, 3, 1]);
      for (const field of ["dualLeadership", "misalignedLeadership", "ruleBreaches"]) {
        const denied = await send(`{ ${field}(asOf: "2023-01-01") { items { organisation { code } } } }`, {}, "viewer");
        expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      }
    });

    it("exports the same rows as CSV tables, for analysts", async () => {
      const table = await reportTable(integrityReports["misaligned-leadership"], hub.db, { asOf: "2023-01-01", scope: "C1" });
      expect(table.columns.slice(0, 4)).toEqual(["organisation", "organisation name", "place", "place name"]);
      expect(table.rows.map((row) => [row[0], row[4], row[7]])).toEqual([
        ["R3-BR", "C2-GB", "PLACE_MOVED"],
        ["R4-BR", "C2-GB", "LEADER_ELSEWHERE"],
      ]);
      const dualTable = await reportTable(integrityReports["dual-leadership"], hub.db, { asOf: "2021-06-01" });
      expect(dualTable.rows.map((row) => [row[0], row[2], row[5]])).toEqual([
        ["PS-BR", "C1-GB", "PSB-PC"],
        ["TAX-BR", "C2-GB", "TAX-PC"],
      ]);
      const breachTable = await reportTable(integrityReports["rule-breaches"], hub.db, { asOf: "2022-05-31" });
      expect(breachTable.rows.map((row) => [row[0], row[1], row[3], row[4]])).toEqual([
        ["BRANCH_COMMITTEE", "R1-BR", 7, 7],
        ["JOINT_BRANCH_SIZE", "JBR", 6, 5],
      ]);
      await expect(reportTable(integrityReports["rule-breaches"], hub.db, {}, "viewer")).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(reportTable(integrityReports["rule-breaches"], hub.db, { asOf: "2022-13-01" })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    });

    it("catches group breaches that only legacy data can hold (the writes and the seed validator refuse them)", async () => {
      // Written straight into the graph, as an old import might have left them.
      await hub.db.write({
        name: "test.legacyGroups",
        cypher: `
          MATCH (g1:Organisation {code: 'R4-B1-GR'})-[b:BUILT_AT]->(), (r4:Place {code: 'R4'})
          CREATE (g1)-[:BUILT_AT {validFrom: b.validFrom}]->(r4) DELETE b
          WITH 1 AS done
          MATCH (g2:Organisation {code: 'R4-B2-GR'})-[l:LED_BY]->(), (gb:Organisation {code: 'C1-GB'})
          CREATE (g2)-[:LED_BY {validFrom: l.validFrom, line: 'TERRITORIAL'}]->(gb) DELETE l`,
      });
      try {
        expect(await breaches("2022-06-01")).toEqual([
          ["BRANCH_COMMITTEE", "R1-BR", 7, 7],
          ["GROUP_LEADER", "R4-B2-GR", 0, 1],
          ["GROUP_PLACE", "R4-B1-GR", 0, 1],
        ]);
        expect(await breaches("2022-06-01", "R4")).toEqual([
          ["GROUP_LEADER", "R4-B2-GR", 0, 1],
          ["GROUP_PLACE", "R4-B1-GR", 0, 1],
        ]);
      } finally {
        await loadSeed(NETWORK);
      }
    });
  });

  /** seeds/longhutang/EXPECTED.md, section 5, at the three dates it gives. */
  describe("on the Longhutang seed", () => {
    beforeAll(async () => {
      await loadSeed(LONGHUTANG);
    });

    it.each([
      ["2020-06-30", "LHT-OT-GB", "LHT-WC"],
      ["2020-07-01", "LHT-C1-GB", "LHT-C2-GB"],
      ["2026-11-28", "LHT-C1-GB", "LHT-C2-GB"],
    ])("has the police station and the tax office under dual leadership on %s", async (asOf, policeTerritorial, taxTerritorial) => {
      expect((await dual(asOf)).map((row) => row.slice(0, 2).concat(row[3]!))).toEqual([
        ["LHT-U-PS-BR", policeTerritorial, "XB-PSB-PC"],
        ["LHT-U-TAX-BR", taxTerritorial, "XB-TAX-PC"],
      ]);
    });

    it.each(["2020-06-30", "2020-07-01", "2026-11-28"])("has no leader place mismatch on %s", async (asOf) => {
      expect((await misaligned(asOf)).count).toBe(0);
    });

    it("has the two deliberate breaches: LHT-C2-R01-BR always, LHT-C1-JBR from 2021-01-01", async () => {
      expect(await breaches("2020-06-30")).toEqual([["BRANCH_COMMITTEE", "LHT-C2-R01-BR", 9, 7]]);
      expect(await breaches("2020-07-01")).toEqual([["BRANCH_COMMITTEE", "LHT-C2-R01-BR", 9, 7]]);
      expect(await breaches("2026-11-28")).toEqual([
        ["BRANCH_COMMITTEE", "LHT-C2-R01-BR", 9, 7],
        ["JOINT_BRANCH_SIZE", "LHT-C1-JBR", 6, 5],
      ]);
      expect(await breaches("2026-11-28", "LHT-C1")).toEqual([["JOINT_BRANCH_SIZE", "LHT-C1-JBR", 6, 5]]);
    });

    /**
     * PROFILE db hits measured on the Longhutang seed (docs/ANALYTICS.md). The bound is twice the
     * measured figure: a plan that starts scanning far more of the graph fails here.
     */
    it.each([
      ["dualLeadership", dualLeadershipQuery({ scope: null, asOf: "2026-11-28" }), 1_700],
      ["dualLeadership in LHT-C1", dualLeadershipQuery({ scope: "LHT-C1", asOf: "2026-11-28" }), 1_720],
      ["misalignedLeadership", misalignedLeadershipQuery({ scope: null, asOf: "2026-11-28" }), 4_040],
      ["misalignedLeadership in LHT-C1", misalignedLeadershipQuery({ scope: "LHT-C1", asOf: "2026-11-28" }), 2_940],
      ["ruleBreaches", ruleBreachesQuery({ scope: null, asOf: "2026-11-28" }), 1_450],
      ["ruleBreaches in LHT-C1", ruleBreachesQuery({ scope: "LHT-C1", asOf: "2026-11-28" }), 1_470],
    ])("keeps %s within its db-hit budget", (name, query, measured) => expectWithinBudget(hub.db, name, query, measured));
  });
});
