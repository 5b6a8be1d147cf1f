import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Role } from "../../src/auth/index.js";
import type { Hub } from "../../src/server/hub.js";
import { graphFingerprint, resetGraph } from "../support/graph.js";
import { dataWithNotFound, expectNotFound, postGraphql, startTestHub, type GraphqlResponse, type TestIdentity } from "../support/hub.js";

const CREATE_PLACE = `mutation($input: CreatePlaceInput!) { createPlace(input: $input) { place { code } } }`;
const CREATE_ORG = `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { organisation { code } } }`;
const REGISTER_UNIT = `mutation($input: RegisterUnitInput!) { registerUnit(input: $input) { unit { code } } }`;
const REGISTER_MEMBER = `mutation($input: RegisterMemberInput!) { registerMember(input: $input) { member { code version } } }`;
const REGISTER_BENEFICIARY = `mutation($input: RegisterBeneficiaryInput!) { registerBeneficiary(input: $input) { beneficiary { code } } }`;
const CREATE_PAIRING = `mutation($input: CreatePairingInput!) { createPairing(input: $input) { pairing { code name } } }`;

type Who = TestIdentity | Role;
const codes = (list: { code: string }[]) => list.map((item) => item.code);
// Response shapes vary per query below; the assertions say what they must be.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe("people: members, beneficiaries, pairings", () => {
  let hub: Hub;
  const gql = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, as: Who = {}) => postGraphql<T>(hub.url, query, variables, {}, as);
  const ok = async <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, as: Who = {}) => {
    const response = await gql<T>(query, variables, as);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const place = (input: Record<string, unknown>) => ok(CREATE_PLACE, { input: { validFrom: "2000-01-01", ...input } });
  const org = (input: Record<string, unknown>) => ok(CREATE_ORG, { input: { validFrom: "2000-01-01", ...input } });

  beforeAll(async () => {
    hub = await startTestHub({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent" });
  });
  afterAll(() => hub.stop());

  beforeEach(async () => {
    await resetGraph(hub.db);
    await place({ code: "XB", name: "新北區", kind: "DISTRICT" });
    await place({ code: "LHT", name: "龍虎塘街道", kind: "SUBDISTRICT", parent: "XB" });
    await place({ code: "C1", name: "龍錦社區", kind: "COMMUNITY", parent: "LHT" });
    await place({ code: "C2", name: "新橋社區", kind: "COMMUNITY", parent: "LHT" });
    await place({ code: "R1", name: "東華苑", kind: "COMPOUND", parent: "C1" });
    await place({ code: "R1-B1", name: "1幢", kind: "BUILDING", parent: "R1" });
    await place({ code: "R1-B2", name: "2幢", kind: "BUILDING", parent: "R1" });
    await place({ code: "R2", name: "新橋苑", kind: "COMPOUND", parent: "C2" });
    await place({ code: "R2-B1", name: "1幢", kind: "BUILDING", parent: "R2" });
    await org({ code: "DC", name: "新北區委", kind: "DISTRICT_COMMITTEE", builtAt: ["XB"] });
    await org({ code: "WC", name: "龍虎塘街道黨工委", kind: "WORKING_COMMITTEE", builtAt: ["LHT"], leaders: [{ organisation: "DC" }] });
    await org({ code: "C1-GB", name: "龍錦社區黨總支", kind: "GENERAL_BRANCH", builtAt: ["C1"], leaders: [{ organisation: "WC" }] });
    await org({ code: "C2-GB", name: "新橋社區黨總支", kind: "GENERAL_BRANCH", builtAt: ["C2"], leaders: [{ organisation: "WC" }] });
    await org({ code: "R1-BR", name: "東華苑黨支部", kind: "BRANCH", builtAt: ["R1"], leaders: [{ organisation: "C1-GB" }] });
    await org({ code: "R1-BR2", name: "東華苑第二黨支部", kind: "BRANCH", builtAt: ["R1"], leaders: [{ organisation: "C1-GB" }] });
    await org({ code: "R2-BR", name: "新橋苑黨支部", kind: "BRANCH", builtAt: ["R2"], leaders: [{ organisation: "C2-GB" }] });
    await ok(REGISTER_UNIT, { input: { code: "U1", name: "龍虎塘中學", kind: "RESIDENT_UNIT", location: "C2", validFrom: "2000-01-01" } });
    // M1 lives and belongs in C1; M2 lives and belongs in C2, works at U1 (in C2) and registers with C1 (雙報到).
    await ok(REGISTER_MEMBER, {
      input: { code: "M1", name: "黨員甲", status: "FORMAL", employment: "LAID_OFF", hardship: true, validFrom: "2020-01-01", organisation: "R1-BR", residence: "R1-B1" },
    });
    await ok(REGISTER_MEMBER, {
      input: {
        code: "M2", name: "黨員乙", status: "FORMAL", employment: "EMPLOYED", inService: true, validFrom: "2020-01-01",
        organisation: "R2-BR", residence: "R2-B1", registeredWith: "C1", employer: "U1",
      },
    });
    await ok(REGISTER_BENEFICIARY, { input: { code: "BH1", name: "困難戶甲", kind: "HOUSEHOLD", validFrom: "2021-01-01", livesIn: "R1-B1" } });
    await ok(REGISTER_BENEFICIARY, { input: { code: "BS1", name: "特困生乙", kind: "STUDENT", validFrom: "2021-01-01", livesIn: "R2-B1" } });
    await ok(REGISTER_BENEFICIARY, { input: { code: "BY1", name: "幫教青年丙", kind: "YOUNG_PERSON", validFrom: "2021-01-01", livesIn: "R1-B2" } });
    await ok(CREATE_PAIRING, { input: { code: "P1", kind: "HOUSEHOLD", helper: "R1-BR", beneficiary: "BH1", validFrom: "2022-02-15", validTo: "2023-02-15" } });
    await ok(CREATE_PAIRING, { input: { code: "P2", name: "乙助學", kind: "STUDENT", helper: "M2", beneficiary: "BS1", validFrom: "2022-09-01" } });
  });

  it("navigates every relation both ways", async () => {
    const data = await ok<Record<string, Json>>(`{
      m1: member(code: "M1", asOf: "2022-06-01") { code name status employment hardship inService organisation { code } residence { code } registeredWith { code } employer { code } pairings { code } }
      m2: member(code: "M2", asOf: "2022-10-01") { organisation { code } residence { code } registeredWith { code } employer { code } pairings { code kind } }
      branch: organisation(code: "R1-BR", asOf: "2022-06-01") { members { code } pairings { code } }
      building: place(code: "R1-B1", asOf: "2022-06-01") { residents { code } beneficiaries { code } }
      community: place(code: "C1", asOf: "2022-06-01") { registeredMembers { code } }
      unit(code: "U1", asOf: "2022-06-01") { employees { code } }
      bh1: beneficiary(code: "BH1", asOf: "2022-06-01") { kind livesIn { code } pairings { code } }
      p1: pairing(code: "P1", asOf: "2022-06-01") { kind name helper { __typename ... on Organisation { code } } beneficiary { code } }
      p2: pairing(code: "P2", asOf: "2022-10-01") { name helper { __typename ... on Member { code status } } beneficiary { code kind } }
    }`);
    expect(data.m1).toEqual({
      code: "M1", name: "黨員甲", status: "FORMAL", employment: "LAID_OFF", hardship: true, inService: false,
      organisation: { code: "R1-BR" }, residence: { code: "R1-B1" }, registeredWith: null, employer: null, pairings: [],
    });
    expect(data.m2).toEqual({ organisation: { code: "R2-BR" }, residence: { code: "R2-B1" }, registeredWith: { code: "C1" }, employer: { code: "U1" }, pairings: [{ code: "P2", kind: "STUDENT" }] });
    expect(data.branch).toEqual({ members: [{ code: "M1" }], pairings: [{ code: "P1" }] });
    expect(data.building).toEqual({ residents: [{ code: "M1" }], beneficiaries: [{ code: "BH1" }] });
    expect(data.community).toEqual({ registeredMembers: [{ code: "M2" }] });
    expect(data.unit).toEqual({ employees: [{ code: "M2" }] });
    expect(data.bh1).toEqual({ kind: "HOUSEHOLD", livesIn: { code: "R1-B1" }, pairings: [{ code: "P1" }] });
    expect(data.p1).toEqual({ kind: "HOUSEHOLD", name: "R1-BR → BH1", helper: { __typename: "Organisation", code: "R1-BR" }, beneficiary: { code: "BH1" } });
    expect(data.p2).toEqual({ name: "乙助學", helper: { __typename: "Member", code: "M2", status: "FORMAL" }, beneficiary: { code: "BS1", kind: "STUDENT" } });
  });

  it("reads as of a date before, at and after a transfer, a move and an end", async () => {
    await ok(`mutation { transferMember(input: { code: "M1", organisation: "R1-BR2", date: "2023-01-01" }) { member { code } } }`);
    await ok(`mutation { updateMember(input: { code: "M1", date: "2023-06-01", residence: "R1-B2", employment: EMPLOYED }) { member { code } } }`);
    await ok(`mutation { endPairing(input: { code: "P2", date: "2024-01-01" }) { pairing { code validTo } } }`);
    await ok(`mutation { endMembership(input: { code: "M2", date: "2024-01-01" }) { member { code validTo } } }`);
    const member = `query($asOf: LocalDate) { member(code: "M1", asOf: $asOf) { organisation { code } residence { code } employment memberships { organisation { code } validFrom validTo } } }`;
    type M = { member: { organisation: { code: string }; residence: { code: string }; employment: string; memberships: unknown[] } | null };
    expectNotFound(await gql(member, { asOf: "2019-12-31" }), "member");
    expect((await ok<M>(member, { asOf: "2022-12-31" })).member!.organisation.code).toBe("R1-BR");
    const at = (await ok<M>(member, { asOf: "2023-01-01" })).member!;
    expect(at.organisation.code).toBe("R1-BR2");
    expect(at.residence.code).toBe("R1-B1");
    expect((await ok<M>(member, { asOf: "2023-05-31" })).member!.residence.code).toBe("R1-B1");
    const moved = (await ok<M>(member, { asOf: "2023-06-01" })).member!;
    expect(moved.residence.code).toBe("R1-B2");
    expect(moved.employment).toBe("EMPLOYED");
    expect(moved.memberships).toEqual([
      { organisation: { code: "R1-BR" }, validFrom: "2020-01-01", validTo: "2023-01-01" },
      { organisation: { code: "R1-BR2" }, validFrom: "2023-01-01", validTo: null },
    ]);
    const branches = `query($asOf: LocalDate) { old: organisation(code: "R1-BR", asOf: $asOf) { members { code } } new: organisation(code: "R1-BR2", asOf: $asOf) { members { code } } }`;
    type B = { old: { members: { code: string }[] }; new: { members: { code: string }[] } };
    const before = await ok<B>(branches, { asOf: "2022-12-31" });
    expect([codes(before.old.members), codes(before.new.members)]).toEqual([["M1"], []]);
    const after = await ok<B>(branches, { asOf: "2023-01-01" });
    expect([codes(after.old.members), codes(after.new.members)]).toEqual([[], ["M1"]]);
    const residents = `query($asOf: LocalDate) { b1: place(code: "R1-B1", asOf: $asOf) { residents { code } } b2: place(code: "R1-B2", asOf: $asOf) { residents { code } } }`;
    type R = { b1: { residents: { code: string }[] }; b2: { residents: { code: string }[] } };
    expect(await ok<R>(residents, { asOf: "2023-05-31" })).toEqual({ b1: { residents: [{ code: "M1" }] }, b2: { residents: [] } });
    expect(await ok<R>(residents, { asOf: "2023-06-01" })).toEqual({ b1: { residents: [] }, b2: { residents: [{ code: "M1" }] } });
    // The end of a record and of a pairing: valid the day before, gone on the day.
    const ended = `query($asOf: LocalDate) { member(code: "M2", asOf: $asOf) { code } pairing(code: "P2", asOf: $asOf) { code } place(code: "C1", asOf: $asOf) { registeredMembers { code } } }`;
    expect(await ok(ended, { asOf: "2023-12-31" })).toEqual({ member: { code: "M2" }, pairing: { code: "P2" }, place: { registeredMembers: [{ code: "M2" }] } });
    expect(dataWithNotFound(await gql(ended, { asOf: "2024-01-01" }), ["member", "pairing"])).toEqual({ member: null, pairing: null, place: { registeredMembers: [] } });
  });

  it("lists with filters and pages; unpaired beneficiaries as of a date", async () => {
    type L = { members: { totalCount: number; edges: { node: { code: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const list = `query($within: String, $organisation: String, $hardship: Boolean, $inService: Boolean, $first: Int, $after: String) {
      members(within: $within, organisation: $organisation, hardship: $hardship, inService: $inService, first: $first, after: $after, asOf: "2022-06-01") {
        totalCount edges { node { code } } pageInfo { hasNextPage endCursor } } }`;
    const names = (data: L) => data.members.edges.map((edge) => edge.node.code);
    // Within C1: M1 lives there, M2 is registered there (雙報到).
    expect(names(await ok<L>(list, { within: "C1" }))).toEqual(["M1", "M2"]);
    expect(names(await ok<L>(list, { within: "C2" }))).toEqual(["M2"]);
    expect(names(await ok<L>(list, { within: "R1" }))).toEqual(["M1"]);
    expect(names(await ok<L>(list, { organisation: "R2-BR" }))).toEqual(["M2"]);
    expect(names(await ok<L>(list, { hardship: true }))).toEqual(["M1"]);
    expect(names(await ok<L>(list, { inService: true }))).toEqual(["M2"]);
    const first = await ok<L>(list, { first: 1 });
    expect([names(first), first.members.pageInfo.hasNextPage, first.members.totalCount]).toEqual([["M1"], true, 2]);
    const last = await ok<L>(list, { first: 1, after: first.members.pageInfo.endCursor });
    expect([names(last), last.members.pageInfo.hasNextPage]).toEqual([["M2"], false]);

    const beneficiaries = `query($asOf: LocalDate, $unpaired: Boolean, $kinds: [BeneficiaryKind!], $within: String) {
      beneficiaries(asOf: $asOf, unpaired: $unpaired, kinds: $kinds, within: $within) { totalCount edges { node { code } } } }`;
    type BL = { beneficiaries: { totalCount: number; edges: { node: { code: string } }[] } };
    const list2 = async (variables: Record<string, unknown>) => (await ok<BL>(beneficiaries, variables)).beneficiaries.edges.map((edge) => edge.node.code);
    expect(await list2({ asOf: "2022-01-01", unpaired: true })).toEqual(["BH1", "BS1", "BY1"]);
    expect(await list2({ asOf: "2022-10-01", unpaired: true })).toEqual(["BY1"]);
    expect(await list2({ asOf: "2022-10-01", unpaired: false })).toEqual(["BH1", "BS1"]);
    expect(await list2({ asOf: "2023-02-15", unpaired: true })).toEqual(["BH1", "BY1"]);
    expect(await list2({ asOf: "2022-10-01", within: "C1", kinds: ["YOUNG_PERSON", "HOUSEHOLD"] })).toEqual(["BH1", "BY1"]);

    const pairings = `query($helper: String, $within: String, $kinds: [BeneficiaryKind!]) { pairings(asOf: "2022-10-01", helper: $helper, within: $within, kinds: $kinds) { edges { node { code } } } }`;
    type PL = { pairings: { edges: { node: { code: string } }[] } };
    const list3 = async (variables: Record<string, unknown>) => (await ok<PL>(pairings, variables)).pairings.edges.map((edge) => edge.node.code);
    expect(await list3({ helper: "M2" })).toEqual(["P2"]);
    expect(await list3({ within: "R1" })).toEqual(["P1"]);
    expect(await list3({ kinds: ["HOUSEHOLD"] })).toEqual(["P1"]);
  });

  describe("protection: steward in scope or admin; everyone else FORBIDDEN, never a silent null", () => {
    const C1_STEWARD: TestIdentity = { role: "steward", scope: ["C1"] };
    const C2_STEWARD: TestIdentity = { role: "steward", scope: ["C2"] };
    const LHT_STEWARD: TestIdentity = { role: "steward", scope: ["LHT"] };
    // Every field and query that returns members, beneficiaries or pairings, each about C1's people.
    const reads: [string, string, (data: Json) => unknown][] = [
      ["member", `{ x: member(code: "M1", asOf: "2022-06-01") { code } }`, (d) => d.x.code],
      ["members", `{ x: members(within: "R1", asOf: "2022-06-01") { edges { node { code } } } }`, (d) => d.x.edges[0].node.code],
      ["beneficiary", `{ x: beneficiary(code: "BH1", asOf: "2022-06-01") { code } }`, (d) => d.x.code],
      ["beneficiaries", `{ x: beneficiaries(within: "C1", asOf: "2022-06-01") { edges { node { code } } } }`, (d) => d.x.edges[0].node.code],
      ["pairing", `{ x: pairing(code: "P1", asOf: "2022-06-01") { code } }`, (d) => d.x.code],
      ["pairings", `{ x: pairings(helper: "R1-BR", asOf: "2022-06-01") { edges { node { code } } } }`, (d) => d.x.edges[0].node.code],
      ["Place.residents", `{ place(code: "R1-B1", asOf: "2022-06-01") { x: residents { code } } }`, (d) => d.place.x[0].code],
      ["Place.registeredMembers", `{ place(code: "C1", asOf: "2022-06-01") { x: registeredMembers { code } } }`, (d) => d.place.x[0].code],
      ["Place.beneficiaries", `{ place(code: "R1-B1", asOf: "2022-06-01") { x: beneficiaries { code } } }`, (d) => d.place.x[0].code],
      ["Organisation.members", `{ organisation(code: "R1-BR", asOf: "2022-06-01") { x: members { code } } }`, (d) => d.organisation.x[0].code],
      ["Organisation.pairings", `{ organisation(code: "R1-BR", asOf: "2022-06-01") { x: pairings { code } } }`, (d) => d.organisation.x[0].code],
      ["Beneficiary.pairings (via pairing)", `{ pairing(code: "P1", asOf: "2022-06-01") { beneficiary { x: pairings { code } } } }`, (d) => d.pairing.beneficiary.x[0].code],
    ];
    const denied = (response: GraphqlResponse) => {
      expect(response.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      return response;
    };

    it.each(reads)("%s", async (_what, query, pick) => {
      for (const role of ["viewer", "analyst"] as const) {
        const response = denied(await gql(query, {}, role));
        expect(JSON.stringify(response.data ?? null)).not.toContain("M1");
      }
      denied(await gql(query, {}, C2_STEWARD));
      expect(pick(await ok(query, {}, C1_STEWARD))).toBeTruthy();
      expect(pick(await ok(query, {}, LHT_STEWARD))).toBeTruthy();
      expect(pick(await ok(query, {}, "admin"))).toBeTruthy();
    });

    it("node(id:) guards people like every other entry point", async () => {
      const { member } = await ok<{ member: { id: string } }>(`{ member(code: "M1", asOf: "2022-06-01") { id } }`);
      const query = `query($id: ID!) { node(id: $id) { id ... on Member { code } } }`;
      denied(await gql(query, { id: member.id }, "analyst"));
      denied(await gql(query, { id: member.id }, C2_STEWARD));
      expect((await ok<{ node: { code: string } }>(query, { id: member.id }, C1_STEWARD)).node.code).toBe("M1");
    });

    it("a steward's list names a place of the scope; a member reached through another place is still checked", async () => {
      denied(await gql(`{ members(asOf: "2022-06-01") { totalCount } }`, {}, C1_STEWARD));
      denied(await gql(`{ members(within: "C2", asOf: "2022-06-01") { totalCount } }`, {}, C1_STEWARD));
      expect((await ok<{ members: { totalCount: number } }>(`{ members(asOf: "2022-06-01") { totalCount } }`)).members.totalCount).toBe(2);
      // M2 lives in C2 but is registered with C1: both stewards see M2 …
      expect((await ok<{ member: { code: string } }>(`{ member(code: "M2", asOf: "2022-06-01") { code } }`, {}, C1_STEWARD)).member.code).toBe("M2");
      expect((await ok<{ member: { code: string } }>(`{ member(code: "M2", asOf: "2022-06-01") { code } }`, {}, C2_STEWARD)).member.code).toBe("M2");
      // … and before the registration existed only C2's steward does (as of the date asked).
      await ok(`mutation { updateMember(input: { code: "M2", date: "2023-01-01", endRegistration: true }) { member { code } } }`);
      denied(await gql(`{ member(code: "M2", asOf: "2023-01-01") { code } }`, {}, C1_STEWARD));
      // A pairing whose helper (R1-BR, C1) is in scope but whose beneficiary (C2) is not: the pairing
      // shows, its beneficiary is refused with an error at that field.
      await ok(CREATE_PAIRING, { input: { code: "P3", kind: "STUDENT", helper: "R1-BR", beneficiary: "BS1", validFrom: "2022-09-01" } });
      const response = denied(await gql(`{ pairing(code: "P3", asOf: "2022-10-01") { code beneficiary { code } } }`, {}, C1_STEWARD));
      expect(response.data).toEqual({ pairing: { code: "P3", beneficiary: null } });
      expect((response.errors![0] as { path?: unknown }).path).toEqual(["pairing", "beneficiary"]);
    });

    it("writes: a steward writes people of the scope only, and the graph stays unchanged otherwise", async () => {
      const before = await graphFingerprint(hub.db);
      const input = { code: "M9", name: "黨員庚", status: "FORMAL", validFrom: "2022-01-01", organisation: "R1-BR", residence: "R1-B2" };
      denied(await gql(REGISTER_MEMBER, { input }, C2_STEWARD));
      denied(await gql(REGISTER_MEMBER, { input }, "analyst"));
      denied(await gql(`mutation { transferMember(input: { code: "M1", organisation: "R2-BR", date: "2023-01-01" }) { member { code } } }`, {}, C1_STEWARD));
      denied(await gql(`mutation { endPairing(input: { code: "P1", date: "2022-12-01" }) { pairing { code } } }`, {}, C2_STEWARD));
      denied(await gql(CREATE_PAIRING, { input: { code: "P9", kind: "STUDENT", helper: "R1-BR", beneficiary: "BS1", validFrom: "2022-09-01" } }, C1_STEWARD));
      expect(await graphFingerprint(hub.db)).toBe(before);
      expect((await ok<{ registerMember: { member: { code: string } } }>(REGISTER_MEMBER, { input }, C1_STEWARD)).registerMember.member.code).toBe("M9");
    });
  });

  it.each([
    ["a residence that is not a building", REGISTER_MEMBER, { code: "M9", name: "x", status: "FORMAL", validFrom: "2022-01-01", organisation: "R1-BR", residence: "R1" }, "RULE_VIOLATION", "MEMBER_RESIDENCE"],
    ["a registration by a member not in service", REGISTER_MEMBER, { code: "M9", name: "x", status: "FORMAL", validFrom: "2022-01-01", organisation: "R1-BR", registeredWith: "C1" }, "RULE_VIOLATION", "REGISTRATION_IN_SERVICE"],
    ["a registration with a compound", REGISTER_MEMBER, { code: "M9", name: "x", status: "FORMAL", inService: true, validFrom: "2022-01-01", organisation: "R1-BR", registeredWith: "R1" }, "RULE_VIOLATION", "REGISTRATION_PLACE"],
    ["an unknown organisation", REGISTER_MEMBER, { code: "M9", name: "x", status: "FORMAL", validFrom: "2022-01-01", organisation: "NOPE" }, "NOT_FOUND", undefined],
    ["an organisation not valid at the start", REGISTER_MEMBER, { code: "M9", name: "x", status: "FORMAL", validFrom: "1999-01-01", organisation: "R1-BR" }, "NOT_FOUND", undefined],
    ["a duplicate code", REGISTER_MEMBER, { code: "M1", name: "x", status: "FORMAL", validFrom: "2022-01-01", organisation: "R1-BR" }, "DUPLICATE_CODE", undefined],
    ["reversed dates", REGISTER_MEMBER, { code: "M9", name: "x", status: "FORMAL", validFrom: "2022-01-01", validTo: "2021-01-01", organisation: "R1-BR" }, "INVALID_DATE_RANGE", undefined],
    ["a beneficiary in a district", REGISTER_BENEFICIARY, { code: "B9", name: "x", kind: "HOUSEHOLD", validFrom: "2022-01-01", livesIn: "XB" }, "RULE_VIOLATION", "BENEFICIARY_PLACE"],
    ["a pairing of the wrong kind", CREATE_PAIRING, { code: "P9", kind: "STUDENT", helper: "R1-BR", beneficiary: "BH1", validFrom: "2022-09-01" }, "RULE_VIOLATION", "PAIRING_KIND"],
    ["a second, overlapping pairing of the same two", CREATE_PAIRING, { code: "P9", kind: "HOUSEHOLD", helper: "R1-BR", beneficiary: "BH1", validFrom: "2023-01-01" }, "RULE_VIOLATION", "DUPLICATE_PAIRING"],
    ["a helper that is a place", CREATE_PAIRING, { code: "P9", kind: "HOUSEHOLD", helper: "R1", beneficiary: "BH1", validFrom: "2023-03-01" }, "NOT_FOUND", undefined],
  ])("rejects %s and leaves the graph unchanged", async (_what, mutation, input, code, rule) => {
    const before = await graphFingerprint(hub.db);
    const response = await gql(mutation, { input });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code, ...(rule ? { rule } : {}) });
    expect(await graphFingerprint(hub.db)).toBe(before);
  });

  it.each([
    ["a transfer to the same organisation", `mutation { transferMember(input: { code: "M1", organisation: "R1-BR", date: "2023-01-01" }) { member { code } } }`, "RULE_VIOLATION", "TRANSFER_SAME_ORGANISATION"],
    ["ending a member who still helps in a pairing", `mutation { endMembership(input: { code: "M2", date: "2023-01-01" }) { member { code } } }`, "RULE_VIOLATION", "ACTIVE_PAIRINGS"],
    ["ending a record on its first day", `mutation { endMembership(input: { code: "M1", date: "2020-01-01" }) { member { code } } }`, "INVALID_DATE_RANGE", undefined],
    ["a dated change without a date", `mutation { updateMember(input: { code: "M1", residence: "R1-B2" }) { member { code } } }`, "BAD_USER_INPUT", undefined],
    ["taking a registered member out of service", `mutation { updateMember(input: { code: "M2", inService: false }) { member { code } } }`, "RULE_VIOLATION", "REGISTRATION_IN_SERVICE"],
    ["a stale version", `mutation { updateMember(input: { code: "M1", hardship: false, expectedVersion: 99 }) { member { code } } }`, "CONFLICT", undefined],
    ["ending a pairing that never ran then", `mutation { endPairing(input: { code: "P1", date: "2024-01-01" }) { pairing { code } } }`, "NOT_FOUND", undefined],
  ])("rejects %s and leaves the graph unchanged", async (_what, mutation, code, rule) => {
    const before = await graphFingerprint(hub.db);
    const response = await gql(mutation);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code, ...(rule ? { rule } : {}) });
    expect(await graphFingerprint(hub.db)).toBe(before);
  });

  it("takes a registered member out of service when the same update ends the registration (REGISTRATION_IN_SERVICE holds at the record's end)", async () => {
    await ok(`mutation { updateMember(input: { code: "M2", inService: false, date: "2024-01-01", endRegistration: true }) { member { code } } }`);
    const read = `query($d: LocalDate) { member(code: "M2", asOf: $d) { inService registeredWith { code } } }`;
    expect((await ok<{ member: unknown }>(read, { d: "2023-12-31" }, "admin")).member).toMatchObject({ inService: false, registeredWith: { code: "C1" } });
    expect((await ok<{ member: unknown }>(read, { d: "2024-01-01" }, "admin")).member).toMatchObject({ inService: false, registeredWith: null });
    // Registering it again while out of service is refused.
    const again = await gql(`mutation { updateMember(input: { code: "M2", date: "2024-06-01", registeredWith: "C1" }) { member { code } } }`, {}, "admin");
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "REGISTRATION_IN_SERVICE" });
  });
});
