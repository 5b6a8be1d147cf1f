import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT, type Database } from "../../src/database/index.js";
import { exportRecords, recordsOfModel, writeSeedFolder } from "../../src/seeding/export.js";
import { importSeed, validateSeed } from "../../src/seeding/index.js";
import { DATA_SHEETS, exportWorkbook, formatWorkbookProblem, importWorkbook, seedFolderWorkbook, templateWorkbook, validateWorkbook, WorkbookValidationError } from "../../src/spreadsheet/index.js";
import { keyOfHeader } from "../../src/spreadsheet/layout.js";
import { canonicalGraph } from "../seeding/helpers.js";
import { connectTestDatabase, graphFingerprint, resetGraph } from "../support/graph.js";

const LONGHUTANG = join(PROJECT_ROOT, "seeds", "longhutang");

function tempFolder(name: string): string {
  return join(mkdtempSync(join(tmpdir(), "dangjian-xlsx-")), name);
}

/** Every file of a folder, by name, as bytes. */
function folderBytes(folder: string): Map<string, Buffer> {
  return new Map(readdirSync(folder).sort().map((file) => [file, readFileSync(join(folder, file))]));
}

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** The cell of a record's field: the row whose code (column A) is `code`, the column whose header names `key`. */
function cellOf(workbook: ExcelJS.Workbook, sheetName: string, code: string, key: string, nth = 0): { cell: ExcelJS.Cell; address: string } {
  const sheet = workbook.getWorksheet(sheetName)!;
  let column = 0;
  sheet.getRow(1).eachCell((cell, number) => {
    if (keyOfHeader(String(cell.value)) === key) column = number;
  });
  if (column === 0) throw new Error(`${sheetName} has no column ${key}`);
  const rows: number[] = [];
  sheet.eachRow((row, number) => {
    if (row.getCell(1).value === code) rows.push(number);
  });
  const row = rows[nth];
  if (row === undefined) throw new Error(`${sheetName} has no row ${nth} for ${code}`);
  const cell = sheet.getCell(row, column);
  return { cell, address: `${sheetName}!${cell.address}` };
}

