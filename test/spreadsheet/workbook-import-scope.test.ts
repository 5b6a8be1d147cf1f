import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/database/index.js";
import { exportRecords, type SeedRecords } from "../../src/seeding/export.js";
import type { Hub } from "../../src/server/hub.js";
import { writeWorkbook } from "../../src/spreadsheet/write.js";
import { graphFingerprint } from "../support/graph.js";
import { startSeededHub, testToken, type TestIdentity } from "../support/hub.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
type Plain = Record<string, unknown>;

interface Answer {
  status: number;
  text: string;
  json: { errors?: { message: string; extensions: Record<string, unknown> }[]; mode?: string; records?: number; summary?: { entities: Record<string, { created: number; updated: number; unchanged: number }> } };
}

/**
 * Attacks on a steward's workbook import (POST /import/workbook.xlsx), over real HTTP on a real
 * Neo4j with the Longhutang seed: the steward of community LHT-C1 (which exists from the merger of
 * 2020-07-01; before it its compounds lay in villages) tries to write outside its scope by every
 * door a workbook opens — a record elsewhere, a link to elsewhere, a move out, a move in, a
 * backdated start, an end after the record has left, a dry run, personal rows of elsewhere, a
 * change moved back into the days a record lay elsewhere. Every refusal is FORBIDDEN /
 * OUT_OF_SCOPE naming the cells, leaves the graph exactly as it was (no audit entry either), and
 * names no person. An update is judged from the first day it changes the record, so a late
 * correction of a compound that lay in a village before the merger is the community's steward's.
 */
