import ExcelJS from "exceljs";
import type { SeedRecords } from "../seeding/export.js";
import { FILE_SPECS, SEED_FILES } from "../seeding/spec.js";
import { columnLetters } from "./cells.js";
import { DATA_SHEETS, LINK_SHEET_OF, NAMES_SHEET, README_SHEET, RECORD_SHEET_OF, REFERENCE_SHEET, VOCABULARY_SHEET, type Column, type SheetLayout } from "./layout.js";

/**
 * Seed records (the export's normal form, src/seeding/export.ts) → an .xlsx workbook: the read-me,
 * one sheet per record type with its link sheet, 名稱沿革, the vocabularies behind the drop-downs,
 * and, for a template, the codes a steward may refer to.
 */
type Plain = Record<string, unknown>;

export interface WorkbookOptions {
  /** What the workbook holds, for the read-me: `the whole graph`, `scope LHT-C1`, … */
  readonly title: string;
  /** Written into the read-me (an ISO date-time); default now. */
  readonly exportedAt?: string;
  /** True when members, beneficiaries and pairings were left out. */
  readonly withoutPersonalData?: boolean;
  /** Existing codes to refer to (a template's 參照 sheet): code, name, sort. */
  readonly references?: readonly { code: string; name: string; sheet: string }[];
}

/** Empty rows below the data that still carry the drop-downs and date formats. */
const SPARE_ROWS = 500;
const DATE_FORMAT = "yyyy-mm-dd";

function toDate(value: unknown): Date | unknown {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const [year, month, day] = value.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day));
}

function cellValue(column: Column, value: unknown): ExcelJS.CellValue {
  if (value === undefined || value === null) return null;
  if (column.kind === "date") return toDate(value) as ExcelJS.CellValue;
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return value as ExcelJS.CellValue;
}

/** The rows of each data sheet: a record's own row, its dated links and its names. */
function sheetRows(records: SeedRecords): Map<string, Plain[]> {
  const rows = new Map<string, Plain[]>(DATA_SHEETS.map((sheet) => [sheet.name, []]));
  for (const spec of SEED_FILES) {
    const main = RECORD_SHEET_OF.get(spec.file)!;
    const links = LINK_SHEET_OF.get(spec.file);
    for (const record of records.get(spec.file) ?? []) {
      const row: Plain = {};
      for (const column of main.columns) if (column.key in record && column.key !== "name") row[column.key] = record[column.key];
      const names = record.names as { name: string; validFrom: string }[] | undefined;
      row.name = names ? names[names.length - 1]!.name : record.name;
      for (const entry of names ?? []) rows.get(NAMES_SHEET)!.push({ code: record.code, name: entry.name, validFrom: entry.validFrom });
      for (const relation of links?.relations ?? []) {
        const value = record[relation.field];
        if (!Array.isArray(value)) continue;
        delete row[relation.field];
        for (const link of value as Plain[]) {
          const { [relation.targetField]: target, ...rest } = link;
          rows.get(links!.name)!.push({ code: record.code, field: relation.field, target, ...rest });
        }
      }
      rows.get(main.name)!.push(row);
    }
  }
  return rows;
}

interface Vocabulary {
  readonly title: string;
  readonly values: readonly string[];
  /** The range a drop-down of this vocabulary refers to. */
  readonly range: string;
}

/** One column of 詞表 per distinct vocabulary, in the order the sheets first use them. */
function vocabularies(): Map<readonly string[], Vocabulary> {
  const found = new Map<readonly string[], Vocabulary>();
  for (const layout of DATA_SHEETS) {
    for (const column of layout.columns) {
      if (!column.values || found.has(column.values)) continue;
      const letters = columnLetters(found.size + 1);
      found.set(column.values, { title: `${layout.name} ${column.header}`, values: column.values, range: `'${VOCABULARY_SHEET}'!$${letters}$2:$${letters}$${column.values.length + 1}` });
    }
  }
  return found;
}

