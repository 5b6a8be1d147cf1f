import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { snapshotId } from "../../src/graph/snapshot.js";
import type { Hub } from "../../src/server/hub.js";
import { graphFingerprint, resetGraph } from "../support/graph.js";
import { expectNotFound, postGraphql, startTestHub } from "../support/hub.js";
import { ok, REGISTER_UNIT, seedNetwork } from "./fixtures.js";

type Codes = { code: string }[];

describe("units", () => {
  let hub: Hub;
  const gql = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) => postGraphql<T>(hub.url, query, variables);
  const register = async (input: Record<string, unknown>) => ok(await gql(REGISTER_UNIT, { input }));
  const codes = (list: Codes) => list.map((item) => item.code);

  beforeAll(async () => {
    hub = await startTestHub({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent" });
  });
  afterAll(() => hub.stop());

  beforeEach(async () => {
    await resetGraph(hub.db);
    await seedNetwork(hub.url, hub.db);
    await register({ code: "U1", name: "龍虎塘中學", kind: "RESIDENT_UNIT", sector: "school", formalPartyMembers: 40, validFrom: "2000-09-01", location: "LHT" });
    await register({ code: "U2", name: "東華科技有限公司", kind: "NEW_ECONOMIC_ORGANISATION", formalPartyMembers: 2, validFrom: "2020-07-01", location: "SB" });
  });

  it("registers a unit with its attributes and defaults", async () => {
    const { unit } = ok(await gql<{ unit: Record<string, unknown> }>(`{ unit(code: "U1", asOf: "2024-01-01") { code name kind sector formalPartyMembers operating validFrom validTo version asOf } }`));
    expect(unit).toEqual({
      code: "U1",
      name: "龍虎塘中學",
      kind: "RESIDENT_UNIT",
      sector: "school",
      formalPartyMembers: 40,
      operating: true,
      validFrom: "2000-09-01",
      validTo: null,
      version: 1,
      asOf: "2024-01-01",
    });
    const byId = ok(await gql<{ unit: { id: string } }>(`{ unit(code: "U2") { id } }`));
    const node = ok(await gql<{ node: { __typename: string; code: string } }>(`query($id: ID!) { node(id: $id) { __typename ... on Unit { code } } }`, { id: byId.unit.id }));
    expect(node.node).toEqual({ __typename: "Unit", code: "U2" });
    expect(ok(await gql<{ unit: { code: string } }>(`query($id: ID) { unit(id: $id) { code } }`, { id: byId.unit.id })).unit.code).toBe("U2");
    const before = await gql<{ unit: null }>(`{ unit(code: "U2", asOf: "2020-06-30") { code } }`);
    expect(before.data!.unit).toBeNull();
    expect(before.errors![0]!.extensions).toMatchObject({ code: "NOT_FOUND", asOf: "2020-06-30" });
    expect((await gql(`{ unit { code } }`)).errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
  });

  it("navigates unit ↔ place before, at and after a move, with the location history", async () => {
    ok(await gql(`mutation { moveUnit(input: { code: "U1", place: "C1", date: "2020-07-01" }) { unit { code version } } }`));
    const query = `query($asOf: LocalDate) { unit(code: "U1", asOf: $asOf) { location { code } locationHistory { place { code } validFrom validTo } } }`;
    type Located = { unit: { location: { code: string } | null; locationHistory: unknown[] } };
    expect(ok(await gql<Located>(query, { asOf: "2020-06-30" })).unit.location).toEqual({ code: "LHT" });
    expect(ok(await gql<Located>(query, { asOf: "2020-07-01" })).unit.location).toEqual({ code: "C1" });
    const later = ok(await gql<Located>(query, { asOf: "2024-01-01" }));
    expect(later.unit.location).toEqual({ code: "C1" });
    expect(later.unit.locationHistory).toEqual([
      { place: { code: "C1" }, validFrom: "2020-07-01", validTo: null },
      { place: { code: "LHT" }, validFrom: "2000-09-01", validTo: "2020-07-01" },
    ]);
    const placeUnits = `query($code: String!, $asOf: LocalDate, $kinds: [UnitKind!]) { place(code: $code, asOf: $asOf) { units(kinds: $kinds) { code } } }`;
    type PlaceUnits = { place: { units: Codes } };
    expect(codes(ok(await gql<PlaceUnits>(placeUnits, { code: "LHT", asOf: "2020-06-30" })).place.units)).toEqual(["U1"]);
    expect(codes(ok(await gql<PlaceUnits>(placeUnits, { code: "LHT", asOf: "2020-07-01" })).place.units)).toEqual([]);
    expect(codes(ok(await gql<PlaceUnits>(placeUnits, { code: "C1", asOf: "2020-07-01" })).place.units)).toEqual(["U1"]);
    expect(codes(ok(await gql<PlaceUnits>(placeUnits, { code: "SB", asOf: "2024-01-01" })).place.units)).toEqual(["U2"]);
    expect(codes(ok(await gql<PlaceUnits>(placeUnits, { code: "SB", asOf: "2024-01-01", kinds: ["RESIDENT_UNIT"] })).place.units)).toEqual([]);
  });

  it("navigates coverage both ways, before, at and after its start and end", async () => {
    const covered = ok(
      await gql<{ coverUnit: { coverage: { organisation: { id: string; code: string }; unit: { code: string }; mode: string; validFrom: string; validTo: string } } }>(
        `mutation { coverUnit(input: { organisation: "BR1", unit: "U2", mode: JOINT, validFrom: "2021-01-01", validTo: "2023-01-01" }) { coverage {
          organisation { id code } unit { code } mode validFrom validTo } } }`,
      ),
    ).coverUnit.coverage;
    expect(covered).toMatchObject({ organisation: { code: "BR1" }, unit: { code: "U2" }, mode: "JOINT", validFrom: "2021-01-01", validTo: "2023-01-01" });
    const fromUnit = `query($asOf: LocalDate) { unit(code: "U2", asOf: $asOf) { coveredBy { organisation { code } unit { code } mode validFrom validTo } } }`;
    type FromUnit = { unit: { coveredBy: unknown[] } };
    expect(ok(await gql<FromUnit>(fromUnit, { asOf: "2020-12-31" })).unit.coveredBy).toEqual([]);
    const joint = [{ organisation: { code: "BR1" }, unit: { code: "U2" }, mode: "JOINT", validFrom: "2021-01-01", validTo: "2023-01-01" }];
    expect(ok(await gql<FromUnit>(fromUnit, { asOf: "2021-01-01" })).unit.coveredBy).toEqual(joint);
    expect(ok(await gql<FromUnit>(fromUnit, { asOf: "2022-12-31" })).unit.coveredBy).toEqual(joint);
    expect(ok(await gql<FromUnit>(fromUnit, { asOf: "2023-01-01" })).unit.coveredBy).toEqual([]);
    const fromOrganisation = `query($id: ID!) { node(id: $id) { ... on Organisation { covers { organisation { code } unit { code } mode } } } }`;
    type FromOrganisation = { node: { covers: unknown[] } };
    const code = covered.organisation.code;
    expect(ok(await gql<FromOrganisation>(fromOrganisation, { id: snapshotId("Organisation", code, "2020-12-31") })).node.covers).toEqual([]);
    expect(ok(await gql<FromOrganisation>(fromOrganisation, { id: snapshotId("Organisation", code, "2021-01-01") })).node.covers).toEqual([{ organisation: { code: "BR1" }, unit: { code: "U2" }, mode: "JOINT" }]);
    expect(ok(await gql<FromOrganisation>(fromOrganisation, { id: snapshotId("Organisation", code, "2023-01-01") })).node.covers).toEqual([]);

    ok(await gql(`mutation { coverUnit(input: { organisation: "GB1", unit: "U1", mode: REGIONAL, validFrom: "2020-07-01" }) { coverage { mode } } }`));
    const ended = ok(await gql<{ endCoverage: { coverage: unknown } }>(`mutation { endCoverage(input: { organisation: "GB1", unit: "U1", date: "2022-01-01" }) { coverage { organisation { code } mode validFrom validTo } } }`));
    expect(ended.endCoverage.coverage).toEqual({ organisation: { code: "GB1" }, mode: "REGIONAL", validFrom: "2020-07-01", validTo: "2022-01-01" });
    const u1 = `query($asOf: LocalDate) { unit(code: "U1", asOf: $asOf) { coveredBy { organisation { code } validTo } } }`;
    expect(ok(await gql<FromUnit>(u1, { asOf: "2021-12-31" })).unit.coveredBy).toEqual([{ organisation: { code: "GB1" }, validTo: "2022-01-01" }]);
    expect(ok(await gql<FromUnit>(u1, { asOf: "2022-01-01" })).unit.coveredBy).toEqual([]);
    // A new coverage may follow the ended one on its end day: half-open spans do not overlap.
    ok(await gql(`mutation { coverUnit(input: { organisation: "GB1", unit: "U1", mode: OWN, validFrom: "2022-01-01" }) { coverage { mode } } }`));
    expect(ok(await gql<FromUnit>(u1, { asOf: "2022-01-01" })).unit.coveredBy).toEqual([{ organisation: { code: "GB1" }, validTo: null }]);
  });

  it("a coverage belongs to its organisation: opening and ending it raise the organisation's version; a stale expectedVersion ends nothing", async () => {
    const version = async () => ok(await gql<{ organisation: { version: number } }>(`{ organisation(code: "GB1", asOf: "2021-01-01") { version } }`)).organisation.version;
    const v0 = await version();
    type Opened = { coverUnit: { coverage: { organisation: { version: number } }; warnings: unknown[] } };
    const opened = ok(await gql<Opened>(`mutation { coverUnit(input: { organisation: "GB1", unit: "U1", mode: REGIONAL, validFrom: "2020-07-01" }) { coverage { organisation { version } } warnings { rule } } }`));
    expect(opened.coverUnit).toEqual({ coverage: { organisation: { version: v0 + 1 } }, warnings: [] });
    expect(await version()).toBe(v0 + 1);

    const before = await graphFingerprint(hub.db);
    const stale = await gql(`mutation($v: Int) { endCoverage(input: { organisation: "GB1", unit: "U1", date: "2022-01-01", expectedVersion: $v }) { coverage { validTo } } }`, { v: v0 });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", currentVersion: v0 + 1, expectedVersion: v0 });
    expect(await graphFingerprint(hub.db)).toBe(before);

    type Ended = { endCoverage: { coverage: { validTo: string; organisation: { version: number } } } };
    const ended = ok(await gql<Ended>(`mutation($v: Int) { endCoverage(input: { organisation: "GB1", unit: "U1", date: "2022-01-01", expectedVersion: $v }) { coverage { validTo organisation { version } } } }`, { v: v0 + 1 }));
    expect(ended.endCoverage.coverage).toEqual({ validTo: "2022-01-01", organisation: { version: v0 + 2 } });
  });

  it("navigates work coverage both ways, before, at and after its start and end", async () => {
    const assigned = ok(
      await gql<{ assignWorkCoverage: { workCoverage: { organisation: { id: string }; unit: { code: string }; role: string } } }>(
        `mutation { assignWorkCoverage(input: { unit: "U2", organisation: "GB1", role: LIAISON, validFrom: "2021-06-01" }) { workCoverage { organisation { id } unit { code } role } } }`,
      ),
    ).assignWorkCoverage.workCoverage;
    expect(assigned).toMatchObject({ unit: { code: "U2" }, role: "LIAISON" });
    const fromUnit = `query($asOf: LocalDate) { unit(code: "U2", asOf: $asOf) { workCoveredBy { organisation { code } role validFrom validTo } } }`;
    type FromUnit = { unit: { workCoveredBy: unknown[] } };
    expect(ok(await gql<FromUnit>(fromUnit, { asOf: "2021-05-31" })).unit.workCoveredBy).toEqual([]);
    expect(ok(await gql<FromUnit>(fromUnit, { asOf: "2021-06-01" })).unit.workCoveredBy).toEqual([{ organisation: { code: "GB1" }, role: "LIAISON", validFrom: "2021-06-01", validTo: null }]);
    const fromOrganisation = `query($id: ID!) { node(id: $id) { ... on Organisation { workCovers { unit { code } role } } } }`;
    type FromOrganisation = { node: { workCovers: unknown[] } };
    const code = "GB1";
    expect(ok(await gql<FromOrganisation>(fromOrganisation, { id: snapshotId("Organisation", code, "2021-05-31") })).node.workCovers).toEqual([]);
    expect(ok(await gql<FromOrganisation>(fromOrganisation, { id: snapshotId("Organisation", code, "2021-06-01") })).node.workCovers).toEqual([{ unit: { code: "U2" }, role: "LIAISON" }]);
    const ended = ok(await gql<{ endWorkCoverage: { workCoverage: unknown } }>(`mutation { endWorkCoverage(input: { unit: "U2", organisation: "GB1", date: "2023-03-01" }) { workCoverage { unit { code } role validTo } } }`));
    expect(ended.endWorkCoverage.workCoverage).toEqual({ unit: { code: "U2" }, role: "LIAISON", validTo: "2023-03-01" });
    expect(ok(await gql<FromUnit>(fromUnit, { asOf: "2023-02-28" })).unit.workCoveredBy).toHaveLength(1);
    expect(ok(await gql<FromUnit>(fromUnit, { asOf: "2023-03-01" })).unit.workCoveredBy).toEqual([]);
    expect(ok(await gql<FromOrganisation>(fromOrganisation, { id: snapshotId("Organisation", code, "2023-03-01") })).node.workCovers).toEqual([]);
  });

  it("renames, corrects and dissolves a unit, ending its links with it", async () => {
    ok(await gql(`mutation { renameUnit(input: { code: "U2", name: "東華智能科技", date: "2023-03-01", expectedVersion: 1 }) { unit { code } } }`));
    const names = `query($asOf: LocalDate) { unit(code: "U2", asOf: $asOf) { id entityId name } }`;
    const before = ok(await gql<{ unit: { id: string; entityId: string; name: string } }>(names, { asOf: "2023-02-28" }));
    const after = ok(await gql<{ unit: { id: string; entityId: string; name: string } }>(names, { asOf: "2023-03-01" }));
    expect([before.unit.name, after.unit.name]).toEqual(["東華科技有限公司", "東華智能科技"]);
    // One entity, two snapshots: the date-free identity stays, the snapshot id differs.
    expect(after.unit.entityId).toBe(before.unit.entityId);
    expect(after.unit.id).not.toBe(before.unit.id);

    const updated = ok(await gql<{ updateUnit: { unit: unknown } }>(`mutation { updateUnit(input: { code: "U2", formalPartyMembers: 5, operating: false, expectedVersion: 2 }) { unit { formalPartyMembers operating sector version } } }`));
    expect(updated.updateUnit.unit).toEqual({ formalPartyMembers: 5, operating: false, sector: null, version: 3 });

    ok(await gql(`mutation { coverUnit(input: { organisation: "BR1", unit: "U2", mode: JOINT, validFrom: "2021-01-01" }) { coverage { mode } } }`));
    const dissolved = ok(await gql<{ dissolveUnit: { unit: unknown } }>(`mutation { dissolveUnit(input: { code: "U2", date: "2024-01-01" }) { unit { code validTo } } }`));
    expect(dissolved.dissolveUnit.unit).toEqual({ code: "U2", validTo: "2024-01-01" });
    expectNotFound(await gql(`{ unit(code: "U2", asOf: "2024-01-01") { code } }`), "unit");
    const lastDay = ok(await gql<{ unit: { location: { code: string }; coveredBy: { validTo: string }[] } }>(`{ unit(code: "U2", asOf: "2023-12-31") { location { code } coveredBy { validTo } } }`));
    expect(lastDay.unit).toEqual({ location: { code: "SB" }, coveredBy: [{ validTo: "2024-01-01" }] });
    const place = ok(await gql<{ place: { units: Codes } }>(`{ place(code: "SB", asOf: "2024-01-01") { units { code } } }`));
    expect(place.place.units).toEqual([]);
  });

  it("lists with filters and pages: empty, exact page, last page", async () => {
    await register({ code: "U3", name: "東華社工服務社", kind: "NEW_SOCIAL_ORGANISATION", validFrom: "2021-01-01", location: "C1", operating: false });
    await register({ code: "U4", name: "新橋派出所", kind: "DISPATCHED_AGENCY", sector: "police", validFrom: "2005-01-01", location: "C2" });
    const list = `query($first: Int, $after: String, $kinds: [UnitKind!], $within: String, $name: String, $operating: Boolean, $asOf: LocalDate) {
      units(first: $first, after: $after, kinds: $kinds, within: $within, nameContains: $name, operating: $operating, asOf: $asOf) {
        totalCount edges { cursor node { code } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    type List = { units: { totalCount: number; edges: { node: { code: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null } } };
    const page = async (variables: Record<string, unknown>) => ok(await gql<List>(list, { asOf: "2024-01-01", ...variables })).units;
    const listed = async (variables: Record<string, unknown>) => (await page(variables)).edges.map((edge) => edge.node.code);

    expect(await page({ kinds: ["RESIDENT_UNIT"], within: "C2" })).toEqual({
      totalCount: 0,
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
    expect(await listed({})).toEqual(["U1", "U2", "U3", "U4"]);
    expect(await listed({ asOf: "2020-06-30" })).toEqual(["U1", "U4"]);
    const exact = await page({ first: 4 });
    expect(exact.pageInfo.hasNextPage).toBe(false);
    expect(exact.edges).toHaveLength(4);
    const first = await page({ first: 3 });
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const last = await page({ first: 3, after: first.pageInfo.endCursor });
    expect(last.edges.map((edge) => edge.node.code)).toEqual(["U4"]);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(last.totalCount).toBe(4);
    expect(await page({ first: 0 })).toMatchObject({ edges: [], pageInfo: { hasNextPage: true } });

    // Within: located in the place or anywhere below it, on the date.
    expect(await listed({ within: "C1" })).toEqual(["U2", "U3"]);
    expect(await listed({ within: "LHT" })).toEqual(["U1", "U2", "U3", "U4"]);
    expect(await listed({ within: "SB" })).toEqual(["U2"]);
    expect(await listed({ kinds: ["NEW_ECONOMIC_ORGANISATION", "NEW_SOCIAL_ORGANISATION"] })).toEqual(["U2", "U3"]);
    expect(await listed({ name: "東華" })).toEqual(["U2", "U3"]);
    expect(await listed({ operating: false })).toEqual(["U3"]);
    expect(await listed({ operating: true, within: "C1" })).toEqual(["U2"]);
    expect((await gql(list, { first: 101 })).errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect((await gql(list, { after: "bm9wZQ" })).errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
  });

  const registerCase = (input: Record<string, unknown>) => [REGISTER_UNIT, { input }] as const;
  it.each([
    ["a duplicate code", ...registerCase({ code: "U1", name: "x", kind: "RESIDENT_UNIT", validFrom: "2021-01-01", location: "C1" }), "DUPLICATE_CODE"],
    ["a code used by a place", ...registerCase({ code: "C1", name: "x", kind: "RESIDENT_UNIT", validFrom: "2021-01-01", location: "C1" }), "DUPLICATE_CODE"],
    ["a malformed code", ...registerCase({ code: "u 9", name: "x", kind: "RESIDENT_UNIT", validFrom: "2021-01-01", location: "C1" }), "BAD_USER_INPUT"],
    ["reversed dates", ...registerCase({ code: "U9", name: "x", kind: "RESIDENT_UNIT", validFrom: "2021-01-01", validTo: "2020-01-01", location: "C1" }), "INVALID_DATE_RANGE"],
    ["an empty life", ...registerCase({ code: "U9", name: "x", kind: "RESIDENT_UNIT", validFrom: "2021-01-01", validTo: "2021-01-01", location: "C1" }), "INVALID_DATE_RANGE"],
    ["an unknown location", ...registerCase({ code: "U9", name: "x", kind: "RESIDENT_UNIT", validFrom: "2021-01-01", location: "NOPE" }), "NOT_FOUND"],
    ["a location not valid at the start", ...registerCase({ code: "U9", name: "x", kind: "RESIDENT_UNIT", validFrom: "2019-01-01", location: "C1" }), "NOT_FOUND"],
    ["an organisation as location", ...registerCase({ code: "U9", name: "x", kind: "RESIDENT_UNIT", validFrom: "2021-01-01", location: "GB1" }), "NOT_FOUND"],
    ["a move to an unknown place", `mutation { moveUnit(input: { code: "U1", place: "NOPE", date: "2021-01-01" }) { unit { code } } }`, {}, "NOT_FOUND"],
    ["a move before the place exists", `mutation { moveUnit(input: { code: "U1", place: "C1", date: "2019-01-01" }) { unit { code } } }`, {}, "NOT_FOUND"],
    ["a move before the unit exists", `mutation { moveUnit(input: { code: "U2", place: "C2", date: "2019-01-01" }) { unit { code } } }`, {}, "NOT_FOUND"],
    ["a move of a stale version", `mutation { moveUnit(input: { code: "U1", place: "C2", date: "2021-01-01", expectedVersion: 7 }) { unit { code } } }`, {}, "CONFLICT"],
    ["a rename of an unknown unit", `mutation { renameUnit(input: { code: "GB1", name: "x", date: "2021-01-01" }) { unit { code } } }`, {}, "NOT_FOUND"],
    ["an update of a stale version", `mutation { updateUnit(input: { code: "U1", sector: "x", expectedVersion: 9 }) { unit { code } } }`, {}, "CONFLICT"],
    ["a dissolution on the first day", `mutation { dissolveUnit(input: { code: "U2", date: "2020-07-01" }) { unit { code } } }`, {}, "INVALID_DATE_RANGE"],
    ["a coverage by a place", `mutation { coverUnit(input: { organisation: "C1", unit: "U1", mode: OWN, validFrom: "2021-01-01" }) { coverage { mode } } }`, {}, "NOT_FOUND"],
    ["a coverage before the unit exists", `mutation { coverUnit(input: { organisation: "WC", unit: "U2", mode: REGIONAL, validFrom: "2019-01-01" }) { coverage { mode } } }`, {}, "NOT_FOUND"],
    ["a coverage with reversed dates", `mutation { coverUnit(input: { organisation: "GB1", unit: "U1", mode: OWN, validFrom: "2022-01-01", validTo: "2021-01-01" }) { coverage { mode } } }`, {}, "INVALID_DATE_RANGE"],
    ["an end of a coverage that does not hold", `mutation { endCoverage(input: { organisation: "GB1", unit: "U1", date: "2022-01-01" }) { coverage { mode } } }`, {}, "NOT_FOUND"],
    ["a work coverage by a unit", `mutation { assignWorkCoverage(input: { unit: "U2", organisation: "U1", role: LIAISON, validFrom: "2021-01-01" }) { workCoverage { role } } }`, {}, "NOT_FOUND"],
    ["an end of a work coverage that does not hold", `mutation { endWorkCoverage(input: { unit: "U2", organisation: "GB1", date: "2022-01-01" }) { workCoverage { role } } }`, {}, "NOT_FOUND"],
  ])("rejects %s and leaves the graph unchanged", async (_what, query, variables, code) => {
    const before = await graphFingerprint(hub.db);
    const response = await gql(query, variables);
    expect(response.errors?.[0]?.extensions?.code, response.errors?.[0]?.message).toBe(code);
    expect(response.errors![0]!.message).not.toMatch(/Unexpected|internal/i);
    expect(await graphFingerprint(hub.db)).toBe(before);
  });

  it.each([
    [
      "a second coverage of the same unit by the same organisation",
      `mutation { coverUnit(input: { organisation: "BR1", unit: "U2", mode: OWN, validFrom: "2022-06-01" }) { coverage { mode } } }`,
      "OVERLAPPING_LINK",
    ],
    [
      "a second work coverage by the same organisation",
      `mutation { assignWorkCoverage(input: { unit: "U2", organisation: "GB1", role: INSTRUCTOR, validFrom: "2020-09-01", validTo: "2021-07-01" }) { workCoverage { role } } }`,
      "OVERLAPPING_LINK",
    ],
    ["a move that would overlap a location already planned", `mutation { moveUnit(input: { code: "U1", place: "SB", date: "2024-01-01" }) { unit { code } } }`, "SINGLE_LOCATION"],
  ])("rejects %s (RULE_VIOLATION) and leaves the graph unchanged", async (_what, query, rule) => {
    ok(await gql(`mutation { coverUnit(input: { organisation: "BR1", unit: "U2", mode: JOINT, validFrom: "2021-01-01" }) { coverage { mode } } }`));
    ok(await gql(`mutation { assignWorkCoverage(input: { unit: "U2", organisation: "GB1", role: LIAISON, validFrom: "2021-06-01" }) { workCoverage { role } } }`));
    ok(await gql(`mutation { moveUnit(input: { code: "U1", place: "C2", date: "2025-01-01" }) { unit { code } } }`));
    const before = await graphFingerprint(hub.db);
    const response = await gql(query);
    expect(response.errors?.[0]?.extensions, response.errors?.[0]?.message).toMatchObject({ code: "RULE_VIOLATION", rule });
    expect(await graphFingerprint(hub.db)).toBe(before);
  });
});
