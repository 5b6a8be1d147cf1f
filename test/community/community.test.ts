import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { snapshotId } from "../../src/graph/snapshot.js";
import type { Hub } from "../../src/server/hub.js";
import { graphFingerprint, resetGraph } from "../support/graph.js";
import { expectNotFound, postGraphql, startTestHub } from "../support/hub.js";
import { ok, REGISTER_UNIT, seedNetwork } from "../units/fixtures.js";

type Codes = { code: string }[];
const codes = (list: Codes) => list.map((item) => item.code);

/**
 * The community around the units: C1 (from 2020-07-01) has council CN1 convened by its general
 * branch GB1, with BR1's seat for 2020-09-01..2023-09-01; unit U1 co-builds with C1 under AG1
 * (2021-03-01..2024-03-01); GB1 organises VT1, CT1 is based in C1, F1 is C1's office space.
 */
const FIXTURE: [string, Record<string, unknown>][] = [
  [REGISTER_UNIT, { input: { code: "U1", name: "龍虎塘中學", kind: "RESIDENT_UNIT", sector: "school", validFrom: "2000-09-01", location: "C2" } }],
  [REGISTER_UNIT, { input: { code: "U2", name: "東華科技有限公司", kind: "NEW_ECONOMIC_ORGANISATION", validFrom: "2020-07-01", location: "SB" } }],
  [
    `mutation($input: CreateCouncilInput!) { createCouncil(input: $input) { council { code } } }`,
    { input: { code: "CN1", name: "東華社區黨建工作協調議事會", validFrom: "2020-09-01", convenedBy: "GB1", serves: "C1", rules: "每季度召開一次聯席會議" } },
  ],
  [
    `mutation($input: AddCouncilSeatInput!) { addCouncilSeat(input: $input) { councilSeat { validFrom } } }`,
    { input: { council: "CN1", organisation: "BR1", responsibilities: "治安共建", partTime: true, validFrom: "2020-09-01", validTo: "2023-09-01" } },
  ],
  [
    `mutation($input: RegisterCoBuildingAgreementInput!) { registerCoBuildingAgreement(input: $input) { coBuildingAgreement { code } } }`,
    { input: { code: "AG1", name: "東華社區與龍虎塘中學共建協議", unit: "U1", community: "C1", signedOn: "2021-02-20", content: "場地共享", validFrom: "2021-03-01", validTo: "2024-03-01" } },
  ],
  [
    `mutation($input: CreateVolunteerTeamInput!) { createVolunteerTeam(input: $input) { volunteerTeam { code } } }`,
    { input: { code: "VT1", name: "東華助老志願服務隊", focus: ["ELDERLY", "POVERTY", "ELDERLY"], memberCount: 20, organisedBy: "GB1", validFrom: "2020-10-01" } },
  ],
  [
    `mutation($input: CreateCulturalTeamInput!) { createCulturalTeam(input: $input) { culturalTeam { code } } }`,
    { input: { code: "CT1", name: "東華腰鼓隊", genre: "WAIST_DRUM", memberCount: 30, basedIn: "C1", validFrom: "2020-10-01" } },
  ],
  [
    `mutation($input: CreateFacilityInput!) { createFacility(input: $input) { facility { code } } }`,
    { input: { code: "F1", name: "東華社區辦公用房", kind: "OFFICE_SPACE", areaSqm: 1200, facilityOf: "C1", validFrom: "2020-07-01" } },
  ],
];

