import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateSeed } from "../../src/seeding/index.js";
import type { Hub } from "../../src/server/hub.js";
import { loadSeed } from "../support/analytics.js";
import { graphFingerprint, resetGraph } from "../support/graph.js";
import { postGraphql, startTestHub } from "../support/hub.js";
import { copySeed } from "../seeding/helpers.js";

const FIXTURE = join(fileURLToPath(new URL(".", import.meta.url)), "fixtures", "succession");
const DATE = "2020-07-01";

// Response shapes vary per query below; the assertions say what they must be.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const SUCCESSION = `mutation($input: SuccessionInput!) { applySuccession(input: $input) { changeEvent { code kind originals { code } results { code } } warnings { rule } } }`;
const ABSORPTION = `mutation($input: AbsorptionInput!) { applyAbsorption(input: $input) { changeEvent { code kind originals { code } results { code } } warnings { rule } } }`;

const READINGS = `query($asOf: LocalDate) {
  lht: place(code: "LHT", asOf: $asOf) { children { code } }
  r1: place(code: "R1", asOf: $asOf) { parent { code } organisations { code leader { code } } }
  r3: place(code: "R3", asOf: $asOf) { parent { code } organisations { code leader { code } } }
  c2: place(code: "C2", asOf: $asOf) { validFrom children { code } }
  coverage(scope: "LHT", asOf: $asOf) {
    breakdown { place { code } compoundsWithBranch { covered total } }
    compoundsWithoutBranch(first: 10) { edges { node { place { code } responsible { code } } } }
  }
}`;

const LINEAGE = `{
  c1: lineage(code: "C1", direction: ANCESTORS) { entities { code } events { code } }
  v1: lineage(code: "V1", direction: DESCENDANTS) { entities { code } events { code } }
  gb: lineage(code: "C1-GB", direction: ANCESTORS) { entities { code } }
  c2: lineage(code: "C2", direction: ANCESTORS) { entities { code } events { code } }
  v3: lineage(code: "V3", direction: DESCENDANTS) { entities { code } }
  c2gb: lineage(code: "C2-GB", direction: ANCESTORS) { entities { code } }
  succession: changeEvent(code: "EV-C1") { kind originals { code validTo } results { code validFrom } }
  absorption: changeEvent(code: "EV-C2") { kind originals { code validTo } results { code validFrom } }
}`;

const rate = (covered: number, total: number) => ({ covered, total });
const BEFORE_READING = {
  lht: { children: [{ code: "C2" }, { code: "V1" }, { code: "V3" }] },
  r1: { parent: { code: "V1" }, organisations: [{ code: "R1-BR", leader: { code: "V1-GB" } }] },
  r3: { parent: { code: "V3" }, organisations: [{ code: "R3-BR", leader: { code: "V3-GB" } }] },
  c2: { validFrom: "2000-01-01", children: [{ code: "R2" }] },
  coverage: {
    breakdown: [
      { place: { code: "C2" }, compoundsWithBranch: rate(0, 1) },
      { place: { code: "V1" }, compoundsWithBranch: rate(1, 1) },
      { place: { code: "V3" }, compoundsWithBranch: rate(1, 1) },
    ],
    compoundsWithoutBranch: { edges: [{ node: { place: { code: "R2" }, responsible: { code: "C2-GB" } } }] },
  },
};
const AFTER_READING = {
  lht: { children: [{ code: "C1" }, { code: "C2" }] },
  r1: { parent: { code: "C1" }, organisations: [{ code: "R1-BR", leader: { code: "C1-GB" } }] },
  r3: { parent: { code: "C2" }, organisations: [{ code: "R3-BR", leader: { code: "C2-GB" } }] },
  // The survivor keeps its code and its history.
  c2: { validFrom: "2000-01-01", children: [{ code: "R2" }, { code: "R3" }] },
  coverage: {
    breakdown: [
      { place: { code: "C1" }, compoundsWithBranch: rate(1, 1) },
      { place: { code: "C2" }, compoundsWithBranch: rate(1, 2) },
    ],
    compoundsWithoutBranch: { edges: [{ node: { place: { code: "R2" }, responsible: { code: "C2-GB" } } }] },
  },
};
const LINEAGE_READING = {
  c1: { entities: [{ code: "V1" }], events: [{ code: "EV-C1" }] },
  v1: { entities: [{ code: "C1" }], events: [{ code: "EV-C1" }] },
  gb: { entities: [{ code: "V1-GB" }] },
  c2: { entities: [{ code: "V3" }], events: [{ code: "EV-C2" }] },
  v3: { entities: [{ code: "C2" }] },
  c2gb: { entities: [{ code: "V3-GB" }] },
  succession: { kind: "SUCCESSION", originals: [{ code: "V1", validTo: DATE }], results: [{ code: "C1", validFrom: DATE }] },
  absorption: { kind: "ABSORPTION", originals: [{ code: "C2", validTo: null }, { code: "V3", validTo: DATE }], results: [{ code: "C2", validFrom: "2000-01-01" }] },
};

