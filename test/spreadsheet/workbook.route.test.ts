import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT, type Database } from "../../src/database/index.js";
import { importSeed } from "../../src/seeding/index.js";
import type { Hub } from "../../src/server/hub.js";
import { validateWorkbook } from "../../src/spreadsheet/index.js";
import { connectTestDatabase, resetGraph } from "../support/graph.js";
import { startTestHub, testToken, type TestIdentity } from "../support/hub.js";

/** GET /export/workbook.xlsx through the real HTTP server, as a steward's browser would. */
describe("GET /export/workbook.xlsx", { timeout: 180_000 }, () => {
  let db: Database;
  let hub: Hub;
  beforeAll(async () => {
    db = connectTestDatabase();
    await resetGraph(db);
    await importSeed(db, join(PROJECT_ROOT, "seeds", "longhutang"));
    hub = await startTestHub();
  }, 300_000);
  afterAll(async () => {
    await hub?.stop();
    await db.close();
  });

  async function get(query: string, identity: TestIdentity): Promise<{ status: number; type: string | null; bytes: Buffer }> {
    const response = await fetch(`${hub.url.replace(/\/graphql$/, "")}/export/workbook.xlsx${query}`, { headers: { authorization: `Bearer ${await testToken(identity)}` } });
    return { status: response.status, type: response.headers.get("content-type"), bytes: Buffer.from(await response.arrayBuffer()) };
  }

  function errorCode(bytes: Buffer): string {
    return (JSON.parse(bytes.toString("utf8")) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code;
  }

  it("gives a steward the workbook of a place in the token's scope, with the personal data the steward may read", async () => {
    const answer = await get("?within=LHT-C1", { role: "steward", scope: ["LHT-C1"] });
    expect(answer.status).toBe(200);
    expect(answer.type).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const checked = await validateWorkbook(answer.bytes);
    expect(checked.problems).toEqual([]);
    const members = checked.records.get("members.yaml")!.map((record) => record.code);
    expect(members).toContain("LHT-M-001");
    expect(members).not.toContain("LHT-M-026"); // lives and is a member in LHT-C2
    // Every pairing kept has its helper (member or organisation) and its beneficiary in the workbook.
    const codes = new Set([...checked.records.values()].flat().map((record) => record.code));
    for (const pairing of checked.records.get("pairings.yaml")!) {
      expect(codes.has(pairing.helper)).toBe(true);
      expect(codes.has(pairing.beneficiary)).toBe(true);
    }
    // An admin's workbook of the same scope holds at least as much personal data.
    const admin = await validateWorkbook((await get("?within=LHT-C1", { role: "admin" })).bytes);
    expect(admin.records.get("members.yaml")!.length).toBeGreaterThanOrEqual(members.length);
    const adminC2 = await validateWorkbook((await get("?within=LHT-C2", { role: "admin" })).bytes);
    expect(adminC2.records.get("members.yaml")!.map((record) => record.code)).toContain("LHT-M-026");
  });

  it("leaves personal data out on request, and refuses the wrong role, a scope outside the token, no scope, an unknown place", async () => {
    const impersonal = await validateWorkbook((await get("?within=LHT-C1&personal=false", { role: "steward", scope: ["LHT-C1"] })).bytes);
    expect(impersonal.records.get("members.yaml")).toEqual([]);
    expect(impersonal.records.get("beneficiaries.yaml")).toEqual([]);
    for (const [query, identity, status, code] of [
      ["?within=LHT-C1", { role: "viewer" }, 403, "FORBIDDEN"],
      ["?within=LHT-C1", { role: "analyst" }, 403, "FORBIDDEN"],
      ["?within=LHT-C2", { role: "steward", scope: ["LHT-C1"] }, 403, "FORBIDDEN"],
      ["", { role: "steward", scope: ["LHT-C1"] }, 400, "BAD_USER_INPUT"],
      ["?within=LHT-C1&personal=maybe", { role: "steward", scope: ["LHT-C1"] }, 400, "BAD_USER_INPUT"],
      ["?within=NOWHERE", { role: "admin" }, 404, "NOT_FOUND"],
      // The old name is refused, after the role (a viewer learns nothing from it).
      ["?scope=LHT-C1", { role: "steward", scope: ["LHT-C1"] }, 400, "BAD_USER_INPUT"],
      ["?scope=LHT-C1", { role: "viewer" }, 403, "FORBIDDEN"],
    ] as const) {
      const answer = await get(query, identity);
      expect([query, identity.role, answer.status, errorCode(answer.bytes)]).toEqual([query, identity.role, status, code]);
    }
  });
});
