import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hub } from "../../src/server/hub.js";
import { resetGraph } from "../support/graph.js";
import { postGraphql, startTestHub } from "../support/hub.js";

/**
 * No lost updates under real concurrency (issue 6): N requests in flight at once, all carrying the
 * version they read, at one entity. Exactly one may win; every other one must get CONFLICT, the
 * version must move by exactly one, and the audit log must hold exactly one entry.
 */
const CONCURRENT = 12;

interface Outcome {
  errors?: { extensions?: { code?: string } }[];
}

describe("optimistic versions under concurrent writes", () => {
  let hub: Hub;
  const gql = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) => postGraphql<T>(hub.url, query, variables);
  const ok = async <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) => {
    const response = await gql<T>(query, variables);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const place = (code: string) => ok<{ place: { version: number; name: string; propertyManaged: boolean | null } }>(`{ place(code: "${code}") { version name propertyManaged } }`);
  const auditCount = async (entity: string, operation: string) =>
    (await ok<{ auditLog: { totalCount: number } }>(`query($e: String, $o: String) { auditLog(entity: $e, operation: $o) { totalCount } }`, { e: entity, o: operation })).auditLog.totalCount;

  beforeAll(async () => {
    hub = await startTestHub();
    await resetGraph(hub.db);
    const create = `mutation($input: CreatePlaceInput!) { createPlace(input: $input) { place { code } } }`;
    await ok(create, { input: { code: "XB", name: "新北區", kind: "DISTRICT", validFrom: "2000-01-01" } });
    await ok(create, { input: { code: "LHT", name: "龍虎塘街道", kind: "SUBDISTRICT", validFrom: "2000-01-01", parent: "XB" } });
    await ok(create, { input: { code: "C1", name: "龍錦社區", kind: "COMMUNITY", validFrom: "2000-01-01", parent: "LHT" } });
    await ok(create, { input: { code: "R1", name: "東華苑", kind: "COMPOUND", validFrom: "2000-01-01", parent: "C1" } });
    await ok(create, { input: { code: "R2", name: "新橋苑", kind: "COMPOUND", validFrom: "2000-01-01", parent: "C1" } });
  });
  afterAll(() => hub.stop());

  const codes = (outcomes: Outcome[]) => outcomes.map((outcome) => outcome.errors?.[0]?.extensions?.code ?? "OK").sort();

  it.each([
    [
      "updatePlace (attributes)",
      "R1",
      "updatePlace",
      (index: number) =>
        gql(`mutation($v: Int!, $m: Boolean!) { updatePlace(input: { code: "R1", propertyManaged: $m, expectedVersion: $v }) { place { version } } }`, { v: 1, m: index % 2 === 0 }),
    ],
    [
      "renamePlace (a dated name)",
      "R2",
      "renamePlace",
      (index: number) => gql(`mutation($v: Int!, $n: String!) { renamePlace(input: { code: "R2", name: $n, date: "2024-01-01", expectedVersion: $v }) { place { version } } }`, { v: 1, n: `新名${index}` }),
    ],
  ])("%s: %#", async (_what, code, operation, send) => {
    expect((await place(code)).place.version).toBe(1);
    const outcomes: Outcome[] = await Promise.all(Array.from({ length: CONCURRENT }, (_, index) => send(index)));
    expect(codes(outcomes)).toEqual([...Array.from({ length: CONCURRENT - 1 }, () => "CONFLICT"), "OK"]);
    expect((await place(code)).place.version).toBe(2);
    expect(await auditCount(code, operation)).toBe(1);
  });
});
