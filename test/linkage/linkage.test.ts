// The analytics modules declare GraphQL types: the decorator metadata polyfill must load first.
import "reflect-metadata";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrokenRecords } from "../../src/integrity/broken.service.js";
import { linkageReports } from "../../src/linkage/index.js";
import { councilCompositionQuery, linksQuery, shortestConnectionQuery } from "../../src/linkage/linkage.queries.js";
import type { Hub } from "../../src/server/hub.js";
import { analyticsClient, expectWithinBudget, LONGHUTANG, loadSeed, reportTable, type Caller } from "../support/analytics.js";
import { countQueries } from "../support/graph.js";
import { startTestHub } from "../support/hub.js";

const LINKS_FIXTURE = join(fileURLToPath(new URL(".", import.meta.url)), "fixtures", "links");

const LINK_FIELDS = `kind unit { code } community { code } organisation { code } via { code } count validFrom validTo partTime responsibilities`;
const UNIT_LINKS = `query($code: String!, $asOf: LocalDate) { unitLinks(unit: $code, asOf: $asOf) { ${LINK_FIELDS} } }`;
const COMMUNITY_LINKS = `query($code: String!, $asOf: LocalDate) { communityLinks(community: $code, asOf: $asOf) { ${LINK_FIELDS} } }`;
const COMPOSITION = `query($code: String!, $asOf: LocalDate) { councilComposition(council: $code, asOf: $asOf) {
  council { code name } asOf serves { code } convenedBy { code } seats residentUnitSeats residentUnitShare partTimeSeats partTimeShare
  members { organisation { code } unit { code } unitKind partTime responsibilities validFrom validTo } } }`;
const SHORTEST = `query($from: String!, $to: String!, $maxHops: Int, $asOf: LocalDate) { shortestConnection(from: $from, to: $to, maxHops: $maxHops, asOf: $asOf) {
  length entities { code label name } steps { from { code } relation direction to { code } validFrom validTo } } }`;

interface Link {
  kind: string;
  unit: { code: string };
  community: { code: string };
  organisation: { code: string } | null;
  via: { code: string } | null;
  count: number | null;
  validFrom: string;
  validTo: string | null;
  partTime: boolean | null;
}
interface Composition {
  seats: number;
  residentUnitSeats: number;
  residentUnitShare: number;
  partTimeSeats: number;
  partTimeShare: number;
  serves: { code: string } | null;
  convenedBy: { code: string } | null;
  members: { organisation: { code: string }; unit: { code: string } | null; unitKind: string | null; partTime: boolean; validFrom: string; validTo: string | null }[];
}
interface Path {
  length: number;
  entities: { code: string; label: string; name: string }[];
  steps: { from: { code: string }; relation: string; direction: string; to: { code: string } }[];
}

/** A link as a short tuple: kind, unit, community, organisation, via, count, from, to. */
const brief = (link: Link) => [link.kind, link.unit.code, link.community.code, link.organisation?.code ?? null, link.via?.code ?? null, link.count, link.validFrom, link.validTo];