function addVocabularies(workbook: ExcelJS.Workbook, lists: readonly Vocabulary[]): void {
  const sheet = workbook.addWorksheet(VOCABULARY_SHEET);
  lists.forEach((list, index) => {
    sheet.getColumn(index + 1).width = Math.max(18, ...list.values.map((value) => value.length + 2));
    sheet.getCell(1, index + 1).value = list.title;
    sheet.getCell(1, index + 1).font = { bold: true };
    list.values.forEach((value, row) => {
      sheet.getCell(row + 2, index + 1).value = value;
    });
  });
  sheet.views = [{ state: "frozen", ySplit: 1 }];
}

interface Validations {
  add(range: string, validation: ExcelJS.DataValidation): void;
}

function addDataSheet(workbook: ExcelJS.Workbook, layout: SheetLayout, rows: readonly Plain[], lists: Map<readonly string[], Vocabulary>): void {
  const sheet = workbook.addWorksheet(layout.name);
  const last = rows.length + 1 + SPARE_ROWS;
  layout.columns.forEach((column, index) => {
    const number = index + 1;
    const header = sheet.getCell(1, number);
    header.value = column.header;
    header.font = { bold: true, color: column.required ? { argb: "FFB00020" } : undefined };
    header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEFEFEF" } };
    header.note = `${column.required ? "必填 required. " : ""}${column.description}`;
    const col = sheet.getColumn(number);
    col.width = column.kind === "text" ? 24 : column.kind === "date" ? 13 : Math.max(12, column.header.length + 4);
    if (column.kind === "date") col.numFmt = DATE_FORMAT;
    const range = `${columnLetters(number)}2:${columnLetters(number)}${last}`;
    const validations = (sheet as unknown as { dataValidations: Validations }).dataValidations;
    if (column.kind === "enum") {
      validations.add(range, { type: "list", allowBlank: !column.required, formulae: [lists.get(column.values!)!.range], showErrorMessage: true, errorTitle: column.header, error: `${column.header}: choose a value from the list (${VOCABULARY_SHEET})` });
    } else if (column.kind === "boolean") {
      validations.add(range, { type: "list", allowBlank: true, formulae: ['"TRUE,FALSE"'], showErrorMessage: true, errorTitle: column.header, error: "TRUE or FALSE" });
    } else if (column.kind === "date") {
      validations.add(range, { type: "date", operator: "greaterThan", allowBlank: true, formulae: [new Date(Date.UTC(1900, 0, 1))], showErrorMessage: true, errorTitle: column.header, error: "a date, e.g. 2020-07-01" });
    } else if (column.kind === "list") {
      validations.add(range, { type: "list", allowBlank: true, formulae: [lists.get(column.values!)!.range], showErrorMessage: false, prompt: `one or more of ${column.values!.join(", ")}, separated by commas` });
    }
  });
  rows.forEach((row, index) => {
    layout.columns.forEach((column, at) => {
      const value = cellValue(column, row[column.key]);
      if (value !== null) sheet.getCell(index + 2, at + 1).value = value;
    });
  });
  sheet.views = [{ state: "frozen", xSplit: 1, ySplit: 1 }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: layout.columns.length } };
}

