import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Hub } from "../../src/server/hub.js";
import { graphFingerprint, resetGraph } from "../support/graph.js";
import { expectNotFound, postGraphql, startTestHub } from "../support/hub.js";

const CREATE = `mutation($input: CreatePlaceInput!) { createPlace(input: $input) { place { id code name kind version } } }`;

describe("places", () => {
  let hub: Hub;
  const gql = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) => postGraphql<T>(hub.url, query, variables);
  const create = async (input: Record<string, unknown>) => {
    const response = await gql(CREATE, { input });
    expect(response.errors).toBeUndefined();
    return response;
  };

  beforeAll(async () => {
    hub = await startTestHub({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent" });
  });
  afterAll(() => hub.stop());

  beforeEach(async () => {
    await resetGraph(hub.db);
    await create({ code: "XB", name: "新北區", kind: "DISTRICT", validFrom: "2000-01-01" });
    await create({ code: "LHT", name: "龍虎塘街道", kind: "SUBDISTRICT", validFrom: "2000-01-01", parent: "XB", facilityInvestmentYuan: 9000000 });
    await create({ code: "V1", name: "東村村委", kind: "VILLAGE_COMMITTEE", validFrom: "2000-01-01", parent: "LHT" });
    await create({ code: "C1", name: "東華社區", kind: "COMMUNITY", validFrom: "2020-07-01", parent: "LHT", staffCount: 6 });
    await create({ code: "R1", name: "東華苑", kind: "COMPOUND", compoundKind: "RESETTLEMENT", propertyManaged: false, validFrom: "2012-05-01", parent: "V1" });
  });

  it("navigates parent, children and ancestors as of a date, before, at and after a move", async () => {
    const move = await gql(`mutation { movePlace(input: { code: "R1", parent: "C1", date: "2020-07-01" }) { place { code } } }`);
    expect(move.errors).toBeUndefined();
    const dissolve = await gql<{ dissolvePlace: { place: unknown } }>(`mutation { dissolvePlace(input: { code: "V1", date: "2020-07-01" }) { place { code validTo } } }`);
    expect(dissolve.errors).toBeUndefined();
    expect(dissolve.data!.dissolvePlace.place).toEqual({ code: "V1", validTo: "2020-07-01" });
    const query = `query($asOf: LocalDate) { place(code: "R1", asOf: $asOf) { name parent { code } ancestors { code } parentHistory { place { code } validFrom validTo } } }`;
    const before = await gql<{ place: { parent: { code: string }; ancestors: { code: string }[] } }>(query, { asOf: "2020-06-30" });
    expect(before.data!.place.parent.code).toBe("V1");
    expect(before.data!.place.ancestors.map((a) => a.code)).toEqual(["V1", "LHT", "XB"]);
    const at = await gql<{ place: { parent: { code: string } } }>(query, { asOf: "2020-07-01" });
    expect(at.data!.place.parent.code).toBe("C1");
    const after = await gql<{ place: { parent: { code: string }; parentHistory: unknown[] } }>(query, { asOf: "2024-01-01" });
    expect(after.data!.place.parent.code).toBe("C1");
    expect(after.data!.place.parentHistory).toEqual([
      { place: { code: "C1" }, validFrom: "2020-07-01", validTo: null },
      { place: { code: "V1" }, validFrom: "2012-05-01", validTo: "2020-07-01" },
    ]);
    const children = `query($asOf: LocalDate) { place(code: "LHT", asOf: $asOf) { children { code } } }`;
    expect((await gql<{ place: { children: { code: string }[] } }>(children, { asOf: "2020-06-30" })).data!.place.children.map((c) => c.code)).toEqual(["V1"]);
    expect((await gql<{ place: { children: { code: string }[] } }>(children, { asOf: "2020-07-01" })).data!.place.children.map((c) => c.code)).toEqual(["C1"]);
    expectNotFound(await gql(`{ place(code: "V1", asOf: "2020-07-01") { code } }`), "place");
  });

  it("keeps identity across a rename and answers the name as of each date", async () => {
    await gql(`mutation { renamePlace(input: { code: "R1", name: "東華新苑", date: "2023-03-01" }) { place { code } } }`);
    const query = `query($asOf: LocalDate) { place(code: "R1", asOf: $asOf) { id entityId name nameHistory { name validFrom } } }`;
    const old = await gql<{ place: { id: string; entityId: string; name: string } }>(query, { asOf: "2023-02-28" });
    const renamed = await gql<{ place: { id: string; entityId: string; name: string; nameHistory: unknown[] } }>(query, { asOf: "2023-03-01" });
    expect(old.data!.place.name).toBe("東華苑");
    expect(renamed.data!.place.name).toBe("東華新苑");
    // One entity (entityId), two snapshots (id): a normalised cache keeps both dates apart.
    expect(renamed.data!.place.entityId).toBe(old.data!.place.entityId);
    expect(renamed.data!.place.id).not.toBe(old.data!.place.id);
    expect(renamed.data!.place.nameHistory).toEqual([
      { name: "東華苑", validFrom: "2012-05-01" },
      { name: "東華新苑", validFrom: "2023-03-01" },
    ]);
  });

  it("lists with filters and pages: empty, exact page, last page", async () => {
    const list = `query($first: Int, $after: String, $kinds: [PlaceKind!], $within: String, $name: String, $asOf: LocalDate) {
      places(first: $first, after: $after, kinds: $kinds, within: $within, nameContains: $name, asOf: $asOf) {
        totalCount edges { cursor node { code } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
    type List = { places: { totalCount: number; edges: { node: { code: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null } } };
    const empty = await gql<List>(list, { kinds: ["BUILDING"] });
    expect(empty.data!.places).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, endCursor: null } });
    const all = await gql<List>(list, { asOf: "2024-01-01" });
    expect(all.data!.places.edges.map((e) => e.node.code)).toEqual(["C1", "LHT", "R1", "V1", "XB"]);
    const exact = await gql<List>(list, { asOf: "2024-01-01", first: 5 });
    expect(exact.data!.places.pageInfo.hasNextPage).toBe(false);
    const first = await gql<List>(list, { asOf: "2024-01-01", first: 3 });
    expect(first.data!.places.pageInfo.hasNextPage).toBe(true);
    const last = await gql<List>(list, { asOf: "2024-01-01", first: 3, after: first.data!.places.pageInfo.endCursor });
    expect(last.data!.places.edges.map((e) => e.node.code)).toEqual(["V1", "XB"]);
    expect(last.data!.places.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(last.data!.places.totalCount).toBe(5);
    const within = await gql<List>(list, { within: "LHT", asOf: "2019-01-01" });
    expect(within.data!.places.edges.map((e) => e.node.code)).toEqual(["R1", "V1"]);
    const named = await gql<List>(list, { name: "東華", asOf: "2024-01-01" });
    expect(named.data!.places.edges.map((e) => e.node.code)).toEqual(["C1", "R1"]);
    const tooMany = await gql(list, { first: 101 });
    expect(tooMany.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    const badCursor = await gql(list, { after: "bm9wZQ" });
    expect(badCursor.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
  });

  it.each([
    ["a duplicate code", { code: "R1", name: "x", kind: "COMPOUND", validFrom: "2021-01-01", parent: "C1" }, "DUPLICATE_CODE"],
    ["reversed dates", { code: "R9", name: "x", kind: "COMPOUND", validFrom: "2021-01-01", validTo: "2020-01-01", parent: "C1" }, "INVALID_DATE_RANGE"],
    ["an unknown parent", { code: "R9", name: "x", kind: "COMPOUND", validFrom: "2021-01-01", parent: "NOPE" }, "NOT_FOUND"],
    ["a parent not valid at the date", { code: "R9", name: "x", kind: "COMPOUND", validFrom: "2019-01-01", parent: "C1" }, "NOT_FOUND"],
    ["a building in a community", { code: "B9", name: "x", kind: "BUILDING", validFrom: "2021-01-01", parent: "C1" }, "RULE_VIOLATION"],
    ["a malformed code", { code: "r 1", name: "x", kind: "COMPOUND", validFrom: "2021-01-01", parent: "C1" }, "BAD_USER_INPUT"],
    ["an attribute of another kind", { code: "R9", name: "x", kind: "COMPOUND", validFrom: "2021-01-01", parent: "C1", staffCount: 3 }, "BAD_USER_INPUT"],
  ])("rejects %s and leaves the graph unchanged", async (_what, input, code) => {
    const before = await graphFingerprint(hub.db);
    const response = await gql(CREATE, { input });
    expect(response.errors![0]!.extensions!.code).toBe(code);
    expect(await graphFingerprint(hub.db)).toBe(before);
  });

  it("refuses to dissolve a place with children, and refuses a move into its own descendant", async () => {
    const before = await graphFingerprint(hub.db);
    const dissolve = await gql<{ dissolvePlace: { place: unknown } }>(`mutation { dissolvePlace(input: { code: "V1", date: "2019-01-01" }) { place { code } } }`);
    expect(dissolve.errors![0]!.extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "ACTIVE_SUBORDINATES" });
    await create({ code: "CY1", name: "院落", kind: "COURTYARD", validFrom: "2015-01-01", parent: "R1" });
    const cycle = await gql(`mutation { movePlace(input: { code: "R1", parent: "CY1", date: "2016-01-01" }) { place { code } } }`);
    expect(cycle.errors![0]!.extensions!.code).toBe("RULE_VIOLATION");
    const after = await graphFingerprint(hub.db);
    expect(after).not.toBe(before); // the courtyard was added
    const stale = await gql(`mutation { renamePlace(input: { code: "R1", name: "x", date: "2024-01-01", expectedVersion: 99 }) { place { code } } }`);
    expect(stale.errors![0]!.extensions!.code).toBe("CONFLICT");
    expect(await graphFingerprint(hub.db)).toBe(after);
  });
});
