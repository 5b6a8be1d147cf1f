import { readFileSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/database/index.js";
import { DatabaseUnavailableError, ERROR_CODES, HubError } from "../../src/errors/index.js";
import { errorFormatter } from "../../src/server/errors.js";
import type { Hub } from "../../src/server/hub.js";
import { resetGraph } from "../support/graph.js";
import { postGraphql, startTestHub, type GraphqlResponse, type TestIdentity } from "../support/hub.js";

/** docs/ERRORS.md, "One shape per code": code → keys always present, keys that may be. */
function documentedShapes(): Map<string, { always: string[]; may: string[] | "any" }> {
  const text = readFileSync(join(PROJECT_ROOT, "docs", "ERRORS.md"), "utf8");
  const section = text.slice(text.indexOf("## One shape per code"), text.indexOf("## Null means an error"));
  const keys = (cell: string) => [...cell.matchAll(/`([a-zA-Z]+)`/g)].map((match) => match[1]!);
  const shapes = new Map<string, { always: string[]; may: string[] | "any" }>();
  for (const [, code, always, may] of section.matchAll(/^\| `([A-Z_]+)` \|([^|]*)\|([^|]*)\|$/gm)) {
    shapes.set(code!, { always: keys(always!), may: may!.includes("*") ? "any" : keys(may!) });
  }
  return shapes;
}

type Extensions = Record<string, unknown>;

/**
 * Every catalogued code, provoked through the real HTTP server (the two that need a broken
 * database or a bug go through the hub's own error formatter), and each answer's extensions held
 * against the documented table: the `always` keys present, nothing outside `always` ∪ `may`.
 */
describe("one shape per error code (docs/ERRORS.md)", () => {
  let hub: Hub;
  const seen = new Map<string, Extensions[]>();
  const shapes = documentedShapes();
  const record = (response: GraphqlResponse) => {
    for (const error of response.errors ?? []) {
      const extensions = (error.extensions ?? {}) as Extensions;
      const code = String(extensions.code);
      seen.set(code, [...(seen.get(code) ?? []), extensions]);
    }
    return response;
  };
  const gql = async (query: string, variables: Record<string, unknown> = {}, as: TestIdentity | null = {}) => record(await postGraphql(hub.url, query, variables, {}, as));
  const first = (response: GraphqlResponse) => response.errors?.[0]?.extensions as Extensions;
  // `__typename` only: the selection stays valid whether a mutation returns the entity or a payload.
  const CREATE = `mutation($input: CreatePlaceInput!) { createPlace(input: $input) { __typename } }`;

  beforeAll(async () => {
    hub = await startTestHub();
    await resetGraph(hub.db);
    for (const input of [
      { code: "XB", name: "新北區", kind: "DISTRICT", validFrom: "2000-01-01" },
      { code: "LHT", name: "龍虎塘街道", kind: "SUBDISTRICT", validFrom: "2000-01-01", parent: "XB" },
      { code: "C1", name: "龍錦社區", kind: "COMMUNITY", validFrom: "2020-07-01", parent: "LHT" },
      { code: "C2", name: "新橋社區", kind: "COMMUNITY", validFrom: "2020-07-01", parent: "LHT" },
      { code: "R1", name: "東華苑", kind: "COMPOUND", validFrom: "2020-07-01", parent: "C1" },
    ]) {
      expect((await gql(CREATE, { input })).errors).toBeUndefined();
    }
  });
  afterAll(() => hub.stop());

  it("NOT_FOUND carries the code or id and the date", async () => {
    expect(first(await gql(`{ place(code: "NOPE", asOf: "2024-01-01") { code } }`))).toEqual({ code: "NOT_FOUND", entity: "NOPE", asOf: "2024-01-01" });
    expect(first(await gql(`{ node(id: "not-an-id") { id } }`))).toMatchObject({ code: "NOT_FOUND", id: "not-an-id" });
    // An analytic over a scope that is no place on the date (one indexed look-up, before any analysis).
    expect(first(await gql(`{ misalignedLeadership(within: "C1", asOf: "2019-01-01") { count } }`))).toEqual({
      code: "NOT_FOUND",
      entity: "C1",
      asOf: "2019-01-01",
    });
    expect(first(await gql(CREATE, { input: { code: "R2", name: "x", kind: "COMPOUND", validFrom: "2020-07-01", parent: "NOPE" } }))).toMatchObject({ code: "NOT_FOUND", entity: "NOPE" });
  });

  it("FORBIDDEN carries requiredRole and role as Role enum values, and reason and entities for scope", async () => {
    expect(first(await gql(`{ place(code: "R1") { code } }`, {}, { role: "viewer" }))).toEqual({ code: "FORBIDDEN", requiredRole: "ANALYST", role: "VIEWER" });
    expect(first(await gql(CREATE, { input: { code: "R9", name: "x", kind: "COMPOUND", validFrom: "2024-01-01", parent: "C1" } }, { role: "analyst" }))).toEqual({
      code: "FORBIDDEN",
      requiredRole: "STEWARD",
      role: "ANALYST",
    });
    const outside = await gql(CREATE, { input: { code: "R9", name: "x", kind: "COMPOUND", validFrom: "2024-01-01", parent: "C1" } }, { role: "steward", scope: ["C2"] });
    expect(first(outside)).toEqual({ code: "FORBIDDEN", requiredRole: "STEWARD", role: "STEWARD", reason: "OUT_OF_SCOPE", entities: ["C1"] });
  });

  it("refuses an out-of-scope steward before it looks at the version: FORBIDDEN, not CONFLICT", async () => {
    const stale = `mutation { updatePlace(input: { code: "R1", propertyManaged: true, expectedVersion: 99 }) { __typename } }`;
    expect(first(await gql(stale, {}, { role: "steward", scope: ["C2"] }))).toMatchObject({ code: "FORBIDDEN", reason: "OUT_OF_SCOPE", entities: ["R1"] });
    expect(first(await gql(stale, {}, { role: "steward", scope: ["C1"] }))).toEqual({ code: "CONFLICT", entity: "R1", currentVersion: 1, expectedVersion: 99 });
  });

  it("the other codes, each once", async () => {
    expect(first(await gql(CREATE, { input: { code: "R1", name: "x", kind: "COMPOUND", validFrom: "2020-07-01", parent: "C1" } }))).toEqual({ code: "DUPLICATE_CODE", entity: "R1" });
    expect(first(await gql(CREATE, { input: { code: "R3", name: "x", kind: "COMPOUND", validFrom: "2021-01-01", validTo: "2020-01-01", parent: "C1" } }))).toMatchObject({ code: "INVALID_DATE_RANGE" });
    expect(first(await gql(CREATE, { input: { code: "R4", name: "x", kind: "COMPOUND", validFrom: "2021-01-01" } }))).toMatchObject({ code: "RULE_VIOLATION", rule: "PLACE_NESTING" });
    expect(first(await gql(`{ place { code } }`))).toMatchObject({ code: "BAD_USER_INPUT" });
    const unit = `mutation { registerUnit(input: { code: "U1", name: "x", kind: DISPATCHED_AGENCY, location: "R1", validFrom: "2021-01-01" }) { __typename } }`;
    expect((await gql(unit)).errors).toBeUndefined();
    expect(first(await gql(`mutation { dissolvePlace(input: { code: "R1", date: "2024-01-01" }) { __typename } }`))).toEqual({
      code: "LIVE_DEPENDANTS",
      entity: "R1",
      date: "2024-01-01",
      dependants: { LOCATED_IN: 1 },
      entities: ["U1"],
    });
    expect(first(await gql(`{ ${Array.from({ length: 20 }, (_, index) => `a${index}: about { hubVersion }`).join(" ")} }`))).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "aliases" });
    expect(first(await gql(`{ about { hubVersion } }`, {}, null))).toEqual({ code: "UNAUTHENTICATED", reason: "missing" });
    // No database to break or lag here, and no bug to trigger: the formatter every answer goes through.
    const format = errorFormatter(pino({ level: "silent" }));
    const lagging = new HubError("BOOKMARK_TIMEOUT", "The database has not reached the state the x-neo4j-bookmarks header asks for; retry later.");
    for (const error of [new DatabaseUnavailableError(), lagging, new Error("a bug")]) {
      const formatted = format({ message: error.message, extensions: {} }, error);
      record({ status: 200, errors: [{ message: formatted.message, extensions: formatted.extensions as Extensions }] });
    }
  });

  it("every catalogued code was seen, each in its documented shape", () => {
    expect([...shapes.keys()].sort()).toEqual(Object.keys(ERROR_CODES).sort());
    expect([...seen.keys()].sort()).toEqual(Object.keys(ERROR_CODES).sort());
    for (const [code, answers] of seen) {
      const shape = shapes.get(code)!;
      for (const extensions of answers) {
        const keys = Object.keys(extensions).filter((key) => key !== "code");
        for (const key of shape.always) expect(keys, `${code} always has ${key}`).toContain(key);
        if (shape.may !== "any") {
          const allowed = new Set([...shape.always, ...shape.may]);
          expect(keys.filter((key) => !allowed.has(key)), `${code}: keys outside docs/ERRORS.md`).toEqual([]);
        }
      }
    }
    process.stdout.write(`error shapes: ${[...seen].map(([code, answers]) => `${code}×${answers.length}`).join(", ")}\n`);
  });
});
