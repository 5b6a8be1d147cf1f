import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Role } from "../../src/auth/index.js";
import type { Hub } from "../../src/server/hub.js";
import { graphFingerprint, resetGraph } from "../support/graph.js";
import { dataWithNotFound, expectNotFound, postGraphql, startTestHub, type TestIdentity } from "../support/hub.js";

const CREATE_PLACE = `mutation($input: CreatePlaceInput!) { createPlace(input: $input) { place { code } } }`;
const CREATE_ORG = `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { organisation { code } } }`;
const MERGER = `mutation($input: MergerInput!) { applyMerger(input: $input) { changeEvent { code kind date source originals { code } results { code } } } }`;
const SPLIT = `mutation($input: SplitInput!) { applySplit(input: $input) { changeEvent { code kind originals { code } results { code } } } }`;
const RECORD = `mutation($input: RecordChangeEventInput!) { recordChangeEvent(input: $input) { changeEvent { code kind name } } }`;

const DATE = "2020-07-01";
const BEFORE = "2020-06-30";

type Who = TestIdentity | Role;
// Response shapes vary per query below; the assertions say what they must be.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const codes = (list: { code: string }[]) => list.map((item) => item.code);

/** The Longhutang merger, step 1: the villages and the old town become a community; their organisations are rebuilt there for step 2. */
const PLACE_MERGER = {
  code: "EV-2020-C1",
  date: DATE,
  source: "社區構建問題報告，一、基本情況",
  originals: ["V1", "V2", "OT"],
  result: { place: { code: "C1", name: "龍錦社區", kind: "COMMUNITY", parent: "LHT" } },
  organisations: [
    { organisation: "V1-GB", action: "REBUILD" },
    { organisation: "V2-BR", action: "REBUILD" },
    { organisation: "OT-GB", action: "REBUILD" },
  ],
};

/** Step 2: their organisations merge into the community's general branch; subordinates and members follow. */
const ORGANISATION_MERGER = {
  code: "EV-2020-C1-GB",
  date: DATE,
  originals: ["V1-GB", "V2-BR", "OT-GB"],
  result: { organisation: { code: "C1-GB", name: "龍錦社區黨總支", kind: "GENERAL_BRANCH", builtAt: ["C1"], leaders: [{ organisation: "WC" }] } },
};