describe("spreadsheets for stewards", { timeout: 600_000 }, () => {
  let db: Database;
  /** The graph of the Longhutang seed imported from YAML, by codes. */
  let fromYaml: string;
  beforeAll(async () => {
    db = connectTestDatabase();
    await resetGraph(db);
    await importSeed(db, LONGHUTANG);
    fromYaml = await canonicalGraph(db);
  }, 600_000);
  afterAll(() => db.close());

  it("round-trips the Longhutang seed YAML → xlsx → YAML byte for byte", async () => {
    // The seed in the export's normal form (hand-written comments and layout aside, the same records).
    const seed = validateSeed(LONGHUTANG);
    expect(seed.problems).toEqual([]);
    const yaml = tempFolder("yaml");
    writeSeedFolder(yaml, recordsOfModel(seed.model), { meta: { name: "longhutang" } });

    const workbook = await seedFolderWorkbook(yaml);
    const back = await validateWorkbook(workbook);
    expect(back.problems).toEqual([]);
    expect(back.validation.recordCount).toBe(seed.recordCount);
    const again = tempFolder("again");
    writeSeedFolder(again, back.records, { meta: { name: "longhutang" } });

    const before = folderBytes(yaml);
    const after = folderBytes(again);
    expect([...after.keys()]).toEqual([...before.keys()]);
    expect(before.size).toBe(13);
    for (const [file, bytes] of before) expect(after.get(file)!.equals(bytes), file).toBe(true);
  });

  it("writes one sheet per record type with Chinese headers and field names, drop-downs, dates as dates and a read-me", async () => {
    const workbook = await load(await seedFolderWorkbook(LONGHUTANG));
    const names = workbook.worksheets.map((sheet) => sheet.name);
    expect(names[0]).toBe("說明");
    for (const sheet of ["地域", "組織", "單位", "協調機構", "共建協議", "志願服務隊", "文體隊伍", "設施", "黨員", "受助人", "結對幫扶", "變更事件", "組織-時段", "名稱沿革", "詞表"]) expect(names).toContain(sheet);
    const organisations = workbook.getWorksheet("組織")!;
    expect(organisations.getCell("A1").value).toBe("代碼 (code)");
    expect(organisations.getRow(1).values).toContain("類型 (kind)");
    // A vocabulary column carries a drop-down over 詞表.
    const kind = cellOf(workbook, "組織", "LHT-C1-GB", "kind");
    expect(kind.cell.value).toBe("GENERAL_BRANCH");
    expect(kind.cell.dataValidation).toMatchObject({ type: "list", formulae: [expect.stringMatching(/^'詞表'!\$[A-Z]+\$2:\$[A-Z]+\$\d+$/)] });
    // Dates are dates, shown as yyyy-mm-dd.
    const from = cellOf(workbook, "地域", "LHT-V1", "validTo");
    expect(from.cell.value).toEqual(new Date(Date.UTC(2020, 6, 1)));
    expect(from.cell.numFmt).toBe("yyyy-mm-dd");
    // A relation over the whole life is one code; dated links are rows of the link sheet.
    expect(cellOf(workbook, "組織", "LHT-WC", "ledBy").cell.value).toBe("XB-DC");
    expect(cellOf(workbook, "地域-時段", "LHT-C1-R01", "target", 1).cell.value).toBe("LHT-C1");
    const readme = workbook.getWorksheet("說明")!;
    const text = readme.getSheetValues().flat().join(" ");
    expect(text).toContain("組織!C12");
    expect(text).toContain("all or nothing");
  });

  it("reports a workbook with errors in three sheets cell by cell, and writes nothing", async () => {
    const workbook = await load((await exportWorkbook(db)).bytes);
    const kind = cellOf(workbook, "組織", "LHT-C2-R01-BR", "kind");
    kind.cell.value = "BRANCHH";
    const day = cellOf(workbook, "地域", "LHT-C1-R01-B01", "validFrom");
    day.cell.value = "2012-02-30";
    const originals = cellOf(workbook, "變更事件", "EV-2020-MERGER-C1", "originals");
    originals.cell.value = "LHT-V1";
    const line = cellOf(workbook, "組織-時段", "XB-EDU-PC", "line");
    line.cell.value = "SIDEWAYS";
    const edited = Buffer.from(await workbook.xlsx.writeBuffer());
    const fingerprint = await graphFingerprint(db);

    const error = await importWorkbook(db, edited).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkbookValidationError);
    const problems = (error as WorkbookValidationError).problems;
    expect(problems.map((problem) => [problem.cell, problem.code, problem.record])).toEqual([
      [day.address, "SEED_SCHEMA", "LHT-C1-R01-B01"],
      [kind.address, "SEED_SCHEMA", "LHT-C2-R01-BR"],
      [line.address, "SEED_SCHEMA", "XB-EDU-PC"],
      // The shape is the event's as a whole: it is named at the event's code.
      [originals.address.replace(/![A-Z]+/, "!A"), "SEED_EVENT_SHAPE", "EV-2020-MERGER-C1"],
    ]);
    expect(formatWorkbookProblem(problems[1]!)).toMatch(new RegExp(`^組織!${kind.cell.address} \\[LHT-C2-R01-BR\\] SEED_SCHEMA: kind: "BRANCHH" is not one of .*did you mean "BRANCH"`));
    expect(problems[0]!.message).toContain("not a day on the calendar");
    expect(await graphFingerprint(db)).toBe(fingerprint);
  });

  it("names the workbook's own mistakes at their cells: an unknown column or sheet, a link row of no record, a name both here and in the history", async () => {
    const workbook = await load(await seedFolderWorkbook(LONGHUTANG));
    const places = workbook.getWorksheet("地域")!;
    const spare = places.columnCount + 1;
    places.getCell(1, spare).value = "顏色 (colour)";
    workbook.addWorksheet("草稿");
    const links = workbook.getWorksheet("組織-時段")!;
    links.addRow(["LHT-NOWHERE", "ledBy", "LHT-WC"]);
    const renamed = cellOf(workbook, "地域", "LHT-C1-R03", "name");
    renamed.cell.value = "別名";
    const checked = await validateWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(checked.problems.map((problem) => [problem.cell, problem.code])).toEqual([
      [`地域!${places.getCell(1, spare).address}`, "SEED_SCHEMA"],
      [renamed.address, "SEED_SCHEMA"],
      [`組織-時段!A${links.rowCount}`, "SEED_UNKNOWN_REFERENCE"],
      ["草稿!A1", "SEED_UNKNOWN_FILE"],
    ]);
  });

  it("exports one scope with what it refers to (and without personal data when asked), valid on its own", async () => {
    const scoped = await validateWorkbook((await exportWorkbook(db, { scope: "LHT-C1" })).bytes);
    expect(scoped.problems).toEqual([]);
    const places = scoped.records.get("places.yaml")!.map((record) => record.code as string);
    expect(places).toContain("LHT-C1-R01-B01");
    expect(places).toContain("LHT");
    expect(places).toContain("XB");
    expect(scoped.records.get("members.yaml")!.length).toBeGreaterThan(0);
    const whole = recordsOfModel(validateSeed(LONGHUTANG).model);
    expect(places.length).toBeLessThan(whole.get("places.yaml")!.length);

    const impersonal = await validateWorkbook((await exportWorkbook(db, { scope: "LHT-C1", personal: false })).bytes);
    expect(impersonal.problems).toEqual([]);
    for (const file of ["members.yaml", "beneficiaries.yaml", "pairings.yaml"]) expect(impersonal.records.get(file)).toEqual([]);
    // Without people (who may live in one community and register with the other), nothing of LHT-C2 is referred to.
    const impersonalPlaces = impersonal.records.get("places.yaml")!.map((record) => record.code as string);
    expect(impersonalPlaces).toContain("LHT-C1-R01-B01");
    expect(impersonalPlaces.filter((code) => code.startsWith("LHT-C2"))).toEqual([]);
    await expect(exportWorkbook(db, { scope: "NOWHERE" })).rejects.toThrow("No place has the code NOWHERE");
  });

  it("writes a blank template per scope: every sheet and drop-down, no records, the scope's codes to refer to", async () => {
    const blank = await templateWorkbook(db, "LHT-C2");
    const checked = await validateWorkbook(blank);
    expect(checked.problems).toEqual([]);
    expect(checked.validation.recordCount).toBe(0);
    const workbook = await load(blank);
    for (const layout of DATA_SHEETS) expect(workbook.getWorksheet(layout.name)!.getCell("A1").value).toBe("代碼 (code)");
    expect(cellOf(workbook, "參照", "LHT-C2-GB", "name").cell.value).toBe("新橋社區黨總支");
    expect(workbook.getWorksheet("參照")!.getSheetValues().flat()).not.toContain("LHT-C1-GB");
    expect(workbook.getWorksheet("組織")!.getCell("C2").dataValidation).toMatchObject({ type: "list" });
  });

  // Last: it empties the graph and rebuilds it from the workbook.
  it("imports a workbook through the seed importer: the same graph as the YAML seed, and a second import changes nothing", async () => {
    // The graph's export and the seed's normal form are the same records, so the graph's workbook is the seed's.
    expect(JSON.stringify([...(await exportRecords(db))])).toBe(JSON.stringify([...recordsOfModel(validateSeed(LONGHUTANG).model)]));
    const workbook = (await exportWorkbook(db)).bytes;

    await resetGraph(db);
    const report = await importWorkbook(db, workbook);
    expect(report.records).toBe(673);
    expect(await canonicalGraph(db)).toBe(fromYaml);
    const fingerprint = await graphFingerprint(db);
    const second = await importWorkbook(db, workbook);
    expect(Object.values(second.summary.entities).every((counts) => counts.created === 0 && counts.updated === 0)).toBe(true);
    expect(await graphFingerprint(db)).toBe(fingerprint);
  });
});
