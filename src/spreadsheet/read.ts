import ExcelJS from "exceljs";
import type { ParsedSeed, RawRecord, ValuePath } from "../seeding/parse.js";
import type { SeedProblem, SeedProblemCode } from "../seeding/problems.js";
import { SEED_FILES, type FileSpec } from "../seeding/spec.js";
import { cellName, decodeCell, encodeCell, type CellPosition } from "./cells.js";
import { DATA_SHEETS, INFORMATION_SHEETS, keyOfHeader, LINK_SHEET_OF, NAMES_SHEET, RECORD_SHEET_OF, SHEETS_BY_NAME, type Column, type SheetLayout } from "./layout.js";

/**
 * An .xlsx workbook → the records the seed validator takes (src/seeding/parse.ts' ParsedSeed), in
 * the key order of the export's normal form, each remembering the cell of every value. Problems
 * of the workbook's own structure (an unknown sheet or column, a link row of no record) are found
 * here; everything else is the validator's, reported at the cell by `workbookProblems`.
 */
type Plain = Record<string, unknown>;

/** A problem located in a workbook. */
export interface WorkbookProblem {
  readonly code: SeedProblemCode;
  /** `組織!C12` */
  readonly cell: string;
  readonly sheet: string;
  readonly row: number;
  readonly column: number;
  readonly record?: string | undefined;
  readonly message: string;
}

export interface ParsedWorkbook {
  readonly parsed: ParsedSeed;
  /** The workbook's structural problems (the validator's come from `workbookProblems`). */
  readonly problems: readonly WorkbookProblem[];
}

interface Row {
  readonly sheet: SheetLayout;
  readonly row: number;
  readonly values: ReadonlyMap<string, unknown>;
  /** Column number of each key present in the sheet. */
  readonly columns: ReadonlyMap<string, number>;
}

function located(code: SeedProblemCode, position: CellPosition, message: string, record?: string): WorkbookProblem {
  return { code, cell: cellName(position), sheet: position.sheet, row: position.row, column: position.column, record, message };
}

/** The plain value of a cell: rich text joined, a formula's result, a hyperlink's text; null when blank. */
function plainValue(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value !== "object") return typeof value === "string" && value.trim() === "" ? null : value;
  if ("richText" in value) return plainValue(value.richText.map((part) => part.text).join(""));
  if ("result" in value) return plainValue((value.result ?? null) as ExcelJS.CellValue);
  if ("text" in value) return plainValue(value.text as ExcelJS.CellValue);
  if ("error" in value) return String(value.error);
  return null;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const TRUE_WORDS = new Set(["true", "是", "y", "yes"]);
const FALSE_WORDS = new Set(["false", "否", "n", "no"]);