describe("history: change events, mergers, splits, lineage", () => {
  let hub: Hub;
  const gql = <T = Json>(query: string, variables: Record<string, unknown> = {}, as: Who = {}) => postGraphql<T>(hub.url, query, variables, {}, as);
  const ok = async <T = Json>(query: string, variables: Record<string, unknown> = {}, as: Who = {}) => {
    const response = await gql<T>(query, variables, as);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const place = (input: Record<string, unknown>) => ok(CREATE_PLACE, { input: { validFrom: "2000-01-01", ...input } });
  const org = (input: Record<string, unknown>) => ok(CREATE_ORG, { input: { validFrom: "2000-01-01", ...input } });
  const zeroLengthLinks = async () => Number((await hub.db.read({ name: "test.zeroLength", cypher: "MATCH ()-[r]->() WHERE r.validFrom = r.validTo RETURN count(r) AS n" }))[0]!.n);

  beforeAll(async () => {
    // A merger plans several statements the first time; on a busy machine that outlasts the 15 s request limit.
    hub = await startTestHub({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent", NEO4J_TX_TIMEOUT_MS: "60000" });
  });
  afterAll(() => hub.stop());

  beforeEach(async () => {
    await resetGraph(hub.db);
    await place({ code: "XB", name: "新北區", kind: "DISTRICT" });
    await place({ code: "LHT", name: "龍虎塘街道", kind: "SUBDISTRICT", parent: "XB" });
    await place({ code: "V1", name: "新堂村", kind: "VILLAGE_COMMITTEE", parent: "LHT" });
    await place({ code: "V2", name: "東港村", kind: "VILLAGE_COMMITTEE", parent: "LHT" });
    await place({ code: "OT", name: "老鎮區", kind: "OLD_TOWN_DISTRICT", parent: "LHT" });
    await place({ code: "R1", name: "新堂花苑", kind: "COMPOUND", parent: "V1" });
    await place({ code: "R1-B1", name: "1幢", kind: "BUILDING", parent: "R1" });
    await place({ code: "R2", name: "東港花苑", kind: "COMPOUND", parent: "V2" });
    await place({ code: "Y1", name: "東港院落", kind: "COURTYARD", parent: "V2" });
    await place({ code: "R3", name: "老街小區", kind: "COMPOUND", parent: "OT" });
    await org({ code: "DC", name: "新北區委", kind: "DISTRICT_COMMITTEE", builtAt: ["XB"] });
    await org({ code: "WC", name: "龍虎塘街道黨工委", kind: "WORKING_COMMITTEE", builtAt: ["LHT"], leaders: [{ organisation: "DC" }] });
    await org({ code: "V1-GB", name: "新堂村黨總支", kind: "GENERAL_BRANCH", builtAt: ["V1"], leaders: [{ organisation: "WC" }] });
    await org({ code: "V2-BR", name: "東港村黨支部", kind: "BRANCH", builtAt: ["V2"], leaders: [{ organisation: "WC" }] });
    await org({ code: "OT-GB", name: "老鎮區黨總支", kind: "GENERAL_BRANCH", builtAt: ["OT"], leaders: [{ organisation: "WC" }] });
    await org({ code: "R1-BR", name: "新堂花苑黨支部", kind: "BRANCH", builtAt: ["R1"], leaders: [{ organisation: "V1-GB" }] });
    await org({ code: "R1-G1", name: "1幢黨小組", kind: "GROUP", builtAt: ["R1-B1"], leaders: [{ organisation: "R1-BR" }] });
    await ok(`mutation { registerUnit(input: { code: "U1", name: "東港小學", kind: RESIDENT_UNIT, location: "V2", validFrom: "2000-01-01" }) { unit { code } } }`);
    await ok(`mutation { registerMember(input: { code: "M1", name: "黨員甲", status: FORMAL, validFrom: "2010-01-01", organisation: "V1-GB", residence: "R1-B1" }) { member { code } } }`);
  });

  it("applies the Longhutang merger in two steps and reads the hierarchy before, at and after its date", async () => {
    const placeEvent = await ok(MERGER, { input: PLACE_MERGER });
    expect(placeEvent.applyMerger.changeEvent).toEqual({
      code: "EV-2020-C1", kind: "MERGER", date: DATE, source: "社區構建問題報告，一、基本情況",
      originals: [{ code: "OT" }, { code: "V1" }, { code: "V2" }], results: [{ code: "C1" }],
    });
    const orgEvent = await ok(MERGER, { input: ORGANISATION_MERGER });
    expect(orgEvent.applyMerger.changeEvent.results).toEqual([{ code: "C1-GB" }]);

    const hierarchy = `query($asOf: LocalDate) {
      lht: place(code: "LHT", asOf: $asOf) { children { code } }
      r1: place(code: "R1", asOf: $asOf) { parent { code } ancestors { code } organisations { code leader { code } } }
      c1: place(code: "C1", asOf: $asOf) { children { code } organisations { code } }
      v1: place(code: "V1", asOf: $asOf) { code organisations { code } }
      unit(code: "U1", asOf: $asOf) { location { code } }
      member(code: "M1", asOf: $asOf) { organisation { code } }
      group: organisation(code: "R1-G1", asOf: $asOf) { leadershipChain { code } }
    }`;
    const before = dataWithNotFound(await gql(hierarchy, { asOf: BEFORE }), ["c1"]);
    expect(before).toEqual({
      lht: { children: [{ code: "OT" }, { code: "V1" }, { code: "V2" }] },
      r1: { parent: { code: "V1" }, ancestors: [{ code: "V1" }, { code: "LHT" }, { code: "XB" }], organisations: [{ code: "R1-BR", leader: { code: "V1-GB" } }] },
      c1: null,
      v1: { code: "V1", organisations: [{ code: "V1-GB" }] },
      unit: { location: { code: "V2" } },
      member: { organisation: { code: "V1-GB" } },
      group: { leadershipChain: [{ code: "R1-BR" }, { code: "V1-GB" }, { code: "WC" }, { code: "DC" }] },
    });
    for (const asOf of [DATE, "2024-01-01"]) {
      expect(dataWithNotFound(await gql(hierarchy, { asOf }), ["v1"])).toEqual({
        lht: { children: [{ code: "C1" }] },
        r1: { parent: { code: "C1" }, ancestors: [{ code: "C1" }, { code: "LHT" }, { code: "XB" }], organisations: [{ code: "R1-BR", leader: { code: "C1-GB" } }] },
        c1: { children: [{ code: "R1" }, { code: "R2" }, { code: "R3" }, { code: "Y1" }], organisations: [{ code: "C1-GB" }] },
        v1: null,
        unit: { location: { code: "C1" } },
        member: { organisation: { code: "C1-GB" } },
        group: { leadershipChain: [{ code: "R1-BR" }, { code: "C1-GB" }, { code: "WC" }, { code: "DC" }] },
      });
    }
    const history = await ok(`{ place(code: "R1") { parentHistory { place { code } validFrom validTo } }
      organisation(code: "V1-GB", asOf: "${BEFORE}") { validTo events { code } } }`);
    expect(history.place.parentHistory).toEqual([
      { place: { code: "C1" }, validFrom: DATE, validTo: null },
      { place: { code: "V1" }, validFrom: "2000-01-01", validTo: DATE },
    ]);
    expect(history.organisation).toEqual({ validTo: DATE, events: [{ code: "EV-2020-C1-GB" }] });
    // The rebuilt-then-merged village organisations leave no zero-length links behind.
    expect(await zeroLengthLinks()).toBe(0);
  });

  it("navigates events both ways and lists them by kind, entity and date", async () => {
    await ok(MERGER, { input: PLACE_MERGER });
    await ok(MERGER, { input: ORGANISATION_MERGER });
    const data = await ok(`{
      changeEvent(code: "EV-2020-C1") { kind date validFrom name originals { __typename code name validTo } results { ... on Place { code kind parent { code } } } }
      c1: place(code: "C1") { events { code } }
      v1: place(code: "V1", asOf: "${BEFORE}") { events { code kind } }
      gb: organisation(code: "C1-GB") { events { code } }
      mergers: changeEvents(kinds: [MERGER]) { totalCount edges { node { code } } }
      ofV1: changeEvents(entity: "V1") { edges { node { code } } }
      later: changeEvents(from: "2020-07-02") { totalCount }
      window: changeEvents(from: "${DATE}", to: "2020-07-02", first: 1) { edges { node { code } } pageInfo { hasNextPage } }
    }`);
    expect(data.changeEvent).toEqual({
      kind: "MERGER", date: DATE, validFrom: DATE, name: "EV-2020-C1",
      originals: [
        { __typename: "Place", code: "OT", name: "老鎮區", validTo: DATE },
        { __typename: "Place", code: "V1", name: "新堂村", validTo: DATE },
        { __typename: "Place", code: "V2", name: "東港村", validTo: DATE },
      ],
      results: [{ code: "C1", kind: "COMMUNITY", parent: { code: "LHT" } }],
    });
    expect(data.c1.events).toEqual([{ code: "EV-2020-C1" }]);
    expect(data.v1.events).toEqual([{ code: "EV-2020-C1", kind: "MERGER" }]);
    expect(data.gb.events).toEqual([{ code: "EV-2020-C1-GB" }]);
    expect(data.mergers).toEqual({ totalCount: 2, edges: [{ node: { code: "EV-2020-C1" } }, { node: { code: "EV-2020-C1-GB" } }] });
    expect(codes(data.ofV1.edges.map((edge: Json) => edge.node))).toEqual(["EV-2020-C1"]);
    expect(data.later.totalCount).toBe(0);
    expect(data.window).toEqual({ edges: [{ node: { code: "EV-2020-C1" } }], pageInfo: { hasNextPage: true } });
    const { changeEvent } = await ok(`{ changeEvent(code: "EV-2020-C1") { id } }`);
    expect((await ok(`query($id: ID!) { changeEvent(id: $id) { code } }`, { id: changeEvent.id })).changeEvent.code).toBe("EV-2020-C1");
    expectNotFound(await gql(`{ changeEvent(code: "NOPE") { code } }`), "changeEvent");
  });

  it("splits with reassignments and follows lineage both ways", async () => {
    await ok(MERGER, { input: PLACE_MERGER });
    await ok(MERGER, { input: ORGANISATION_MERGER });
    // C1 hives off C3 with the old town compound; C1 continues and keeps the rest.
    const split = await ok(SPLIT, {
      input: {
        code: "EV-2023-C3", date: "2023-01-01", original: "C1",
        results: [{ existing: "C1" }, { place: { code: "C3", name: "老街社區", kind: "COMMUNITY", parent: "LHT" } }],
        reassign: [{ child: "R3", parent: "C3" }],
      },
    });
    expect(split.applySplit.changeEvent).toEqual({ code: "EV-2023-C3", kind: "SPLIT", originals: [{ code: "C1" }], results: [{ code: "C1" }, { code: "C3" }] });
    const children = `query($asOf: LocalDate) { c1: place(code: "C1", asOf: $asOf) { children { code } } c3: place(code: "C3", asOf: $asOf) { children { code } } }`;
    expect(dataWithNotFound(await gql(children, { asOf: "2022-12-31" }), ["c3"])).toEqual({ c1: { children: [{ code: "R1" }, { code: "R2" }, { code: "R3" }, { code: "Y1" }] }, c3: null });
    expect(await ok(children, { asOf: "2023-01-01" })).toEqual({ c1: { children: [{ code: "R1" }, { code: "R2" }, { code: "Y1" }] }, c3: { children: [{ code: "R3" }] } });

    const lineage = `query($code: String!, $direction: LineageDirection, $maxDepth: Int) {
      lineage(code: $code, direction: $direction, maxDepth: $maxDepth) {
        entity { code validTo } entities { code } events { code }
        steps { direction depth event { code } from { code } to { code name } } } }`;
    const ancestors = (await ok(lineage, { code: "C3", direction: "ANCESTORS" })).lineage;
    expect(ancestors.entity).toEqual({ code: "C3", validTo: null });
    expect(codes(ancestors.entities)).toEqual(["C1", "OT", "V1", "V2"]);
    expect(codes(ancestors.events)).toEqual(["EV-2020-C1", "EV-2023-C3"]);
    expect(ancestors.steps).toEqual([
      { direction: "ANCESTORS", depth: 1, event: { code: "EV-2023-C3" }, from: { code: "C3" }, to: { code: "C1", name: "龍錦社區" } },
      { direction: "ANCESTORS", depth: 2, event: { code: "EV-2020-C1" }, from: { code: "C1" }, to: { code: "OT", name: "老鎮區" } },
      { direction: "ANCESTORS", depth: 2, event: { code: "EV-2020-C1" }, from: { code: "C1" }, to: { code: "V1", name: "新堂村" } },
      { direction: "ANCESTORS", depth: 2, event: { code: "EV-2020-C1" }, from: { code: "C1" }, to: { code: "V2", name: "東港村" } },
    ]);
    const descendants = (await ok(lineage, { code: "V1", direction: "DESCENDANTS" })).lineage;
    expect(descendants.entity).toEqual({ code: "V1", validTo: DATE });
    expect(codes(descendants.entities)).toEqual(["C1", "C3"]);
    expect(codes(descendants.events)).toEqual(["EV-2020-C1", "EV-2023-C3"]);
    const shallow = (await ok(lineage, { code: "V1", direction: "DESCENDANTS", maxDepth: 1 })).lineage;
    expect(codes(shallow.entities)).toEqual(["C1"]);
    const both = (await ok(lineage, { code: "C1" })).lineage;
    expect(codes(both.entities)).toEqual(["OT", "V1", "V2", "C3"]);
    expect(both.steps.filter((step: Json) => step.direction === "DESCENDANTS").map((step: Json) => step.to.code)).toEqual(["C1", "C3"]);
    expectNotFound(await gql(lineage, { code: "NOPE" }), "lineage");
    expect((await gql(lineage, { code: "C1", maxDepth: 11 })).errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
  });

  it("records renames, foundings and dissolutions made by other mutations, once the graph agrees", async () => {
    await ok(`mutation { renamePlace(input: { code: "R2", name: "東港家園", date: "2023-05-01" }) { place { code } } }`);
    const rename = await ok(RECORD, { input: { code: "EV-R2", kind: "RENAME", date: "2023-05-01", originals: ["R2"], results: ["R2"], name: "東港花苑更名" } });
    expect(rename.recordChangeEvent.changeEvent).toEqual({ code: "EV-R2", kind: "RENAME", name: "東港花苑更名" });
    await place({ code: "R4", name: "新苑", kind: "COMPOUND", parent: "V2", validFrom: "2021-03-01" });
    await ok(RECORD, { input: { code: "EV-R4", kind: "FOUNDING", date: "2021-03-01", results: ["R4"] } });
    await ok(`mutation { dissolveOrganisation(input: { code: "R1-G1", date: "2022-01-01" }) { organisation { code } } }`);
    await ok(RECORD, { input: { code: "EV-G1", kind: "DISSOLUTION", date: "2022-01-01", originals: ["R1-G1"] } });
    await ok(`mutation { movePlace(input: { code: "Y1", parent: "V1", date: "2019-01-01" }) { place { code } } }`);
    await ok(RECORD, { input: { code: "EV-Y1", kind: "TRANSFER", date: "2019-01-01", originals: ["Y1"], results: ["Y1"] } });
    const data = await ok(`{
      r2: place(code: "R2") { events { code } nameHistory { name } }
      r4: place(code: "R4") { events { code } }
      event: changeEvent(code: "EV-R2") { originals { name } results { name } }
      lineage(code: "R2") { events { code } entities { code } }
    }`);
    expect(data.r2).toEqual({ events: [{ code: "EV-R2" }], nameHistory: [{ name: "東港花苑" }, { name: "東港家園" }] });
    expect(data.r4.events).toEqual([{ code: "EV-R4" }]);
    // A rename's original is shown on its last day under the old name; the result under the new one.
    expect(data.event).toEqual({ originals: [{ name: "東港花苑" }], results: [{ name: "東港家園" }] });
    expect(data.lineage).toEqual({ events: [{ code: "EV-R2" }], entities: [] });
  });

  describe("rejections leave the graph unchanged", () => {
    const merger = (overrides: Record<string, unknown>) => ({ input: { ...PLACE_MERGER, ...overrides } });
    const cases: [string, string, Record<string, unknown>, string, string | undefined][] = [
      ["places of different levels", MERGER, merger({ originals: ["V1", "R2"] }), "RULE_VIOLATION", "MERGER_KINDS"],
      ["a result of another level", MERGER, merger({ result: { place: { code: "C1", name: "x", kind: "COMPOUND", parent: "LHT" } } }), "RULE_VIOLATION", "MERGER_KINDS"],
      ["a place merged with an organisation", MERGER, merger({ originals: ["V1", "V1-GB"] }), "RULE_VIOLATION", "MERGER_LABELS"],
      ["a single original", MERGER, merger({ originals: ["V1"] }), "RULE_VIOLATION", "EVENT_SHAPE"],
      ["an unknown original", MERGER, merger({ originals: ["V1", "NOPE"] }), "NOT_FOUND", undefined],
      ["an original not there the day before", MERGER, merger({ date: "2000-01-01" }), "NOT_FOUND", undefined],
      ["organisations left unresolved", MERGER, merger({ organisations: [{ organisation: "V1-GB", action: "REBUILD" }] }), "RULE_VIOLATION", "MERGER_UNRESOLVED_ORGANISATIONS"],
      [
        "dissolving an organisation that still leads",
        MERGER,
        merger({ organisations: [{ organisation: "V1-GB", action: "DISSOLVE" }, { organisation: "V2-BR", action: "DISSOLVE" }, { organisation: "OT-GB", action: "DISSOLVE" }] }),
        "RULE_VIOLATION",
        "ACTIVE_SUBORDINATES",
      ],
      ["reassigning what does not hang on an original", MERGER, merger({ reassign: [{ child: "R1-B1", parent: "LHT" }] }), "BAD_USER_INPUT", undefined],
      ["a compound reassigned to a district", MERGER, merger({ reassign: [{ child: "R1", parent: "XB" }] }), "RULE_VIOLATION", "PLACE_NESTING"],
      ["a compound reassigned to an ending original", MERGER, merger({ reassign: [{ child: "R1", parent: "V2" }] }), "RULE_VIOLATION", "ENDING_TARGET"],
      ["a result under an ending original", MERGER, merger({ result: { place: { code: "C1", name: "x", kind: "COMMUNITY", parent: "V1" } } }), "RULE_VIOLATION", "ENDING_TARGET"],
      ["a duplicate event code", MERGER, merger({ code: "R1" }), "DUPLICATE_CODE", undefined],
      ["a stale version of an original", MERGER, merger({ expectedVersions: [{ code: "V2", version: 99 }] }), "CONFLICT", undefined],
      ["a version of what is not an original", MERGER, merger({ expectedVersions: [{ code: "R1", version: 1 }] }), "BAD_USER_INPUT", undefined],
      ["an existing result of another level", MERGER, merger({ result: { existing: "LHT" } }), "RULE_VIOLATION", "MERGER_KINDS"],
      ["two result forms at once", MERGER, merger({ result: { existing: "V1", place: { code: "C1", name: "x", kind: "COMMUNITY", parent: "LHT" } } }), "BAD_USER_INPUT", undefined],
      [
        "a group handed to a general branch",
        MERGER,
        { input: { code: "EV-BR", date: DATE, originals: ["R1-BR", "V2-BR"], result: { organisation: { code: "GB9", name: "x", kind: "GENERAL_BRANCH", builtAt: ["V1"], leaders: [{ organisation: "WC" }] } } } },
        "RULE_VIOLATION",
        "GROUP_LEADER",
      ],
      [
        "a split leaving dependants unassigned",
        SPLIT,
        { input: { code: "EV-S", date: DATE, original: "V2", results: [{ place: { code: "V2A", name: "a", kind: "VILLAGE_COMMITTEE", parent: "LHT" } }, { place: { code: "V2B", name: "b", kind: "VILLAGE_COMMITTEE", parent: "LHT" } }], reassign: [{ child: "R2", parent: "V2A" }], organisations: [{ organisation: "V2-BR", action: "REBUILD", place: "V2A" }] } },
        "RULE_VIOLATION",
        "SPLIT_UNASSIGNED",
      ],
      ["a rename that did not happen", RECORD, { input: { code: "EV-X", kind: "RENAME", date: "2023-05-01", originals: ["R2"], results: ["R2"] } }, "RULE_VIOLATION", "EVENT_NO_CHANGE"],
      ["a dissolution of what still exists", RECORD, { input: { code: "EV-X", kind: "DISSOLUTION", date: "2023-05-01", originals: ["R2"] } }, "RULE_VIOLATION", "EVENT_ORIGINAL_NOT_ENDED"],
      ["a founding of what started earlier", RECORD, { input: { code: "EV-X", kind: "FOUNDING", date: "2023-05-01", results: ["R2"] } }, "RULE_VIOLATION", "EVENT_RESULT_NOT_STARTED"],
      // The seed validator refuses the same event (SEED_EVENT_SHAPE, test/seeding/fixtures/errors/event-shape): one rule, eventShapeProblem.
      ["a merger of one original", RECORD, { input: { code: "EV-X", kind: "MERGER", date: "2023-05-01", originals: ["R1"], results: ["R2"] } }, "RULE_VIOLATION", "EVENT_SHAPE"],
      ["a founding with originals", RECORD, { input: { code: "EV-X", kind: "FOUNDING", date: "2023-05-01", originals: ["R1"], results: ["R2"] } }, "RULE_VIOLATION", "EVENT_SHAPE"],
      ["a transfer with no move", RECORD, { input: { code: "EV-X", kind: "TRANSFER", date: "2023-05-01", originals: ["R2"], results: ["R2"] } }, "RULE_VIOLATION", "EVENT_NO_CHANGE"],
    ];
    it.each(cases)("%s", async (_what, mutation, variables, code, rule) => {
      const before = await graphFingerprint(hub.db);
      const response = await gql(mutation, variables);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code, ...(rule ? { rule } : {}) });
      expect(await graphFingerprint(hub.db)).toBe(before);
    });

    it("an existing result that does not start on the date", async () => {
      await place({ code: "C0", name: "舊社區", kind: "COMMUNITY", parent: "LHT", validFrom: "2019-01-01" });
      const before = await graphFingerprint(hub.db);
      const response = await gql(MERGER, merger({ result: { existing: "C0" } }));
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "EVENT_RESULT_NOT_STARTED" });
      expect(await graphFingerprint(hub.db)).toBe(before);
    });

    it("refuses callers without the role or the scope", async () => {
      const before = await graphFingerprint(hub.db);
      for (const who of ["viewer", "analyst", { role: "steward", scope: ["C9"] }] as Who[]) {
        expect((await gql(MERGER, { input: PLACE_MERGER }, who)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      }
      expect(await graphFingerprint(hub.db)).toBe(before);
      const steward = await gql(MERGER, { input: PLACE_MERGER }, { role: "steward", scope: ["LHT"] });
      expect(steward.errors).toBeUndefined();
    });
  });
});