describe("a steward's workbook import is held to the token's scope", { timeout: 240_000 }, () => {
  let db: Database;
  let hub: Hub;
  let base: string;
  const C1: TestIdentity = { role: "steward", scope: ["LHT-C1"], sub: "wb-steward-c1" };
  const C2: TestIdentity = { role: "steward", scope: ["LHT-C2"], sub: "wb-steward-c2" };
  const BOTH: TestIdentity = { role: "steward", scope: ["LHT-C1", "LHT-C2"], sub: "wb-steward-both" };
  /** The non-personal records of both communities' first compounds, with everything they refer to. */
  let common: SeedRecords;

  beforeAll(async () => {
    ({ db, hub, base } = await startSeededHub());
    common = await exportsOf(["LHT-C1-R01", "LHT-C2-R01"], false);
    // A building of C1 whose move to C2 is planned for 2030, and one created in C2 after the merger.
    const setup = edited(common, {
      "places.yaml": [
        building("LHT-C1-R01-B08", "2021-01-01", [
          { place: "LHT-C1-R01", validFrom: "2021-01-01", validTo: "2030-01-01" },
          { place: "LHT-C2-R01", validFrom: "2030-01-01" },
        ]),
        building("LHT-C2-R01-B09", "2021-01-01", "LHT-C2-R01"),
      ],
    });
    const answer = await post("", { role: "admin" }, await workbookOf(setup));
    expect(answer.status, answer.text).toBe(200);
  }, 300_000);
  afterAll(async () => {
    await hub?.stop();
    await db?.close();
  });

  /** The records of several scopes of the graph (as an admin exports them), each once. */
  async function exportsOf(scopes: readonly string[], personal: boolean): Promise<SeedRecords> {
    const merged: SeedRecords = new Map();
    for (const scope of scopes) {
      for (const [file, records] of await exportRecords(db, { scope, personal })) {
        const list = merged.get(file) ?? [];
        for (const record of records) if (!list.some((other) => other.code === record.code)) list.push(record);
        merged.set(file, list);
      }
    }
    return merged;
  }

  /** `records` with these records added, or put in place of the record of the same code. */
  function edited(records: SeedRecords, changes: Readonly<Record<string, readonly Plain[]>>): SeedRecords {
    const result: SeedRecords = new Map([...records].map(([file, list]) => [file, [...list]]));
    for (const [file, added] of Object.entries(changes)) {
      const list = result.get(file) ?? [];
      for (const record of added) {
        const at = list.findIndex((other) => other.code === record.code);
        if (at >= 0) list[at] = record;
        else list.push(record);
      }
      result.set(file, list);
    }
    return result;
  }

  function building(code: string, validFrom: string, partOf: string | readonly Plain[], extra: Plain = {}): Plain {
    return { code, name: `測試${code.slice(-3)}`, kind: "BUILDING", validFrom, partOf, ...extra };
  }

  function workbookOf(records: SeedRecords): Promise<Buffer> {
    return writeWorkbook(records, { title: "scope attack" });
  }

  async function post(query: string, identity: TestIdentity | string, body: Buffer): Promise<Answer> {
    const token = typeof identity === "string" ? identity : await testToken(identity);
    const response = await fetch(`${base}/import/workbook.xlsx${query}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": XLSX }, body });
    const text = await response.text();
    return { status: response.status, text, json: JSON.parse(text) as Answer["json"] };
  }

  /** The value of a cell named as a refusal names it (`地域!A12`). */
  async function valueAt(bytes: Buffer, cell: string): Promise<unknown> {
    const [sheet, address] = cell.split("!") as [string, string];
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    return workbook.getWorksheet(sheet)!.getCell(address).value;
  }

  async function audits(subject: string): Promise<number> {
    const [row] = await db.read({ name: "test.workbookAudits", cypher: "MATCH (a:AuditEntry {operation: 'importWorkbook', subject: $subject}) RETURN count(a) AS n", params: { subject } });
    return Number(row!.n);
  }

  /** Refused as out of scope, over HTTP, with the graph exactly as it was; the cells the refusal names. */
  async function refused(identity: TestIdentity, records: SeedRecords, query = ""): Promise<{ cells: string[]; entities: string[]; answer: Answer; bytes: Buffer }> {
    const bytes = await workbookOf(records);
    const before = await graphFingerprint(db);
    const answer = await post(query, identity, bytes);
    expect(answer.status, answer.text).toBe(403);
    const error = answer.json.errors![0]!;
    expect(error.extensions).toMatchObject({ code: "FORBIDDEN", reason: "OUT_OF_SCOPE", requiredRole: "STEWARD", role: "STEWARD" });
    expect(await graphFingerprint(db)).toBe(before);
    const cells = error.extensions.cells as string[];
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) expect(error.message).toContain(cell);
    return { cells, entities: error.extensions.entities as string[], answer, bytes };
  }

  it("imports a steward's new building and group inside the scope, audited under the steward's subject", async () => {
    const records = edited(common, {
      "places.yaml": [building("LHT-C1-R01-B09", "2021-01-01", "LHT-C1-R01")],
      "organisations.yaml": [{ code: "LHT-C1-R01-B09-GR", name: "測試黨小組", kind: "GROUP", formalMembers: 3, validFrom: "2021-03-01", builtAt: "LHT-C1-R01-B09", ledBy: "LHT-C1-R01-BR" }],
    });
    const bytes = await workbookOf(records);
    const before = await graphFingerprint(db);
    const dry = await post("?dryRun=true", C1, bytes);
    expect(dry.status, dry.text).toBe(200);
    expect(dry.json.mode).toBe("dry-run");
    expect(dry.json.summary!.entities.Place!.created).toBe(1);
    expect(await graphFingerprint(db)).toBe(before);
    expect(await audits("wb-steward-c1")).toBe(0);

    const real = await post("", C1, bytes);
    expect(real.status, real.text).toBe(200);
    expect(real.json.mode).toBe("single-transaction");
    expect(real.json.summary!.entities.Place).toMatchObject({ created: 1 });
    expect(real.json.summary!.entities.Organisation).toMatchObject({ created: 1 });
    expect(await audits("wb-steward-c1")).toBe(1);
    const [row] = await db.read({ name: "test.newGroup", cypher: "MATCH (:Organisation {code: 'LHT-C1-R01-B09-GR'})-[:BUILT_AT]->(:Place {code: 'LHT-C1-R01-B09'})-[:PART_OF]->(:Place {code: 'LHT-C1-R01'}) RETURN count(*) AS n" });
    expect(Number(row!.n)).toBe(1);

    // A later rename of its own record is the steward's too; the unchanged rest is not written.
    const renamed = edited(records, { "places.yaml": [building("LHT-C1-R01-B09", "2021-01-01", "LHT-C1-R01", { name: "測試新名" })] });
    const again = await post("", C1, await workbookOf(renamed));
    expect(again.status, again.text).toBe(200);
    expect(again.json.summary!.entities.Place).toMatchObject({ created: 0, updated: 1 });
  });

  it("imports the steward's own export (GET /export/workbook.xlsx, with its personal rows) back as no change", async () => {
    const response = await fetch(`${base}/export/workbook.xlsx?within=LHT-C1`, { headers: { authorization: `Bearer ${await testToken(C1)}` } });
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    const answer = await post("", C1, bytes);
    expect(answer.status, answer.text).toBe(200);
    for (const counts of Object.values(answer.json.summary!.entities)) expect(counts).toMatchObject({ created: 0, updated: 0 });
    expect(answer.json.summary!.entities.Member!.unchanged).toBeGreaterThan(0);
  });

  it("refuses a record outside the scope, at its cell, naming no one", async () => {
    const { cells, bytes, entities } = await refused(C1, edited(common, { "places.yaml": [building("LHT-C2-R01-B10", "2021-01-01", "LHT-C2-R01")] }));
    expect(cells[0]!.startsWith("地域!")).toBe(true);
    expect(await valueAt(bytes, cells[0]!)).toBe("LHT-C2-R01-B10");
    expect(entities).toContain("LHT-C2-R01-B10");
    // The same refusal in a dry run: nothing written, nothing audited.
    const dry = await refused(C1, edited(common, { "places.yaml": [building("LHT-C2-R01-B10", "2021-01-01", "LHT-C2-R01")] }), "?dryRun=true");
    expect(dry.cells).toEqual(cells);
  });

  it("refuses a record inside the scope linked to a parent outside it, at the link's cell", async () => {
    const records = edited(common, {
      "organisations.yaml": [{ code: "LHT-C1-R01-B01-G2", name: "測試黨小組二", kind: "GROUP", formalMembers: 2, validFrom: "2021-03-01", builtAt: "LHT-C1-R01-B01", ledBy: "LHT-C2-R01-BR" }],
    });
    const { cells, bytes } = await refused(C1, records);
    expect(cells).toHaveLength(1);
    expect(cells[0]!.startsWith("組織!")).toBe(true);
    expect(await valueAt(bytes, cells[0]!)).toBe("LHT-C2-R01-BR");
    // The steward of both communities may.
    const both = await post("?dryRun=true", BOTH, bytes);
    expect(both.status, both.text).toBe(200);
  });

  it("refuses an update that moves a record out of the scope, and one that moves a record in from elsewhere", async () => {
    const out = edited(common, {
      "places.yaml": [building("LHT-C1-R01-B09", "2021-01-01", [
        { place: "LHT-C1-R01", validFrom: "2021-01-01", validTo: "2025-01-01" },
        { place: "LHT-C2-R01", validFrom: "2025-01-01" },
      ], { name: "測試新名" })],
    });
    const moved = await refused(C1, out);
    expect(await valueAt(moved.bytes, moved.cells[0]!)).toBe("LHT-C1-R01-B09");
    // Moving C2's building into C1 over its whole life: the new state lies in C1, the old one did not.
    const stolen = await refused(C1, edited(common, { "places.yaml": [building("LHT-C2-R01-B09", "2021-01-01", "LHT-C1-R01")] }));
    expect(await valueAt(stolen.bytes, stolen.cells[0]!)).toBe("LHT-C2-R01-B09");
    // C2's steward cannot give it away to C1 either.
    await refused(C2, edited(common, { "places.yaml": [building("LHT-C2-R01-B09", "2021-01-01", "LHT-C1-R01")] }));
  });

  it("refuses backdating: a record of the scope today whose new validFrom lies before it entered the scope", async () => {
    // LHT-C1-R01 lay in village LHT-V1 until the merger of 2020-07-01: a building there from 2019 was not C1's.
    const { cells, bytes } = await refused(C1, edited(common, { "places.yaml": [building("LHT-C1-R01-B09", "2019-01-01", "LHT-C1-R01", { name: "測試新名" })] }));
    expect(await valueAt(bytes, cells[0]!)).toBe("LHT-C1-R01-B09");
    // A new record backdated the same way, and a new building in the scope since only 2020-07-01.
    await refused(C1, edited(common, { "places.yaml": [building("LHT-C1-R01-B11", "2019-01-01", "LHT-C1-R01")] }));
    await refused(C1, edited(common, { "places.yaml": [building("LHT-C1-R01-B11", "2020-06-30", "LHT-C1-R01")] }));
    // The subdistrict's steward, whose scope holds both the village and the community, may.
    const subdistrict = await post("?dryRun=true", { role: "steward", scope: ["LHT"] }, await workbookOf(edited(common, { "places.yaml": [building("LHT-C1-R01-B11", "2019-01-01", "LHT-C1-R01")] })));
    expect(subdistrict.status, subdistrict.text).toBe(200);
  });

  it("refuses an end date after the record has left the scope, and ending it early to drop the planned move", async () => {
    const links = [
      { place: "LHT-C1-R01", validFrom: "2021-01-01", validTo: "2030-01-01" },
      { place: "LHT-C2-R01", validFrom: "2030-01-01", validTo: "2032-01-01" },
    ];
    const late = edited(common, { "places.yaml": [building("LHT-C1-R01-B08", "2021-01-01", links, { validTo: "2032-01-01" })] });
    const { cells, bytes } = await refused(C1, late);
    expect(await valueAt(bytes, cells[0]!)).toBe("LHT-C1-R01-B08");
    await refused(C2, late);
    // Within C1 after the import, but before it the building was to lie in C2 from 2030.
    await refused(C1, edited(common, { "places.yaml": [building("LHT-C1-R01-B08", "2021-01-01", "LHT-C1-R01", { validTo: "2030-01-01" })] }));
    const both = await post("", BOTH, await workbookOf(late));
    expect(both.status, both.text).toBe(200);
    expect(await audits("wb-steward-both")).toBe(1);
  });

  it("holds personal rows to the scope: new people only in it, unchanged rows only ones the steward may read, and no person named", async () => {
    const member = (code: string, memberOf: string, residesIn: string): Plain => ({ code, name: `黨員${code}`, status: "FORMAL", employment: "RETIRED", hardship: false, inService: false, validFrom: "2021-01-01", memberOf, residesIn });
    const inside = await post("", C1, await workbookOf(edited(common, { "members.yaml": [member("LHT-M-901", "LHT-C1-R01-BR", "LHT-C1-R01-B01")] })));
    expect(inside.status, inside.text).toBe(200);
    expect(inside.json.summary!.entities.Member).toMatchObject({ created: 1 });

    const outside = await refused(C1, edited(common, { "members.yaml": [member("LHT-M-902", "LHT-C2-R01-BR", "LHT-C2-R01-B01")] }));
    expect(outside.cells.some((cell) => cell.startsWith("黨員!"))).toBe(true);
    expect(outside.answer.text).not.toContain("LHT-M-902");
    expect(outside.answer.text).not.toContain("黨員LHT-M-902");

    // C2's people, unchanged, in a C1 steward's workbook: refused at their rows, never named.
    const theirs = await exportsOf(["LHT-C2-R01"], true);
    const people = (theirs.get("members.yaml") ?? []).filter((person) => person.validTo === undefined && person.memberOf === "LHT-C2-R01-BR").slice(0, 3);
    expect(people.length).toBeGreaterThan(0);
    const unchanged = await refused(C1, edited(common, { "members.yaml": people }));
    expect(unchanged.cells.length).toBe(people.length);
    for (const cell of unchanged.cells) expect(cell.startsWith("黨員!")).toBe(true);
    for (const person of people) {
      expect(unchanged.answer.text).not.toContain(String(person.code));
      expect(unchanged.answer.text).not.toContain(String(person.name));
    }
    // The same rows are C2's steward's to import.
    const own = await post("?dryRun=true", C2, await workbookOf(edited(common, { "members.yaml": people })));
    expect(own.status, own.text).toBe(200);
  });

  it("refuses a steward a new place with no parent, even one its scope names", async () => {
    const top = edited(common, { "places.yaml": [{ code: "XB2", name: "測試區", kind: "DISTRICT", validFrom: "2021-01-01" }] });
    const { cells, bytes } = await refused({ role: "steward", scope: ["XB2"] }, top);
    expect(await valueAt(bytes, cells[0]!)).toBe("XB2");
  });

  it("caps the cells a refusal lists", async () => {
    const many = Array.from({ length: 25 }, (_, index) => building(`LHT-C2-R01-B${String(20 + index)}`, "2021-01-01", "LHT-C2-R01"));
    const { cells, answer } = await refused(C1, edited(common, { "places.yaml": many }));
    expect(cells).toHaveLength(20);
    expect(answer.json.errors![0]!.message).toContain("(and 5 more)");
  });

  it("lets a steward correct a late name of a record that lay outside the scope early in its life, and refuses moving the change back into those days", async () => {
    // LHT-C1-R01 lay in village LHT-V1 from 2012-05-01 to the merger of 2020-07-01, in C1 since:
    // a name from 2024 changes only days in C1, so C1's steward may write it.
    const compound = common.get("places.yaml")!.find((record) => record.code === "LHT-C1-R01")!;
    const { name, ...unnamed } = compound;
    const since = (late: string, validFrom = compound.validFrom) => [{ name, validFrom }, { name: "東華新苑", validFrom: late }];
    const renamed = { ...unnamed, names: since("2024-01-01") };
    const corrected = edited(common, { "places.yaml": [renamed] });
    const answer = await post("", C1, await workbookOf(corrected));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json.summary!.entities.Place).toMatchObject({ created: 0, updated: 1 });
    const [row] = await db.read({ name: "test.renamedCompound", cypher: "MATCH (p:Place {code: 'LHT-C1-R01'}) RETURN p.name AS name, p.names AS names, [day IN p.nameFrom | toString(day)] AS nameFrom" });
    expect(row).toMatchObject({ name: "東華新苑", names: [name, "東華新苑"], nameFrom: ["2012-05-01", "2024-01-01"] });
    common = corrected;

    // The same correction moved back into the village's days: the new name from 2015, or the
    // compound's validFrom (with its first name and link) before 2012-05-01. Both at its code cell.
    const early = await refused(C1, edited(common, { "places.yaml": [{ ...renamed, names: since("2015-01-01") }] }));
    expect(await valueAt(early.bytes, early.cells[0]!)).toBe("LHT-C1-R01");
    expect(early.entities).toContain("LHT-C1-R01");
    const backdated = {
      ...renamed,
      validFrom: "2011-01-01",
      names: since("2024-01-01", "2011-01-01"),
      partOf: [
        { place: "LHT-V1", validFrom: "2011-01-01", validTo: "2020-07-01" },
        { place: "LHT-C1", validFrom: "2020-07-01" },
      ],
    };
    const moved = await refused(C1, edited(common, { "places.yaml": [backdated] }));
    expect(moved.cells).toHaveLength(1);
    expect(await valueAt(moved.bytes, moved.cells[0]!)).toBe("LHT-C1-R01");
    // An undated attribute holds on every day of the life: a change to it is judged over all of them.
    const attribute = await refused(C1, edited(common, { "places.yaml": [{ ...renamed, propertyManaged: true }] }));
    expect(await valueAt(attribute.bytes, attribute.cells[0]!)).toBe("LHT-C1-R01");
    // The subdistrict's steward, whose scope holds the village too, may.
    const subdistrict = await post("?dryRun=true", { role: "steward", scope: ["LHT"] }, await workbookOf(edited(common, { "places.yaml": [backdated] })));
    expect(subdistrict.status, subdistrict.text).toBe(200);
  });

  it("refuses an expired or forged token (401), a viewer or analyst (403) and a steward with an empty scope (403), writing nothing", async () => {
    const bytes = await workbookOf(edited(common, { "places.yaml": [building("LHT-C1-R01-B12", "2021-01-01", "LHT-C1-R01")] }));
    const before = await graphFingerprint(db);
    const expired = await post("", await testToken({ ...C1, ttl: -60 }), bytes);
    expect([expired.status, expired.json.errors![0]!.extensions.code]).toEqual([401, "UNAUTHENTICATED"]);
    const forged = await post("", await testToken({ ...C1, secret: "not the hub's secret, but long enough to sign" }), bytes);
    expect([forged.status, forged.json.errors![0]!.extensions.code]).toEqual([401, "UNAUTHENTICATED"]);
    for (const identity of [{ role: "viewer" }, { role: "analyst" }, { role: "steward", scope: [] }] as const) {
      const answer = await post("", identity, bytes);
      expect([identity.role, answer.status, answer.json.errors![0]!.extensions.code]).toEqual([identity.role, 403, "FORBIDDEN"]);
    }
    expect(await graphFingerprint(db)).toBe(before);
  });
});