describe("the community around the units", () => {
  let hub: Hub;
  const gql = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) => postGraphql<T>(hub.url, query, variables);
  /** An organisation as of a date, reached through node(id:) with its snapshot id. */
  const asOrganisation = async <T>(code: string, fields: string, asOf: string) =>
    ok(await gql<{ node: T }>(`query($id: ID!) { node(id: $id) { ... on Organisation { ${fields} } } }`, { id: snapshotId("Organisation", code, asOf) })).node;

  beforeAll(async () => {
    hub = await startTestHub({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent" });
  });
  afterAll(() => hub.stop());

  beforeEach(async () => {
    await resetGraph(hub.db);
    await seedNetwork(hub.url, hub.db);
    for (const [query, variables] of FIXTURE) ok(await gql(query, variables));
  });

  describe("councils", () => {
    it("navigates council ↔ convener, served place and seats, before, at and after a term", async () => {
      const query = `query($asOf: LocalDate) { council(code: "CN1", asOf: $asOf) {
        code name rules convenedBy { code } serves { code }
        seats { council { code } organisation { code } responsibilities partTime validFrom validTo } } }`;
      type Seen = { council: { seats: { organisation: { code: string } }[] } & Record<string, unknown> };
      expectNotFound(await gql(query, { asOf: "2020-08-31" }), "council");
      const first = ok(await gql<Seen>(query, { asOf: "2020-09-01" })).council;
      expect(first).toEqual({
        code: "CN1",
        name: "東華社區黨建工作協調議事會",
        rules: "每季度召開一次聯席會議",
        convenedBy: { code: "GB1" },
        serves: { code: "C1" },
        seats: [{ council: { code: "CN1" }, organisation: { code: "BR1" }, responsibilities: "治安共建", partTime: true, validFrom: "2020-09-01", validTo: "2023-09-01" }],
      });
      const seat = await gql<{ addCouncilSeat: { councilSeat: unknown } }>(
        `mutation { addCouncilSeat(input: { council: "CN1", organisation: "GB2", validFrom: "2021-01-01" }) { councilSeat { council { code } organisation { code } partTime responsibilities validTo } } }`,
      );
      expect(ok(seat).addCouncilSeat.councilSeat).toEqual({ council: { code: "CN1" }, organisation: { code: "GB2" }, partTime: false, responsibilities: null, validTo: null });
      expect(ok(await gql<Seen>(query, { asOf: "2020-12-31" })).council.seats.map((s) => s.organisation.code)).toEqual(["BR1"]);
      expect(ok(await gql<Seen>(query, { asOf: "2021-01-01" })).council.seats.map((s) => s.organisation.code)).toEqual(["BR1", "GB2"]);
      expect(ok(await gql<Seen>(query, { asOf: "2023-08-31" })).council.seats.map((s) => s.organisation.code)).toEqual(["BR1", "GB2"]);
      expect(ok(await gql<Seen>(query, { asOf: "2023-09-01" })).council.seats.map((s) => s.organisation.code)).toEqual(["GB2"]);

      // The other directions: organisation → seats and convened councils, place → councils.
      type Seats = { councilSeats: { council: { code: string }; validTo: string | null }[]; convenedCouncils: Codes };
      expect(await asOrganisation<Seats>("BR1", "councilSeats { council { code } validTo } convenedCouncils { code }", "2023-08-31")).toEqual({
        councilSeats: [{ council: { code: "CN1" }, validTo: "2023-09-01" }],
        convenedCouncils: [],
      });
      expect((await asOrganisation<Seats>("BR1", "councilSeats { council { code } }", "2023-09-01")).councilSeats).toEqual([]);
      expect((await asOrganisation<Seats>("GB1", "convenedCouncils { code }", "2020-08-31")).convenedCouncils).toEqual([]);
      expect(codes((await asOrganisation<Seats>("GB1", "convenedCouncils { code }", "2020-09-01")).convenedCouncils)).toEqual(["CN1"]);
      const placeCouncils = `query($asOf: LocalDate) { place(code: "C1", asOf: $asOf) { councils { code } } }`;
      expect(ok(await gql<{ place: { councils: Codes } }>(placeCouncils, { asOf: "2020-08-31" })).place.councils).toEqual([]);
      expect(codes(ok(await gql<{ place: { councils: Codes } }>(placeCouncils, { asOf: "2020-09-01" })).place.councils)).toEqual(["CN1"]);
    });

    it("ends a seat, allows the next term on its end day, and ends every seat with the council", async () => {
      const ended = ok(await gql<{ endCouncilSeat: { councilSeat: unknown } }>(`mutation { endCouncilSeat(input: { council: "CN1", organisation: "BR1", date: "2022-09-01" }) { councilSeat { organisation { code } validFrom validTo } } }`));
      expect(ended.endCouncilSeat.councilSeat).toEqual({ organisation: { code: "BR1" }, validFrom: "2020-09-01", validTo: "2022-09-01" });
      ok(await gql(`mutation { addCouncilSeat(input: { council: "CN1", organisation: "BR1", validFrom: "2022-09-01", responsibilities: "續任" }) { councilSeat { validFrom } } }`));
      const seats = `query($asOf: LocalDate) { council(code: "CN1", asOf: $asOf) { seats { responsibilities validFrom validTo } } }`;
      type Seats = { council: { seats: unknown[] } };
      expect(ok(await gql<Seats>(seats, { asOf: "2022-08-31" })).council.seats).toEqual([{ responsibilities: "治安共建", validFrom: "2020-09-01", validTo: "2022-09-01" }]);
      expect(ok(await gql<Seats>(seats, { asOf: "2022-09-01" })).council.seats).toEqual([{ responsibilities: "續任", validFrom: "2022-09-01", validTo: null }]);

      ok(await gql(`mutation { updateCouncil(input: { code: "CN1", rules: "每月召開", expectedVersion: 1 }) { council { rules version } } }`));
      const dissolved = ok(await gql<{ dissolveCouncil: { council: unknown } }>(`mutation { dissolveCouncil(input: { code: "CN1", date: "2025-01-01" }) { council { rules validTo } } }`));
      expect(dissolved.dissolveCouncil.council).toEqual({ rules: "每月召開", validTo: "2025-01-01" });
      expect(ok(await gql<Seats>(seats, { asOf: "2024-12-31" })).council.seats).toEqual([{ responsibilities: "續任", validFrom: "2022-09-01", validTo: "2025-01-01" }]);
      expectNotFound(await gql(`{ council(code: "CN1", asOf: "2025-01-01") { code } }`), "council");
    });

    it("lists councils by place, convener and name", async () => {
      const list = `query($within: String, $convenedBy: String, $name: String) {
        councils(within: $within, convenedBy: $convenedBy, nameContains: $name, asOf: "2024-01-01") { totalCount edges { node { code } } } }`;
      const listed = async (variables: Record<string, unknown>) => ok(await gql<{ councils: { edges: { node: { code: string } }[] } }>(list, variables)).councils.edges.map((e) => e.node.code);
      expect(await listed({})).toEqual(["CN1"]);
      expect(await listed({ within: "LHT" })).toEqual(["CN1"]);
      expect(await listed({ within: "C2" })).toEqual([]);
      expect(await listed({ convenedBy: "GB1" })).toEqual(["CN1"]);
      expect(await listed({ convenedBy: "GB2" })).toEqual([]);
      expect(await listed({ name: "協調議事" })).toEqual(["CN1"]);
      expect(await listed({ name: "新橋" })).toEqual([]);
    });
  });

  describe("co-building agreements", () => {
    it("navigates agreement ↔ unit and community, before, at and after its term", async () => {
      const query = `query($asOf: LocalDate) { coBuildingAgreement(code: "AG1", asOf: $asOf) { code signedOn content unit { code } community { code } } }`;
      expectNotFound(await gql(query, { asOf: "2021-02-28" }), "coBuildingAgreement");
      expect(ok(await gql(query, { asOf: "2021-03-01" })).coBuildingAgreement).toEqual({ code: "AG1", signedOn: "2021-02-20", content: "場地共享", unit: { code: "U1" }, community: { code: "C1" } });
      expectNotFound(await gql(query, { asOf: "2024-03-01" }), "coBuildingAgreement");
      const unitSide = `query($asOf: LocalDate) { unit(code: "U1", asOf: $asOf) { agreements { code } } }`;
      const placeSide = `query($asOf: LocalDate) { place(code: "C1", asOf: $asOf) { agreements { code } } }`;
      for (const [asOf, expected] of [["2021-02-28", []], ["2021-03-01", ["AG1"]], ["2024-02-29", ["AG1"]], ["2024-03-01", []]] as const) {
        expect(codes(ok(await gql<{ unit: { agreements: Codes } }>(unitSide, { asOf })).unit.agreements), `unit side on ${asOf}`).toEqual(expected);
        expect(codes(ok(await gql<{ place: { agreements: Codes } }>(placeSide, { asOf })).place.agreements), `place side on ${asOf}`).toEqual(expected);
      }
      const list = `query($unit: String, $within: String) { coBuildingAgreements(unit: $unit, within: $within, asOf: "2022-01-01") { edges { node { code } } } }`;
      type List = { coBuildingAgreements: { edges: { node: { code: string } }[] } };
      expect(ok(await gql<List>(list, { unit: "U1", within: "LHT" })).coBuildingAgreements.edges).toEqual([{ node: { code: "AG1" } }]);
      expect(ok(await gql<List>(list, { unit: "U2" })).coBuildingAgreements.edges).toEqual([]);
      expect(ok(await gql<List>(list, { within: "C2" })).coBuildingAgreements.edges).toEqual([]);
    });

    it("refuses to dissolve a unit while its agreement runs, and allows it once the agreement ends", async () => {
      const before = await graphFingerprint(hub.db);
      const refused = await gql(`mutation { dissolveUnit(input: { code: "U1", date: "2023-01-01" }) { unit { code } } }`);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "ACTIVE_SUBORDINATES", agreements: ["AG1"] });
      expect(await graphFingerprint(hub.db)).toBe(before);
      const ended = ok(await gql<{ endCoBuildingAgreement: { coBuildingAgreement: unknown } }>(`mutation { endCoBuildingAgreement(input: { code: "AG1", date: "2022-06-01" }) { coBuildingAgreement { code validTo } } }`));
      expect(ended.endCoBuildingAgreement.coBuildingAgreement).toEqual({ code: "AG1", validTo: "2022-06-01" });
      ok(await gql(`mutation { dissolveUnit(input: { code: "U1", date: "2023-01-01" }) { unit { code } } }`));
      const lastDay = ok(await gql<{ coBuildingAgreement: { unit: { code: string } } }>(`{ coBuildingAgreement(code: "AG1", asOf: "2022-05-31") { unit { code } } }`));
      expect(lastDay.coBuildingAgreement.unit.code).toBe("U1");
    });
  });

  describe("volunteer and cultural teams", () => {
    it("navigates volunteer team ↔ organisation as of dates and lists by focus, organisation and place", async () => {
      ok(await gql(`mutation { createVolunteerTeam(input: { code: "VT2", name: "新橋助學隊", focus: [STUDENTS], organisedBy: "GB2", validFrom: "2015-01-01" }) { volunteerTeam { code } } }`));
      const team = ok(await gql<{ volunteerTeam: unknown }>(`{ volunteerTeam(code: "VT1", asOf: "2021-01-01") { focus memberCount organisedBy { code } } }`));
      expect(team.volunteerTeam).toEqual({ focus: ["ELDERLY", "POVERTY"], memberCount: 20, organisedBy: { code: "GB1" } });
      expectNotFound(await gql(`{ volunteerTeam(code: "VT1", asOf: "2020-09-30") { code } }`), "volunteerTeam");
      type Teams = { volunteerTeams: Codes };
      expect((await asOrganisation<Teams>("GB1", "volunteerTeams { code }", "2020-09-30")).volunteerTeams).toEqual([]);
      expect(codes((await asOrganisation<Teams>("GB1", "volunteerTeams { code }", "2020-10-01")).volunteerTeams)).toEqual(["VT1"]);

      const list = `query($focus: [VolunteerFocus!], $organisation: String, $within: String, $asOf: LocalDate) {
        volunteerTeams(focus: $focus, organisation: $organisation, within: $within, asOf: $asOf) { edges { node { code } } } }`;
      const listed = async (variables: Record<string, unknown>) =>
        ok(await gql<{ volunteerTeams: { edges: { node: { code: string } }[] } }>(list, { asOf: "2022-01-01", ...variables })).volunteerTeams.edges.map((e) => e.node.code);
      expect(await listed({})).toEqual(["VT1", "VT2"]);
      expect(await listed({ asOf: "2020-09-30" })).toEqual(["VT2"]);
      expect(await listed({ focus: ["POVERTY", "EMPLOYMENT"] })).toEqual(["VT1"]);
      expect(await listed({ focus: ["EMPLOYMENT"] })).toEqual([]);
      expect(await listed({ organisation: "GB2" })).toEqual(["VT2"]);
      expect(await listed({ within: "C1" })).toEqual(["VT1"]);
      expect(await listed({ within: "LHT" })).toEqual(["VT1", "VT2"]);
      expect(await listed({ within: "SB" })).toEqual([]);

      const updated = ok(await gql<{ updateVolunteerTeam: { volunteerTeam: unknown } }>(`mutation { updateVolunteerTeam(input: { code: "VT1", focus: [EMPLOYMENT], expectedVersion: 1 }) { volunteerTeam { focus memberCount version } } }`));
      expect(updated.updateVolunteerTeam.volunteerTeam).toEqual({ focus: ["EMPLOYMENT"], memberCount: 20, version: 2 });
      ok(await gql(`mutation { dissolveVolunteerTeam(input: { code: "VT1", date: "2023-01-01" }) { volunteerTeam { code } } }`));
      expect((await asOrganisation<Teams>("GB1", "volunteerTeams { code }", "2023-01-01")).volunteerTeams).toEqual([]);
      expect(codes((await asOrganisation<Teams>("GB1", "volunteerTeams { code }", "2022-12-31")).volunteerTeams)).toEqual(["VT1"]);
    });

    it("navigates cultural team ↔ place as of dates and lists by genre and place", async () => {
      ok(await gql(`mutation { createCulturalTeam(input: { code: "CT2", name: "新橋合唱團", genre: CHOIR, basedIn: "C2", validFrom: "2010-01-01" }) { culturalTeam { code } } }`));
      expect(ok(await gql(`{ culturalTeam(code: "CT1", asOf: "2021-01-01") { genre memberCount basedIn { code } } }`)).culturalTeam).toEqual({
        genre: "WAIST_DRUM",
        memberCount: 30,
        basedIn: { code: "C1" },
      });
      const placeTeams = `query($asOf: LocalDate) { place(code: "C1", asOf: $asOf) { culturalTeams { code } } }`;
      expect(ok(await gql<{ place: { culturalTeams: Codes } }>(placeTeams, { asOf: "2020-09-30" })).place.culturalTeams).toEqual([]);
      expect(codes(ok(await gql<{ place: { culturalTeams: Codes } }>(placeTeams, { asOf: "2020-10-01" })).place.culturalTeams)).toEqual(["CT1"]);

      const list = `query($genres: [CulturalGenre!], $within: String) { culturalTeams(genres: $genres, within: $within, asOf: "2022-01-01") { edges { node { code } } } }`;
      const listed = async (variables: Record<string, unknown>) =>
        ok(await gql<{ culturalTeams: { edges: { node: { code: string } }[] } }>(list, variables)).culturalTeams.edges.map((e) => e.node.code);
      expect(await listed({})).toEqual(["CT1", "CT2"]);
      expect(await listed({ genres: ["CHOIR", "YANGKO"] })).toEqual(["CT2"]);
      expect(await listed({ within: "C1" })).toEqual(["CT1"]);

      ok(await gql(`mutation { updateCulturalTeam(input: { code: "CT1", genre: YANGKO, memberCount: 35 }) { culturalTeam { genre } } }`));
      expect(await listed({ genres: ["YANGKO"] })).toEqual(["CT1"]);
      ok(await gql(`mutation { dissolveCulturalTeam(input: { code: "CT1", date: "2021-06-01" }) { culturalTeam { code } } }`));
      expect(await listed({})).toEqual(["CT2"]);
      expect(ok(await gql<{ place: { culturalTeams: Codes } }>(placeTeams, { asOf: "2021-06-01" })).place.culturalTeams).toEqual([]);
    });
  });

  describe("facilities", () => {
    it("navigates facility ↔ place as of dates, corrects and ends a facility", async () => {
      ok(await gql(`mutation { createFacility(input: { code: "F2", name: "東華社區服務大廳", kind: SERVICE_HALL, areaSqm: 150.5, requirement: "一場所", facilityOf: "C1", validFrom: "2021-01-01" }) { facility { code } } }`));
      expect(ok(await gql(`{ facility(code: "F2", asOf: "2021-01-01") { kind areaSqm requirement facilityOf { code } } }`)).facility).toEqual({
        kind: "SERVICE_HALL",
        areaSqm: 150.5,
        requirement: "一場所",
        facilityOf: { code: "C1" },
      });
      const placeFacilities = `query($asOf: LocalDate, $kinds: [FacilityKind!]) { place(code: "C1", asOf: $asOf) { facilities(kinds: $kinds) { code } } }`;
      type PlaceFacilities = { place: { facilities: Codes } };
      expect(codes(ok(await gql<PlaceFacilities>(placeFacilities, { asOf: "2020-12-31" })).place.facilities)).toEqual(["F1"]);
      expect(codes(ok(await gql<PlaceFacilities>(placeFacilities, { asOf: "2021-01-01" })).place.facilities)).toEqual(["F1", "F2"]);
      expect(codes(ok(await gql<PlaceFacilities>(placeFacilities, { asOf: "2021-01-01", kinds: ["SERVICE_HALL"] })).place.facilities)).toEqual(["F2"]);

      const updated = ok(await gql<{ updateFacility: { facility: unknown } }>(`mutation { updateFacility(input: { code: "F1", areaSqm: 1250, kind: ACTIVITY_ROOM }) { facility { kind areaSqm requirement } } }`));
      expect(updated.updateFacility.facility).toEqual({ kind: "ACTIVITY_ROOM", areaSqm: 1250, requirement: null });
      ok(await gql(`mutation { dissolveFacility(input: { code: "F2", date: "2023-01-01" }) { facility { code } } }`));
      expect(codes(ok(await gql<PlaceFacilities>(placeFacilities, { asOf: "2022-12-31" })).place.facilities)).toEqual(["F1", "F2"]);
      expect(codes(ok(await gql<PlaceFacilities>(placeFacilities, { asOf: "2023-01-01" })).place.facilities)).toEqual(["F1"]);
    });

    it("lists facilities and pages: empty, exact page, last page", async () => {
      for (const [code, kind] of [["F2", "SERVICE_HALL"], ["F3", "ROOM"], ["F4", "STATION"]] as const) {
        ok(await gql(`mutation($input: CreateFacilityInput!) { createFacility(input: $input) { facility { code } } }`, { input: { code, name: `${code} 室`, kind, facilityOf: "C1", validFrom: "2021-01-01" } }));
      }
      ok(await gql(`mutation { createFacility(input: { code: "F5", name: "新橋辦公用房", kind: OFFICE_SPACE, facilityOf: "C2", validFrom: "2010-01-01" }) { facility { code } } }`));
      const list = `query($first: Int, $after: String, $kinds: [FacilityKind!], $within: String, $name: String) {
        facilities(first: $first, after: $after, kinds: $kinds, within: $within, nameContains: $name, asOf: "2022-01-01") {
          totalCount edges { node { code } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
      type List = { facilities: { totalCount: number; edges: { node: { code: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null } } };
      const page = async (variables: Record<string, unknown>) => ok(await gql<List>(list, variables)).facilities;
      expect(await page({ kinds: ["BOARD"] })).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, endCursor: null } });
      const exact = await page({ first: 5 });
      expect(exact.edges.map((e) => e.node.code)).toEqual(["F1", "F2", "F3", "F4", "F5"]);
      expect(exact.pageInfo.hasNextPage).toBe(false);
      const first = await page({ first: 2, within: "C1" });
      expect(first.edges.map((e) => e.node.code)).toEqual(["F1", "F2"]);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const last = await page({ first: 2, within: "C1", after: first.pageInfo.endCursor });
      expect(last.edges.map((e) => e.node.code)).toEqual(["F3", "F4"]);
      expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      expect(last.totalCount).toBe(4);
      expect((await page({ name: "新橋" })).edges).toEqual([{ node: { code: "F5" } }]);
      expect((await page({ kinds: ["OFFICE_SPACE"], within: "LHT" })).edges.map((e) => e.node.code)).toEqual(["F1", "F5"]);
    });
  });

  it.each([
    ["a council with a duplicate code", `mutation { createCouncil(input: { code: "CN1", name: "x", validFrom: "2021-01-01", convenedBy: "GB1", serves: "C1" }) { council { code } } }`, "DUPLICATE_CODE"],
    ["a council with reversed dates", `mutation { createCouncil(input: { code: "CN2", name: "x", validFrom: "2021-01-01", validTo: "2020-01-01", convenedBy: "GB1", serves: "C1" }) { council { code } } }`, "INVALID_DATE_RANGE"],
    ["a council before its convener exists", `mutation { createCouncil(input: { code: "CN2", name: "x", validFrom: "2019-01-01", convenedBy: "GB1", serves: "C2" }) { council { code } } }`, "NOT_FOUND"],
    ["a council convened by a unit", `mutation { createCouncil(input: { code: "CN2", name: "x", validFrom: "2021-01-01", convenedBy: "U1", serves: "C1" }) { council { code } } }`, "NOT_FOUND"],
    ["a seat before the council exists", `mutation { addCouncilSeat(input: { council: "CN1", organisation: "GB2", validFrom: "2020-01-01" }) { councilSeat { validFrom } } }`, "NOT_FOUND"],
    ["a seat held by an unknown organisation", `mutation { addCouncilSeat(input: { council: "CN1", organisation: "NOPE", validFrom: "2021-01-01" }) { councilSeat { validFrom } } }`, "NOT_FOUND"],
    ["a seat with reversed dates", `mutation { addCouncilSeat(input: { council: "CN1", organisation: "GB2", validFrom: "2021-01-01", validTo: "2021-01-01" }) { councilSeat { validFrom } } }`, "INVALID_DATE_RANGE"],
    ["the end of a seat that is not held", `mutation { endCouncilSeat(input: { council: "CN1", organisation: "BR1", date: "2023-09-01" }) { councilSeat { validTo } } }`, "NOT_FOUND"],
    ["an agreement with an unknown unit", `mutation { registerCoBuildingAgreement(input: { code: "AG2", name: "x", unit: "NOPE", community: "C1", validFrom: "2021-01-01" }) { coBuildingAgreement { code } } }`, "NOT_FOUND"],
    ["an agreement before the unit exists", `mutation { registerCoBuildingAgreement(input: { code: "AG2", name: "x", unit: "U2", community: "C2", validFrom: "2019-01-01" }) { coBuildingAgreement { code } } }`, "NOT_FOUND"],
    ["an agreement with a unit as community", `mutation { registerCoBuildingAgreement(input: { code: "AG2", name: "x", unit: "U2", community: "U1", validFrom: "2021-01-01" }) { coBuildingAgreement { code } } }`, "NOT_FOUND"],
    ["an agreement with a malformed code", `mutation { registerCoBuildingAgreement(input: { code: "ag 2", name: "x", unit: "U2", community: "C1", validFrom: "2021-01-01" }) { coBuildingAgreement { code } } }`, "BAD_USER_INPUT"],
    ["the end of an agreement on its first day", `mutation { endCoBuildingAgreement(input: { code: "AG1", date: "2021-03-01" }) { coBuildingAgreement { code } } }`, "INVALID_DATE_RANGE"],
    ["the end of an agreement already ended", `mutation { endCoBuildingAgreement(input: { code: "AG1", date: "2025-01-01" }) { coBuildingAgreement { code } } }`, "NOT_FOUND"],
    ["a volunteer team organised by a place", `mutation { createVolunteerTeam(input: { code: "VT2", name: "x", organisedBy: "C1", validFrom: "2021-01-01" }) { volunteerTeam { code } } }`, "NOT_FOUND"],
    ["a volunteer team update of a stale version", `mutation { updateVolunteerTeam(input: { code: "VT1", memberCount: 5, expectedVersion: 4 }) { volunteerTeam { code } } }`, "CONFLICT"],
    ["a cultural team based in an unknown place", `mutation { createCulturalTeam(input: { code: "CT2", name: "x", genre: ARTS, basedIn: "NOPE", validFrom: "2021-01-01" }) { culturalTeam { code } } }`, "NOT_FOUND"],
    ["a cultural team with a duplicate code", `mutation { createCulturalTeam(input: { code: "VT1", name: "x", genre: ARTS, basedIn: "C1", validFrom: "2021-01-01" }) { culturalTeam { code } } }`, "DUPLICATE_CODE"],
    ["a facility of a place not valid then", `mutation { createFacility(input: { code: "F2", name: "x", kind: ROOM, facilityOf: "C1", validFrom: "2019-01-01" }) { facility { code } } }`, "NOT_FOUND"],
    ["a facility with reversed dates", `mutation { createFacility(input: { code: "F2", name: "x", kind: ROOM, facilityOf: "C1", validFrom: "2021-01-01", validTo: "2020-01-01" }) { facility { code } } }`, "INVALID_DATE_RANGE"],
    ["an update of a unit as a facility", `mutation { updateFacility(input: { code: "U1", areaSqm: 10 }) { facility { code } } }`, "NOT_FOUND"],
    ["the end of a facility before it starts", `mutation { dissolveFacility(input: { code: "F1", date: "2020-01-01" }) { facility { code } } }`, "INVALID_DATE_RANGE"],
    ["the end of an unknown cultural team", `mutation { dissolveCulturalTeam(input: { code: "NOPE", date: "2022-01-01" }) { culturalTeam { code } } }`, "NOT_FOUND"],
  ])("rejects %s and leaves the graph unchanged", async (_what, query, code) => {
    const before = await graphFingerprint(hub.db);
    const response = await gql(query);
    expect(response.errors?.[0]?.extensions?.code, response.errors?.[0]?.message).toBe(code);
    expect(await graphFingerprint(hub.db)).toBe(before);
  });

  it.each([
    ["a council convened by a branch", `mutation { createCouncil(input: { code: "CN2", name: "x", validFrom: "2021-01-01", convenedBy: "BR1", serves: "C1" }) { council { code } } }`, "COUNCIL_CONVENER"],
    ["a council serving a street block", `mutation { createCouncil(input: { code: "CN2", name: "x", validFrom: "2021-01-01", convenedBy: "WC", serves: "SB" }) { council { code } } }`, "COUNCIL_PLACE"],
    ["a second seat overlapping the first", `mutation { addCouncilSeat(input: { council: "CN1", organisation: "BR1", validFrom: "2023-01-01" }) { councilSeat { validFrom } } }`, "SINGLE_SEAT"],
    ["a seat ending inside the first", `mutation { addCouncilSeat(input: { council: "CN1", organisation: "BR1", validFrom: "2020-09-01", validTo: "2020-10-01" }) { councilSeat { validFrom } } }`, "SINGLE_SEAT"],
    ["an agreement with a street block", `mutation { registerCoBuildingAgreement(input: { code: "AG2", name: "x", unit: "U2", community: "SB", validFrom: "2021-01-01" }) { coBuildingAgreement { code } } }`, "AGREEMENT_COMMUNITY"],
  ])("rejects %s (RULE_VIOLATION) and leaves the graph unchanged", async (_what, query, rule) => {
    const before = await graphFingerprint(hub.db);
    const response = await gql(query);
    expect(response.errors?.[0]?.extensions, response.errors?.[0]?.message).toMatchObject({ code: "RULE_VIOLATION", rule });
    expect(await graphFingerprint(hub.db)).toBe(before);
  });
});