/**
 * A one-to-one succession (撤村建居: V1 → C1, with R1) and an absorption (C2 takes in V3, with R3),
 * for places and for their party organisations, through the seed format and through the
 * mutations: the same readings before, on and after the day, and the lineage both ways.
 */
describe("succession and absorption", { timeout: 240_000 }, () => {
  let hub: Hub;
  const gql = (query: string, variables: Record<string, unknown> = {}) => postGraphql<Json>(hub.url, query, variables);
  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await gql(query, variables);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const expectReadings = async () => {
    expect(await ok(READINGS, { asOf: "2020-06-30" })).toEqual(BEFORE_READING);
    for (const asOf of [DATE, "2024-01-01"]) expect(await ok(READINGS, { asOf })).toEqual(AFTER_READING);
    expect(await ok(LINEAGE)).toEqual(LINEAGE_READING);
  };

  beforeAll(async () => {
    hub = await startTestHub({ NEO4J_TX_TIMEOUT_MS: "60000" });
  });
  afterAll(() => hub.stop());

  it("in the seed format: validated, imported, read before, on and after the day", async () => {
    expect(validateSeed(FIXTURE).problems).toEqual([]);
    await loadSeed(FIXTURE);
    await expectReadings();
  });

  it("the seed validator refuses the shapes a write refuses: a merger of one, a succession onto itself, an absorption without its survivor", () => {
    const broken = copySeed(FIXTURE, {
      "events.yaml": (text) =>
        text
          .replace("{ code: EV-C1, kind: SUCCESSION, date: 2020-07-01, originals: [V1], results: [C1]", "{ code: EV-C1, kind: MERGER, date: 2020-07-01, originals: [V1], results: [C1]")
          .replace("originals: [C2, V3], results: [C2] }", "originals: [V3], results: [C2] }"),
    });
    const problems = validateSeed(broken).problems.filter((problem) => problem.code === "SEED_EVENT_SHAPE");
    expect(problems.map((problem) => [problem.record, problem.line])).toEqual([
      ["EV-C1", 1],
      ["EV-C2", 3],
    ]);
    expect(problems[0]!.message).toMatch(/A MERGER has two or more originals/);
  });

  describe("through the mutations", () => {
    beforeAll(async () => {
      await resetGraph(hub.db);
      const place = (input: string) => ok(`mutation { createPlace(input: { validFrom: "2000-01-01", ${input} }) { place { code } } }`);
      const org = (input: string) => ok(`mutation { createOrganisation(input: { validFrom: "2000-01-01", ${input} }) { organisation { code } } }`);
      await place(`code: "XB", name: "新北區", kind: DISTRICT`);
      await place(`code: "LHT", name: "龍虎塘街道", kind: SUBDISTRICT, parent: "XB"`);
      await place(`code: "V1", name: "新堂村", kind: VILLAGE_COMMITTEE, parent: "LHT"`);
      await place(`code: "R1", name: "新堂花苑", kind: COMPOUND, parent: "V1"`);
      await place(`code: "C2", name: "新橋社區", kind: COMMUNITY, parent: "LHT"`);
      await place(`code: "V3", name: "丁家村", kind: VILLAGE_COMMITTEE, parent: "LHT"`);
      await place(`code: "R2", name: "新橋花苑", kind: COMPOUND, parent: "C2"`);
      await place(`code: "R3", name: "丁家苑", kind: COMPOUND, parent: "V3"`);
      await org(`code: "DC", name: "新北區委", kind: DISTRICT_COMMITTEE, builtAt: ["XB"]`);
      await org(`code: "WC", name: "龍虎塘街道黨工委", kind: WORKING_COMMITTEE, builtAt: ["LHT"], leaders: [{ organisation: "DC" }]`);
      await org(`code: "V1-GB", name: "新堂村黨總支", kind: GENERAL_BRANCH, builtAt: ["V1"], leaders: [{ organisation: "WC" }]`);
      await org(`code: "R1-BR", name: "新堂花苑黨支部", kind: BRANCH, builtAt: ["R1"], leaders: [{ organisation: "V1-GB" }]`);
      await org(`code: "C2-GB", name: "新橋社區黨總支", kind: GENERAL_BRANCH, builtAt: ["C2"], leaders: [{ organisation: "WC" }]`);
      await org(`code: "V3-GB", name: "丁家村黨總支", kind: GENERAL_BRANCH, builtAt: ["V3"], leaders: [{ organisation: "WC" }]`);
      await org(`code: "R3-BR", name: "丁家苑黨支部", kind: BRANCH, builtAt: ["R3"], leaders: [{ organisation: "V3-GB" }]`);
    });

    it("refuses the wrong shapes and levels, changing nothing", async () => {
      const before = await graphFingerprint(hub.db);
      const refusal = async (query: string, input: Record<string, unknown>) => (await gql(query, { input })).errors![0]!.extensions;
      expect(await refusal(SUCCESSION, { code: "EV-X", date: DATE, original: "V1", result: { existing: "V1" } })).toMatchObject({ code: "RULE_VIOLATION", rule: "EVENT_SHAPE" });
      expect(await refusal(ABSORPTION, { code: "EV-X", date: DATE, survivor: "C2", absorbed: [] })).toMatchObject({ code: "RULE_VIOLATION", rule: "EVENT_SHAPE" });
      expect(await refusal(ABSORPTION, { code: "EV-X", date: DATE, survivor: "C2", absorbed: ["C2"] })).toMatchObject({ code: "BAD_USER_INPUT" });
      expect(await refusal(ABSORPTION, { code: "EV-X", date: DATE, survivor: "R2", absorbed: ["V3"] })).toMatchObject({ code: "RULE_VIOLATION", rule: "MERGER_KINDS" });
      expect(await refusal(SUCCESSION, { code: "EV-X", date: DATE, original: "V1", result: { place: { code: "C1", name: "新堂社區", kind: "COMMUNITY", parent: "LHT" } } })).toMatchObject({
        code: "RULE_VIOLATION",
        rule: "MERGER_UNRESOLVED_ORGANISATIONS",
      });
      // A stale version of what the change ends (or keeps) is a CONFLICT with the version now, checked before the event's rules.
      const succession = { code: "EV-X", date: DATE, original: "V1", result: { place: { code: "C1", name: "新堂社區", kind: "COMMUNITY", parent: "LHT" } }, organisations: [{ organisation: "V1-GB", action: "REBUILD" }] };
      expect(await refusal(SUCCESSION, { ...succession, expectedVersion: 99 })).toMatchObject({ code: "CONFLICT", entity: "V1", expectedVersion: 99, currentVersion: expect.any(Number) });
      const absorption = { code: "EV-X", date: DATE, survivor: "C2", absorbed: ["V3"], organisations: [{ organisation: "V3-GB", action: "REBUILD" }] };
      expect(await refusal(ABSORPTION, { ...absorption, expectedVersions: [{ code: "V3", version: 99 }] })).toMatchObject({ code: "CONFLICT", entity: "V3", expectedVersion: 99 });
      expect(await refusal(ABSORPTION, { ...absorption, expectedVersions: [{ code: "C2", version: 99 }] })).toMatchObject({ code: "CONFLICT", entity: "C2" });
      expect(await refusal(ABSORPTION, { ...absorption, expectedVersions: [{ code: "R2", version: 1 }] })).toMatchObject({ code: "BAD_USER_INPUT", argument: "expectedVersions" });
      expect(
        await refusal(`mutation($input: RecordChangeEventInput!) { recordChangeEvent(input: $input) { changeEvent { code } } }`, { code: "EV-X", kind: "MERGER", date: DATE, originals: ["V1"], results: ["C2"] }),
      ).toMatchObject({ code: "RULE_VIOLATION", rule: "EVENT_SHAPE" });
      expect(await graphFingerprint(hub.db)).toBe(before);
    });

    it("applies both, places then organisations, and reads as the seed does", async () => {
      const succession = await ok(SUCCESSION, {
        input: {
          code: "EV-C1", date: DATE, note: "撤村建居", original: "V1",
          result: { place: { code: "C1", name: "新堂社區", kind: "COMMUNITY", parent: "LHT" } },
          organisations: [{ organisation: "V1-GB", action: "REBUILD" }],
        },
      });
      expect(succession.applySuccession).toEqual({ changeEvent: { code: "EV-C1", kind: "SUCCESSION", originals: [{ code: "V1" }], results: [{ code: "C1" }] }, warnings: [] });
      await ok(SUCCESSION, {
        input: {
          code: "EV-C1-GB", date: DATE, original: "V1-GB",
          result: { organisation: { code: "C1-GB", name: "新堂社區黨總支", kind: "GENERAL_BRANCH", builtAt: ["C1"], leaders: [{ organisation: "WC" }] } },
        },
      });
      const absorption = await ok(ABSORPTION, { input: { code: "EV-C2", date: DATE, survivor: "C2", absorbed: ["V3"], organisations: [{ organisation: "V3-GB", action: "REBUILD" }] } });
      expect(absorption.applyAbsorption.changeEvent).toEqual({ code: "EV-C2", kind: "ABSORPTION", originals: [{ code: "C2" }, { code: "V3" }], results: [{ code: "C2" }] });
      await ok(ABSORPTION, { input: { code: "EV-C2-GB", date: DATE, survivor: "C2-GB", absorbed: ["V3-GB"] } });
      await expectReadings();
      const zeroLength = await hub.db.read({ name: "test.zeroLength", cypher: "MATCH ()-[r]->() WHERE r.validFrom = r.validTo RETURN count(r) AS n" });
      expect(Number(zeroLength[0]!.n)).toBe(0);
    });
  });
});
