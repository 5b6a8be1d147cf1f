import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/database/index.js";
import { exportRecords } from "../../src/seeding/export.js";
import { writeWorkbook } from "../../src/spreadsheet/write.js";
import type { Hub } from "../../src/server/hub.js";
import { graphFingerprint } from "../support/graph.js";
import { startSeededHub, testToken, type TestIdentity } from "../support/hub.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** POST /import/workbook.xlsx through the real HTTP server, on a real Neo4j. */
describe("POST /import/workbook.xlsx", { timeout: 240_000 }, () => {
  let db: Database;
  let hub: Hub;
  let base: string;
  beforeAll(async () => {
    ({ db, hub, base } = await startSeededHub());
  }, 300_000);
  afterAll(async () => {
    await hub?.stop();
    await db?.close();
  });

  async function post(query: string, identity: TestIdentity, body: Buffer, type = XLSX): Promise<{ status: number; json: { errors?: { message: string; extensions: Record<string, unknown> }[]; mode?: string; records?: number; summary?: { relations: { created: number; deleted: number } } } }> {
    const response = await fetch(`${base}/import/workbook.xlsx${query}`, { method: "POST", headers: { authorization: `Bearer ${await testToken(identity)}`, "content-type": type }, body });
    return { status: response.status, json: (await response.json()) as never };
  }

  async function exported(): Promise<Buffer> {
    const response = await fetch(`${base}/export/workbook.xlsx`, { headers: { authorization: `Bearer ${await testToken({ role: "admin" })}` } });
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  }

  it("imports an admin's unchanged export as no change (dry run and for real), and audits the import", async () => {
    const workbook = await exported();
    const before = await graphFingerprint(db);
    const dry = await post("?dryRun=true", { role: "admin" }, workbook);
    expect(dry.status).toBe(200);
    expect(dry.json.mode).toBe("dry-run");
    expect(dry.json.summary!.relations).toMatchObject({ created: 0, deleted: 0 });
    const real = await post("", { role: "admin", sub: "wb-admin" }, workbook);
    expect(real.status).toBe(200);
    expect(real.json.mode).toBe("single-transaction");
    expect(real.json.records).toBeGreaterThan(600);
    expect(real.json.summary!.relations).toMatchObject({ created: 0, deleted: 0 });
    const [audit] = await db.read({ name: "test.workbookAudit", cypher: "MATCH (a:AuditEntry {operation: 'importWorkbook'}) RETURN a.subject AS subject, a.details AS details, size(a.entities) AS entities" });
    expect(audit?.subject).toBe("wb-admin");
    expect(audit?.entities).toBe(real.json.records);
    expect(JSON.parse(String(audit?.details))).toMatchObject({ records: real.json.records });
    // Less its audit entry, the graph is as it was: an unchanged workbook writes nothing.
    await db.write({ name: "test.dropWorkbookAudit", cypher: "MATCH (a:AuditEntry {operation: 'importWorkbook'}) DELETE a" });
    expect(await graphFingerprint(db)).toBe(before);
  });

  it("refuses viewers, analysts and stewards of no scope before reading the body, a wrong content type, and a body that is no workbook, writing nothing", async () => {
    const before = await graphFingerprint(db);
    const garbage = Buffer.from("PK not really a zip");
    // A steward's import is held to its scope (workbook-import-scope.test.ts); one of no scope imports nothing.
    for (const [identity, status, code] of [
      [{ role: "viewer" }, 403, "FORBIDDEN"],
      [{ role: "analyst" }, 403, "FORBIDDEN"],
      [{ role: "steward", scope: [] }, 403, "FORBIDDEN"],
      [{ role: "steward", scope: ["LHT-C1"] }, 400, "BAD_USER_INPUT"],
    ] as const) {
      const answer = await post("", identity, garbage);
      expect([identity.role, answer.status, answer.json.errors![0]!.extensions.code]).toEqual([identity.role, status, code]);
    }
    expect((await post("", { role: "admin" }, garbage, "text/csv")).status).toBe(415);
    const unreadable = await post("", { role: "admin" }, garbage);
    expect([unreadable.status, unreadable.json.errors![0]!.extensions.code]).toEqual([400, "BAD_USER_INPUT"]);
    expect((await post("?dryRun=maybe", { role: "admin" }, garbage)).status).toBe(400);
    expect(await graphFingerprint(db)).toBe(before);
  });

  it("reports a workbook with errors in three sheets cell by cell (422), writing nothing", async () => {
    const records = await exportRecords(db, { scope: "LHT-C1", personal: false });
    const first = (file: string) => records.get(file)!.find((record) => typeof record.kind === "string")!;
    const place = first("places.yaml");
    const organisation = first("organisations.yaml");
    const unit = first("units.yaml");
    place.kind = "NO_SUCH_PLACE_KIND";
    organisation.kind = "NO_SUCH_ORGANISATION_KIND";
    unit.kind = "NO_SUCH_UNIT_KIND";
    const before = await graphFingerprint(db);
    for (const query of ["", "?dryRun=true"]) {
      const answer = await post(query, { role: "admin" }, await writeWorkbook(records, { title: "three broken sheets" }));
      expect(answer.status).toBe(422);
      const errors = answer.json.errors!;
      const bySheet = new Map(errors.map((error) => [error.extensions.sheet, error]));
      expect([...bySheet.keys()].sort()).toEqual(["單位", "地域", "組織"].sort());
      for (const [sheet, code] of [["地域", place.code], ["組織", organisation.code], ["單位", unit.code]] as const) {
        const error = bySheet.get(sheet)!;
        expect(error.extensions).toMatchObject({ code: "SEED_SCHEMA" });
        expect(error.extensions.cell).toMatch(new RegExp(`^${sheet}![A-Z]+\\d+$`));
        expect(error.message.startsWith(String(error.extensions.cell))).toBe(true);
        expect(error.message).toContain(`[${String(code)}]`);
      }
    }
    expect(await graphFingerprint(db)).toBe(before);
  });
});