describe("linkage analytics", () => {
  let hub: Hub;
  const { send, ask } = analyticsClient(() => hub);
  const unitLinks = async (code: string, asOf: string) => (await ask<{ unitLinks: Link[] }>(UNIT_LINKS, { code, asOf })).unitLinks;
  const communityLinks = async (code: string, asOf: string) => (await ask<{ communityLinks: Link[] }>(COMMUNITY_LINKS, { code, asOf })).communityLinks;
  const composition = async (code: string, asOf: string) => (await ask<{ councilComposition: Composition }>(COMPOSITION, { code, asOf })).councilComposition;
  const shortest = async (variables: Record<string, unknown>, as: Caller = "analyst") =>
    (await ask<{ shortestConnection: Path | null }>(SHORTEST, { asOf: "2022-10-01", ...variables }, as)).shortestConnection;

  beforeAll(async () => {
    // Planning a statement the first time takes seconds on a busy machine; the hub's 15 s limit is for warm requests.
    // Counting is tested here with disclosure control off (threshold 1); the suppression of small counts below.
    hub = await startTestHub({ NEO4J_TX_TIMEOUT_MS: "60000", HUB_DISCLOSURE_THRESHOLD: "1" });
  });
  afterAll(() => hub.stop());

  /**
   * test/linkage/fixtures/links: U1 (school, in R1 of C1) with its branch U1-BR; U2 (police, in
   * C1); U3 (hospital, in C2); U4 (bank, in C1, no organisation). Council CN1 serves C1 from
   * 2021-01-01; CN2 serves C2. Members M1, M2 (in service) and M3 (not) work at U1 and registered
   * with C1 (M3's registration planted: the seed format refuses it), M4 (U1) with C2, M5 (U4) with C1, M6 (U2) with C1 until 2022-05-01.
   */
  describe("on a small hand-built network", () => {
    beforeAll(async () => {
      await loadSeed(LINKS_FIXTURE);
      // M3 registered with C1 though not in service: broken data (REGISTRATION_IN_SERVICE, which a
      // seed or a write refuses), planted so the linkage counts are seen to ignore it.
      await hub.db.write({
        name: "test.plantRegistrationOutOfService",
        cypher: "MATCH (m:Member {code: 'M3'}), (c:Place {code: 'C1'}) CREATE (m)-[:REGISTERED_WITH {validFrom: date('2021-05-01')}]->(c)",
      });
      const broken = await findBrokenRecords((query) => hub.db.read(query));
      expect(broken.filter((row) => row.problem === "REGISTRATION_IN_SERVICE").map((row) => row.code)).toEqual(["M3"]);
    });

    it("lists every way a unit is linked, with dates and counts, at a date", async () => {
      expect((await unitLinks("U1", "2022-10-01")).map(brief)).toEqual([
        // First term of its seat on CN1 (2021-01-01..2023-01-01).
        ["COUNCIL_SEAT", "U1", "C1", "U1-BR", "CN1", null, "2021-01-01", "2023-01-01"],
        // AG2 with C2 expired on 2022-03-01.
        ["CO_BUILDING", "U1", "C1", null, "AG1", null, "2021-03-01", null],
        // P1 (until 2023-07-01) and P2 (open) help B1 and B2 in C1; P3 helps B3 in C2. P5's helper is a member.
        ["PAIRING", "U1", "C1", "U1-BR", null, 2, "2022-09-01", null],
        ["PAIRING", "U1", "C2", "U1-BR", null, 1, "2022-01-01", "2022-12-31"],
        // M1 and M2; M3 is not in service.
        ["REGISTRATION", "U1", "C1", null, null, 2, "2021-05-01", null],
        ["REGISTRATION", "U1", "C2", null, null, 1, "2021-05-01", null],
        ["VOLUNTEER_TEAM", "U1", "C1", "U1-BR", "VT1", null, "2021-01-01", null],
      ]);
      const seat = (await unitLinks("U1", "2023-01-01")).find((link) => link.kind === "COUNCIL_SEAT")!;
      expect([seat.validFrom, seat.validTo, seat.partTime]).toEqual(["2023-01-01", null, true]);
      expect((await unitLinks("U4", "2022-10-01")).map(brief)).toEqual([["REGISTRATION", "U4", "C1", null, null, 1, "2021-05-01", null]]);
      expect(await unitLinks("U1", "2020-06-01")).toEqual([]);
    });

    it("lists every unit linked to a community, seen from the community", async () => {
      expect((await communityLinks("C1", "2022-10-01")).map((link) => [link.kind, link.unit.code, link.via?.code ?? link.count])).toEqual([
        // R1-BR's seat is a territorial organisation's, not a unit's: not a unit link.
        ["COUNCIL_SEAT", "U1", "CN1"],
        ["COUNCIL_SEAT", "U2", "CN1"],
        ["COUNCIL_SEAT", "U3", "CN1"],
        ["CO_BUILDING", "U1", "AG1"],
        ["CO_BUILDING", "U3", "AG3"],
        ["PAIRING", "U1", 2],
        ["PAIRING", "U2", 1],
        // M6's registration ended on 2022-05-01.
        ["REGISTRATION", "U1", 2],
        ["REGISTRATION", "U4", 1],
        // VT3 is U3's, and U3 is in C2.
        ["VOLUNTEER_TEAM", "U1", "VT1"],
      ]);
      expect((await communityLinks("C2", "2022-10-01")).map((link) => [link.kind, link.unit.code, link.via?.code ?? link.count])).toEqual([
        ["COUNCIL_SEAT", "U3", "CN2"],
        ["PAIRING", "U1", 1],
        ["REGISTRATION", "U1", 1],
        ["VOLUNTEER_TEAM", "U3", "VT3"],
      ]);
      const missing = await send(UNIT_LINKS, { code: "NOPE", asOf: "2022-10-01" });
      expect(missing.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      const notYet = await send(COMMUNITY_LINKS, { code: "C1", asOf: "1999-12-31" });
      expect(notYet.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    });

    it("reads each link's unit, community and organisation with the fields asked for, as their look-ups answer them", async () => {
      // Shaped by the selection (src/graph/shape.ts): two aliases of one field take the union.
      const UNIT = "code name kind sector formalPartyMembers operating validFrom validTo version nameHistory { name validFrom }";
      const PLACE = "code name kind validFrom";
      const ORGANISATION = "code name kind form formalMembers";
      const asOf = "2022-10-01";
      const query = `query($code: String!, $asOf: LocalDate) { communityLinks(community: $code, asOf: $asOf) {
        kind unit { code } community { code } organisation { code }
        full: unit { ${UNIT} } place: community { ${PLACE} } leader: organisation { ${ORGANISATION} } } }`;
      type Link = { kind: string; unit: { code: string }; full: unknown; place: { code: string }; leader: { code: string } | null };
      const { communityLinks } = await ask<{ communityLinks: Link[] }>(query, { code: "C1", asOf });
      expect(communityLinks.length).toBeGreaterThan(3);
      const lookUp = async (field: string, fields: string, code: string) => ((await ask<Record<string, unknown>>(`query($code: String!, $asOf: LocalDate) { ${field}(code: $code, asOf: $asOf) { ${fields} } }`, { code, asOf }))[field]);
      for (const link of communityLinks) {
        expect(link.full).toEqual(await lookUp("unit", UNIT, link.unit.code));
        expect(link.place).toEqual(await lookUp("place", PLACE, link.place.code));
        if (link.leader) expect(link.leader).toEqual(await lookUp("organisation", ORGANISATION, link.leader.code));
      }
      expect(communityLinks.some((link) => link.leader !== null)).toBe(true);
    });

    it("gives a council's composition with the resident-unit and part-time shares", async () => {
      const mid = await composition("CN1", "2023-06-01");
      expect(mid.members.map((seat) => [seat.organisation.code, seat.unit?.code ?? null, seat.unitKind, seat.partTime, seat.validFrom, seat.validTo])).toEqual([
        ["R1-BR", null, null, false, "2022-01-01", null],
        ["U1-BR", "U1", "RESIDENT_UNIT", true, "2023-01-01", null],
        ["U2-BR", "U2", "DISPATCHED_AGENCY", false, "2021-01-01", null],
        ["U3-BR", "U3", "RESIDENT_UNIT", true, "2021-06-01", "2024-01-01"],
      ]);
      // 2 of 4 seats held by resident units (U1, U3), 2 of 4 part-time.
      expect([mid.seats, mid.residentUnitSeats, mid.residentUnitShare, mid.partTimeSeats, mid.partTimeShare]).toEqual([4, 2, 0.5, 2, 0.5]);
      expect([mid.serves?.code, mid.convenedBy?.code]).toEqual(["C1", "C1-GB"]);
      // U3's term ended on 2024-01-01: 1 of 3 resident, 1 of 3 part-time.
      const late = await composition("CN1", "2024-01-01");
      expect([late.seats, late.residentUnitSeats, late.partTimeSeats]).toEqual([3, 1, 1]);
      expect(late.residentUnitShare).toBeCloseTo(1 / 3, 10);
      expect(late.partTimeShare).toBeCloseTo(1 / 3, 10);
      const before = await send(COMPOSITION, { code: "CN1", asOf: "2020-12-31" });
      expect(before.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    });

    it("finds the shortest connection with the relations and their directions", async () => {
      expect(await shortest({ from: "U4", to: "CN1" })).toEqual({
        length: 2,
        entities: [
          { code: "U4", label: "Unit", name: "銀行" },
          { code: "C1", label: "Place", name: "東華社區" },
          { code: "CN1", label: "Council", name: "東華社區協調議事會" },
        ],
        steps: [
          { from: { code: "U4" }, relation: "LOCATED_IN", direction: "FORWARD", to: { code: "C1" }, validFrom: "2010-01-01", validTo: null },
          { from: { code: "C1" }, relation: "SERVES", direction: "BACKWARD", to: { code: "CN1" }, validFrom: "2021-01-01", validTo: null },
        ],
      });
      // Before the council exists it cannot be an end of a path.
      const early = await send(SHORTEST, { from: "U4", to: "CN1", asOf: "2020-12-31" });
      expect(early.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      expect(await shortest({ from: "U1", to: "U1" })).toMatchObject({ length: 0, entities: [{ code: "U1" }], steps: [] });
    });

    it("keeps members and beneficiaries off the path unless the caller is a steward", async () => {
      // U1 → C2: through M4 (registered with C2) for a steward; four relations otherwise.
      const steward = await shortest({ from: "U1", to: "C2" }, { role: "steward", scope: ["S"] });
      expect(steward).toMatchObject({
        length: 2,
        entities: [{ code: "U1" }, { code: "M4", label: "Member" }, { code: "C2" }],
        steps: [
          { relation: "EMPLOYED_BY", direction: "BACKWARD" },
          { relation: "REGISTERED_WITH", direction: "FORWARD" },
        ],
      });
      const analyst = await shortest({ from: "U1", to: "C2" });
      expect(analyst!.length).toBe(4);
      expect(analyst!.entities.map((entity) => entity.label)).not.toContain("Member");
      expect(analyst!.entities.map((entity) => entity.label)).not.toContain("Beneficiary");
      expect(await shortest({ from: "U1", to: "C2", maxHops: 3 })).toBeNull();
      const personEnd = await send(SHORTEST, { from: "M1", to: "C1", asOf: "2022-10-01" });
      expect(personEnd.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const tooFar = await send(SHORTEST, { from: "U1", to: "C2", maxHops: 7 });
      expect(tooFar.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "maxHops" });
      const unknown = await send(SHORTEST, { from: "U1", to: "NOPE" });
      expect(unknown.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    });

    it("passes every path through the personal-data guard: ends refused, nobody hidden links two entities", async () => {
      // M4 lives in R2-B1 (C2) and belongs to U1-BR (C1): a steward of the building R1-B1 may not see M4.
      const stranger = { role: "steward" as const, scope: ["R1-B1"] };
      const around = await shortest({ from: "U1", to: "C2" }, stranger);
      expect(around!.length).toBe(4);
      expect(JSON.stringify(around)).not.toMatch(/M4|黨員四|"Member"/);
      expect(around!.entities.every((entity) => entity.code !== null)).toBe(true);
      const end = await send(SHORTEST, { from: "M4", to: "C2", asOf: "2022-10-01" }, stranger);
      expect(end.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(JSON.stringify(end)).not.toMatch(/黨員四|R2-B1/);
      // A pairing's name carries its beneficiary's pseudonym: an analyst may not start a path there.
      const pairing = await send(SHORTEST, { from: "P4", to: "C1", asOf: "2022-10-01" }, "analyst");
      expect(pairing.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(JSON.stringify(pairing)).not.toContain("結對四");
      // The same path for an admin still runs through the pairing's helper.
      const admin = await shortest({ from: "P4", to: "U2-BR" }, "admin");
      expect(admin!.entities[0]).toMatchObject({ code: "P4", label: "Pairing", name: "結對四" });
    });

    it("answers each field with one Cypher query", async () => {
      for (const [query, variables] of [
        [UNIT_LINKS, { code: "U1", asOf: "2022-10-01" }],
        [COMMUNITY_LINKS, { code: "C1", asOf: "2022-10-01" }],
        [COMPOSITION, { code: "CN1", asOf: "2023-06-01" }],
        [SHORTEST, { from: "U1", to: "C2", asOf: "2022-10-01" }],
      ] as const) {
        const { queries } = await countQueries(hub.db, () => ask(query, variables));
        expect(queries).toHaveLength(1);
      }
    });

    it("gives viewers the council totals and analysts the lists", async () => {
      const totals = await ask<{ councilComposition: { seats: number; partTimeShare: number } }>(
        `{ councilComposition(council: "CN1", asOf: "2023-06-01") { seats partTimeShare } }`,
        {},
        "viewer",
      );
      expect(totals.councilComposition).toEqual({ seats: 4, partTimeShare: 0.5 });
      for (const query of [
        `{ councilComposition(council: "CN1") { members { partTime } } }`,
        `{ councilComposition(council: "CN1") { serves { code } } }`,
        `{ unitLinks(unit: "U1") { kind } }`,
        `{ communityLinks(community: "C1") { kind } }`,
        `{ shortestConnection(from: "U1", to: "C1") { length } }`,
      ]) {
        const denied = await send(query, {}, "viewer");
        expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      }
    });

    it("exports the same links, seats and path as CSV tables", async () => {
      const links = await reportTable(linkageReports["unit-links"], hub.db, { unit: "U1", asOf: "2022-10-01" }, "admin");
      expect(links.rows.map((row) => [row[0], row[3], row[9]])).toEqual([
        ["COUNCIL_SEAT", "C1", null],
        ["CO_BUILDING", "C1", null],
        ["PAIRING", "C1", 2],
        ["PAIRING", "C2", 1],
        ["REGISTRATION", "C1", 2],
        ["REGISTRATION", "C2", 1],
        ["VOLUNTEER_TEAM", "C1", null],
      ]);
      // For an analyst (default threshold 5) the counts of people are withheld: empty, flagged.
      const analystLinks = await reportTable(linkageReports["unit-links"], hub.db, { unit: "U1", asOf: "2022-10-01" });
      expect(analystLinks.rows.filter((row) => row[0] === "PAIRING" || row[0] === "REGISTRATION").map((row) => [row[9], row[10]])).toEqual([
        [null, true],
        [null, true],
        [null, true],
        [null, true],
      ]);
      const seats = await reportTable(linkageReports["council-composition"], hub.db, { council: "CN1", asOf: "2023-06-01" });
      expect(seats.rows.slice(-5)).toEqual([
        ["seats", 4],
        ["resident unit seats", 2],
        ["resident unit share", 0.5],
        ["part-time seats", 2],
        ["part-time share", 0.5],
      ]);
      const path = await reportTable(linkageReports["shortest-connection"], hub.db, { from: "U4", to: "CN1", asOf: "2022-10-01" });
      expect(path.rows.map((row) => [row[1], row[4], row[5], row[6]])).toEqual([
        ["U4", "LOCATED_IN", "FORWARD", "C1"],
        ["C1", "SERVES", "BACKWARD", "CN1"],
      ]);
      await expect(reportTable(linkageReports["unit-links"], hub.db, {})).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
      await expect(reportTable(linkageReports["unit-links"], hub.db, { unit: "U1" }, "viewer")).rejects.toMatchObject({ code: "FORBIDDEN" });
    });
  });

  /** seeds/longhutang/EXPECTED.md, section 5 (councils, agreements, registrations). */
  describe("on the Longhutang seed", () => {
    beforeAll(async () => {
      await loadSeed(LONGHUTANG);
    });

    it.each([
      ["LHT-C1-CNCL", "2026-11-28", 3, 1],
      ["LHT-C2-CNCL", "2026-11-28", 4, 2],
      ["LHT-C1-CNCL", "2022-09-21", 4, 2],
      ["LHT-C2-CNCL", "2022-09-21", 4, 2],
    ])("%s on %s has %i seats, %i of them part-time", async (council, asOf, seats, partTime) => {
      const result = await composition(council, asOf);
      expect([result.seats, result.partTimeSeats]).toEqual([seats, partTime]);
      expect(result.partTimeShare).toBeCloseTo(partTime / seats, 10);
    });

    it("has today's council members of LHT-C1, the school on its second term", async () => {
      const result = await composition("LHT-C1-CNCL", "2026-11-28");
      expect(result.members.map((seat) => [seat.organisation.code, seat.unitKind, seat.validFrom])).toEqual([
        ["LHT-U-HOS-BR", "RESIDENT_UNIT", "2020-10-01"],
        ["LHT-U-PS-BR", "DISPATCHED_AGENCY", "2020-10-01"],
        ["LHT-U-SCH1-BR", "RESIDENT_UNIT", "2023-10-01"],
      ]);
    });

    it("links the bank to LHT-C1 only through a registered member today", async () => {
      expect((await unitLinks("LHT-U-BANK", "2026-11-28")).map(brief)).toEqual([["REGISTRATION", "LHT-U-BANK", "LHT-C1", null, null, 1, "2021-05-01", null]]);
    });

    it.each([
      ["LHT-C1", "2026-11-28", ["LHT-U-HOS", "LHT-U-SCH1"], 5],
      ["LHT-C2", "2026-11-28", ["LHT-U-AGY", "LHT-U-HOS", "LHT-U-SCH2", "LHT-U-SOE"], 3],
      ["LHT-C1", "2022-09-21", ["LHT-U-BANK", "LHT-U-HOS", "LHT-U-SCH1"], undefined],
    ])("%s on %s: co-building agreements with %j, registrations %s", async (community, asOf, agreements, registrations) => {
      const links = await communityLinks(community, asOf);
      expect(links.filter((link) => link.kind === "CO_BUILDING").map((link) => link.unit.code)).toEqual(agreements);
      if (registrations !== undefined) {
        expect(links.filter((link) => link.kind === "REGISTRATION").reduce((total, link) => total + link.count!, 0)).toBe(registrations);
      }
    });

    /** PROFILE db hits on the Longhutang seed (docs/ANALYTICS.md); the bound is twice the measured figure. */
    it.each([
      ["unitLinks LHT-U-SCH1", linksQuery("unit", "LHT-U-SCH1", "2026-11-28"), 350],
      ["communityLinks LHT-C1", linksQuery("community", "LHT-C1", "2026-11-28"), 3_110],
      ["councilComposition LHT-C1-CNCL", councilCompositionQuery("LHT-C1-CNCL", "2026-11-28"), 260],
      ["shortestConnection LHT-U-BANK → LHT-C2-R01-B01-GR", shortestConnectionQuery("LHT-U-BANK", "LHT-C2-R01-B01-GR", 6, "2026-11-28", false), 4_570],
    ])("keeps %s within its db-hit budget", (name, query, measured) => expectWithinBudget(hub.db, name, query, measured));
  });
});