function addReadme(workbook: ExcelJS.Workbook, options: WorkbookOptions, counts: Map<string, number>): void {
  const sheet = workbook.addWorksheet(README_SHEET);
  sheet.getColumn(1).width = 22;
  sheet.getColumn(2).width = 30;
  sheet.getColumn(3).width = 14;
  sheet.getColumn(4).width = 90;
  const lines: (string | number)[][] = [
    ["黨建數據工作簿 dangjian-hub workbook"],
    ["內容 contents", options.title],
    ["導出時間 exported", options.exportedAt ?? new Date().toISOString()],
    ...(options.withoutPersonalData ? [["個人數據 personal data", "不含黨員、受助人和結對幫扶 (members, beneficiaries and pairings are left out)"]] : [["個人數據 personal data", "含黨員和受助人（化名）：按個人數據保管 (holds members and beneficiaries: personal data)"]]),
    [],
    ["填寫方法 how to fill it in"],
    ["", "每行一條記錄；第一行是表頭：中文名稱，括號內是欄位名 (one record a row; headers are the Chinese label with the field name beside it)。紅色表頭必填。"],
    ["", "日期填成日期 (dates as dates, e.g. 2020-07-01)；帶下拉列表的欄位從列表中選 (drop-downs: pick from the list, 詞表)。TRUE / FALSE 表示是否。"],
    ["", "在記錄整個存續期內都成立的關係（上級地域、建在、上級黨組織…）在記錄行填一個代碼；有起止日期的關係填在「…-時段」表，每段一行 (dated links: one row each in the type's -時段 sheet)。"],
    ["", `改過名的記錄：名稱欄填現名，歷次名稱填在「${NAMES_SHEET}」表，第一行的起始日期即記錄的起始日期 (a history of names goes to ${NAMES_SHEET})。`],
    ["", "多個代碼或值用逗號分隔 (several codes or values: separate with commas)。工作簿必須包含它引用的每條記錄，與 YAML 種子相同。"],
    ["", "導入：npm run seed -- xlsx-import <文件>.xlsx — 與 YAML 種子同一套校驗，每個問題指明表和單元格 (e.g. 組織!C12)，有任何問題則什麼也不寫入 (all or nothing)。"],
    ["", `「${README_SHEET}」「${VOCABULARY_SHEET}」「${REFERENCE_SHEET}」三表只供閱讀，導入時忽略。`],
    [],
    ["表 sheet", "記錄數 rows", "", "說明 description"],
    ...DATA_SHEETS.map((layout) => [layout.name, counts.get(layout.name) ?? 0, "", layout.role === "records" ? FILE_SPECS.get(layout.spec!.file)!.title : layout.role === "links" ? `dated links of ${RECORD_SHEET_OF.get(layout.spec!.file)!.name}: ${layout.relations!.map((relation) => relation.field).join(", ")}` : "names histories"]),
    [],
    ["表 sheet", "欄 column", "必填 required", "說明 description"],
    ...DATA_SHEETS.flatMap((layout) => layout.columns.map((column) => [layout.name, column.header, column.required ? "必填" : "", `${column.description}${column.values ? ` — ${column.values.join(", ")}` : ""}`])),
  ];
  lines.forEach((line, index) => {
    line.forEach((value, at) => {
      sheet.getCell(index + 1, at + 1).value = value;
    });
  });
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  for (const row of [6, 15, 17 + DATA_SHEETS.length]) sheet.getRow(row).font = { bold: true };
}

function addReferences(workbook: ExcelJS.Workbook, references: NonNullable<WorkbookOptions["references"]>): void {
  const sheet = workbook.addWorksheet(REFERENCE_SHEET);
  [headerOfReference("code"), headerOfReference("name"), "表 sheet"].forEach((header, index) => {
    sheet.getCell(1, index + 1).value = header;
    sheet.getCell(1, index + 1).font = { bold: true };
  });
  references.forEach((reference, index) => {
    sheet.getCell(index + 2, 1).value = reference.code;
    sheet.getCell(index + 2, 2).value = reference.name;
    sheet.getCell(index + 2, 3).value = reference.sheet;
  });
  sheet.getColumn(1).width = 24;
  sheet.getColumn(2).width = 30;
  sheet.views = [{ state: "frozen", ySplit: 1 }];
}

function headerOfReference(key: "code" | "name"): string {
  return RECORD_SHEET_OF.get("places.yaml")!.columns.find((column) => column.key === key)!.header;
}

/** The workbook of these records, as .xlsx bytes. */
export async function writeWorkbook(records: SeedRecords, options: WorkbookOptions): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "dangjian-hub";
  const rows = sheetRows(records);
  const counts = new Map([...rows].map(([name, list]) => [name, list.length]));
  addReadme(workbook, options, counts);
  const lists = vocabularies();
  for (const layout of DATA_SHEETS) addDataSheet(workbook, layout, rows.get(layout.name)!, lists);
  if (options.references) addReferences(workbook, options.references);
  addVocabularies(workbook, [...lists.values()]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