/** A cell's value as the seed format has it; a value that cannot be read stays as it is, for the validator to name. */
function seedValue(column: Column, value: unknown): unknown {
  if (value === null) return undefined;
  switch (column.kind) {
    case "date":
      if (value instanceof Date) return value.getUTCHours() === 0 && value.getUTCMinutes() === 0 ? isoDay(value) : value.toISOString();
      if (typeof value === "number" && Number.isInteger(value)) return isoDay(new Date(Math.round((value - 25569) * 86_400_000)));
      return String(value).trim();
    case "integer":
    case "number":
      if (typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
      return value instanceof Date ? isoDay(value) : value;
    case "boolean":
      if (typeof value === "string") {
        const word = value.trim().toLowerCase();
        if (TRUE_WORDS.has(word)) return true;
        if (FALSE_WORDS.has(word)) return false;
      }
      return value;
    case "codes":
    case "list":
      return String(value)
        .split(/[\s,，、;；]+/)
        .filter((part) => part !== "");
    case "code":
    case "enum":
      return value instanceof Date ? isoDay(value) : String(value).trim();
    case "text":
      return value instanceof Date ? isoDay(value) : String(value);
  }
}

function readSheet(worksheet: ExcelJS.Worksheet, layout: SheetLayout, problems: WorkbookProblem[]): Row[] {
  const columns = new Map<string, number>();
  const headers = worksheet.getRow(1);
  for (let number = 1; number <= worksheet.columnCount; number++) {
    const text = plainValue(headers.getCell(number).value);
    if (text === null) continue;
    const key = keyOfHeader(String(text));
    const position = { sheet: layout.name, row: 1, column: number };
    const known = key !== undefined && layout.columns.some((column) => column.key === key);
    if (!known) {
      problems.push(located("SEED_SCHEMA", position, `unknown column "${String(text)}"; the columns of ${layout.name} are ${layout.columns.map((column) => column.header).join(", ")}`));
    } else if (columns.has(key)) {
      problems.push(located("SEED_SCHEMA", position, `the column ${String(text)} appears twice (also in column ${columns.get(key)})`));
    } else {
      columns.set(key, number);
    }
  }
  if (!columns.has("code")) {
    problems.push(located("SEED_SCHEMA", { sheet: layout.name, row: 1, column: 1 }, `${layout.name} has no column 代碼 (code)`));
    return [];
  }
  const rows: Row[] = [];
  for (let number = 2; number <= worksheet.rowCount; number++) {
    const cells = worksheet.getRow(number);
    const values = new Map<string, unknown>();
    for (const column of layout.columns) {
      const at = columns.get(column.key);
      if (at === undefined) continue;
      const value = seedValue(column, plainValue(cells.getCell(at).value));
      if (value !== undefined) values.set(column.key, value);
    }
    if (values.size > 0) rows.push({ sheet: layout, row: number, values, columns });
  }
  return rows;
}

/** Where each value of a record sits: its row, its link rows and its name rows. */
interface RecordCells {
  readonly main: Row;
  readonly links: ReadonlyMap<string, readonly Row[]>;
  readonly names: readonly Row[];
}

function cellOf(row: Row, key: string | undefined): number {
  const column = key === undefined ? undefined : row.columns.get(key);
  return encodeCell({ sheet: row.sheet.name, row: row.row, column: column ?? row.columns.get("code")! });
}

function lineFinder(spec: FileSpec, cells: RecordCells) {
  return (path: ValuePath): number => {
    const [field, index, key] = path;
    if (typeof field !== "string") return cellOf(cells.main, "code");
    if (field === "names" && typeof index === "number" && cells.names[index]) return cellOf(cells.names[index], typeof key === "string" ? key : "name");
    const relation = spec.relations.find((candidate) => candidate.field === field);
    const links = cells.links.get(field);
    if (relation && links && links.length > 0) {
      const row = typeof index === "number" ? links[index] : links[0];
      if (row) return cellOf(row, typeof key === "string" && key !== relation.targetField ? key : "target");
    }
    return cellOf(cells.main, field);
  };
}

function recordOf(spec: FileSpec, cells: RecordCells, problems: WorkbookProblem[]): Plain {
  const main = cells.main.values;
  const code = main.get("code") as string | undefined;
  const record: Plain = {};
  if (code !== undefined) record.code = code;
  if (spec.dated) {
    if (cells.names.length > 0) {
      record.names = cells.names.map((row) => ({ name: row.values.get("name"), validFrom: row.values.get("validFrom") }));
      const current = cells.names[cells.names.length - 1]!.values.get("name");
      if (main.has("name") && main.get("name") !== current) {
        problems.push(located("SEED_SCHEMA", decodeCell(cellOf(cells.main, "name")), `the name here must be the last of ${code}'s names in ${NAMES_SHEET} ("${String(current)}"), or blank`, code));
      }
    } else if (main.has("name")) {
      record.name = main.get("name");
    }
  }
  for (const key of Object.keys(spec.fields)) if (main.has(key)) record[key] = main.get(key);
  if (spec.dated) {
    if (main.has("validFrom")) record.validFrom = main.get("validFrom");
    if (main.has("validTo")) record.validTo = main.get("validTo");
  }
  for (const relation of spec.relations) {
    const links = cells.links.get(relation.field) ?? [];
    if (links.length > 0) {
      if (main.has(relation.field)) {
        problems.push(located("SEED_SCHEMA", decodeCell(cellOf(cells.main, relation.field)), `give ${relation.field} either as one code here or as dated rows in ${links[0]!.sheet.name} (rows ${links.map((row) => row.row).join(", ")}), not both`, code));
      }
      record[relation.field] = links.map((row) => {
        const link: Plain = { [relation.targetField]: row.values.get("target") };
        for (const key of Object.keys(relation.extras ?? {})) if (row.values.has(key)) link[key] = row.values.get(key);
        if (row.values.has("validFrom")) link.validFrom = row.values.get("validFrom");
        if (row.values.has("validTo")) link.validTo = row.values.get("validTo");
        return link;
      });
    } else if (relation.shape === "codes") {
      record[relation.field] = main.get(relation.field) ?? [];
    } else if (main.has(relation.field)) {
      record[relation.field] = main.get(relation.field);
    }
  }
  if (main.get("illustrative") === true) record.illustrative = true;
  else if (main.has("illustrative") && main.get("illustrative") !== false) record.illustrative = main.get("illustrative");
  if (main.has("note")) record.note = main.get("note");
  return record;
}

/** Reads a workbook written by `writeWorkbook` (and filled in by hand). */
export async function readWorkbook(bytes: Buffer | ArrayBuffer, name = "workbook.xlsx"): Promise<ParsedWorkbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as ArrayBuffer);
  const problems: WorkbookProblem[] = [];
  const rowsBySheet = new Map<string, Row[]>();
  workbook.eachSheet((worksheet) => {
    const layout = SHEETS_BY_NAME.get(worksheet.name);
    if (layout) rowsBySheet.set(layout.name, readSheet(worksheet, layout, problems));
    else if (!INFORMATION_SHEETS.includes(worksheet.name)) {
      problems.push({
        code: "SEED_UNKNOWN_FILE",
        cell: `${worksheet.name}!A1`,
        sheet: worksheet.name,
        row: 1,
        column: 1,
        message: `${worksheet.name} is not a sheet of the workbook; its sheets are ${DATA_SHEETS.map((sheet) => sheet.name).join(", ")}`,
      });
    }
  });

  // Link and name rows by the code of their record.
  const mainRows = new Map<string, { spec: FileSpec; row: Row }>();
  for (const spec of SEED_FILES) {
    for (const row of rowsBySheet.get(RECORD_SHEET_OF.get(spec.file)!.name) ?? []) {
      const code = row.values.get("code");
      if (typeof code === "string" && !mainRows.has(code)) mainRows.set(code, { spec, row });
    }
  }
  const linkRows = new Map<string, Map<string, Row[]>>();
  const nameRows = new Map<string, Row[]>();
  const attach = (row: Row, owners: ReadonlySet<string> | undefined, where: string): string | undefined => {
    const code = row.values.get("code") as string | undefined;
    if (code === undefined) {
      problems.push(located("SEED_SCHEMA", decodeCell(cellOf(row, "code")), "missing the code of the record this row belongs to"));
      return undefined;
    }
    const owner = mainRows.get(code);
    if (!owner || (owners && !owners.has(owner.spec.file))) {
      problems.push(located("SEED_UNKNOWN_REFERENCE", decodeCell(cellOf(row, "code")), `no record ${code} in ${where}`, code));
      return undefined;
    }
    return code;
  };
  for (const spec of SEED_FILES) {
    const layout = LINK_SHEET_OF.get(spec.file);
    if (!layout) continue;
    for (const row of rowsBySheet.get(layout.name) ?? []) {
      const code = attach(row, new Set([spec.file]), RECORD_SHEET_OF.get(spec.file)!.name);
      if (code === undefined) continue;
      const field = row.values.get("field") as string | undefined;
      if (!layout.relations!.some((relation) => relation.field === field)) {
        problems.push(located("SEED_SCHEMA", decodeCell(cellOf(row, "field")), `${field === undefined ? "missing the relation" : `"${field}" is not a relation of ${RECORD_SHEET_OF.get(spec.file)!.name}`}; one of ${layout.relations!.map((relation) => relation.field).join(", ")}`, code));
        continue;
      }
      const byField = linkRows.get(code) ?? new Map<string, Row[]>();
      linkRows.set(code, byField);
      byField.set(field!, [...(byField.get(field!) ?? []), row]);
    }
  }
  const dated = new Set(SEED_FILES.filter((spec) => spec.dated).map((spec) => spec.file));
  for (const row of rowsBySheet.get(NAMES_SHEET) ?? []) {
    const code = attach(row, dated, "the record sheets");
    if (code !== undefined) nameRows.set(code, [...(nameRows.get(code) ?? []), row]);
  }

  const records: RawRecord[] = [];
  const files: string[] = [];
  for (const spec of SEED_FILES) {
    const rows = rowsBySheet.get(RECORD_SHEET_OF.get(spec.file)!.name) ?? [];
    if (rows.length > 0) files.push(spec.file);
    rows.forEach((row, index) => {
      const code = row.values.get("code") as string | undefined;
      const first = code !== undefined && mainRows.get(code)?.row === row;
      const cells: RecordCells = { main: row, links: (first && linkRows.get(code)) || new Map(), names: (first && nameRows.get(code)) || [] };
      const value = recordOf(spec, cells, problems);
      const lineOf = lineFinder(spec, cells);
      records.push({ file: spec.file, spec, index, value, line: cellOf(row, "code"), code, broken: false, lineOf, at: (line) => cellName(decodeCell(line)) });
    });
  }
  return { parsed: { folder: name, meta: undefined, records, problems: [], files }, problems };
}

/** The validator's problems of a workbook's records, at their cells. */
export function workbookProblems(problems: readonly SeedProblem[]): WorkbookProblem[] {
  return problems.map((problem) => located(problem.code, decodeCell(problem.line), problem.message, problem.record));
}

/** In workbook order: sheet by sheet as the tabs stand, then row, then column. */
export function sortWorkbookProblems(problems: WorkbookProblem[]): WorkbookProblem[] {
  const order = (sheet: string) => {
    const index = DATA_SHEETS.findIndex((layout) => layout.name === sheet);
    return index < 0 ? DATA_SHEETS.length : index;
  };
  return problems.sort((a, b) => order(a.sheet) - order(b.sheet) || a.row - b.row || a.column - b.column || a.code.localeCompare(b.code));
}

/** `組織!C12 [LHT-C1-GB] SEED_SCHEMA: kind: "GENERAL" is not one of …` */
export function formatWorkbookProblem(problem: WorkbookProblem): string {
  return `${problem.cell}${problem.record ? ` [${problem.record}]` : ""} ${problem.code}: ${problem.message}`;
}
