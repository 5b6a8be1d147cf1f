import type { Database } from "../database/index.js";
import { exportRecords, recordsOfModel, type ExportSelection, type SeedRecords } from "../seeding/export.js";
import { importSeed, type ImportOptions, type ImportReport } from "../seeding/import.js";
import { SeedValidationError } from "../seeding/problems.js";
import { FILE_SPECS } from "../seeding/spec.js";
import { validateParsed, validateSeed, type SeedValidation } from "../seeding/validate.js";
import { RECORD_SHEET_OF } from "./layout.js";
import { readWorkbook, sortWorkbookProblems, workbookProblems, formatWorkbookProblem, type WorkbookProblem } from "./read.js";
import { writeWorkbook, type WorkbookOptions } from "./write.js";

/**
 * The spreadsheet entrances: a scope of the graph (or a seed folder) → workbook, workbook →
 * validation with every problem at its cell, workbook → import through the seed importer, and a
 * blank template. A workbook goes through exactly the validator and importer of YAML seeds.
 */

/** Thrown when a workbook has problems; nothing was written. */
export class WorkbookValidationError extends Error {
  constructor(readonly problems: readonly WorkbookProblem[]) {
    super(`The workbook has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.slice(0, 50).map(formatWorkbookProblem).join("\n")}${problems.length > 50 ? `\n… and ${problems.length - 50} more` : ""}`);
    this.name = "WorkbookValidationError";
  }
}

export interface WorkbookValidation {
  /** Sorted by sheet, row and column; empty when the workbook can be imported. */
  readonly problems: readonly WorkbookProblem[];
  readonly validation: SeedValidation;
  /** The records as the workbook holds them, by seed file (what `xlsx-to-yaml` writes). */
  readonly records: SeedRecords;
}

/** Reads and validates a workbook: its structure, then the seed validator on its records. */
export async function validateWorkbook(bytes: Buffer | ArrayBuffer, name?: string): Promise<WorkbookValidation> {
  const { parsed, problems } = await readWorkbook(bytes, name);
  const validation = validateParsed(parsed);
  const records: SeedRecords = new Map([...FILE_SPECS.keys()].map((file) => [file, []]));
  for (const record of parsed.records) records.get(record.file)!.push(record.value as Record<string, unknown>);
  return { problems: sortWorkbookProblems([...problems, ...workbookProblems(validation.problems)]), validation, records };
}

/**
 * Imports a workbook: all or nothing, as `importSeed` (one transaction up to 50 000 records).
 * Throws WorkbookValidationError, with every problem at its cell, before anything is written.
 */
export async function importWorkbook(db: Database, bytes: Buffer | ArrayBuffer, options: ImportOptions = {}): Promise<ImportReport> {
  return importValidatedWorkbook(db, await validateWorkbook(bytes), options);
}

/** `importWorkbook` for a workbook already read and validated (the HTTP import reads it first to tell a broken file from a wrong one). */
export async function importValidatedWorkbook(db: Database, checked: WorkbookValidation, options: ImportOptions = {}): Promise<ImportReport> {
  if (checked.problems.length > 0) throw new WorkbookValidationError(checked.problems);
  try {
    return await importSeed(db, checked.validation, options);
  } catch (error) {
    // The import's own refusals (a code held by another sort of entity) are located by cell too.
    if (error instanceof SeedValidationError) throw new WorkbookValidationError(sortWorkbookProblems(workbookProblems(error.problems)));
    throw error;
  }
}

function describe(selection: ExportSelection): string {
  return selection.scope === undefined ? "整個圖譜 the whole graph" : `範圍 scope ${selection.scope}`;
}

/** A scope of the graph (default all of it) as a workbook. */
export async function exportWorkbook(db: Database, selection: ExportSelection = {}): Promise<{ bytes: Buffer; records: number }> {
  const records = await exportRecords(db, selection);
  const bytes = await writeWorkbook(records, { title: describe(selection), withoutPersonalData: selection.personal === false });
  return { bytes, records: [...records.values()].reduce((sum, list) => sum + list.length, 0) };
}

/** A seed folder as a workbook, without a database; the folder must validate. */
export async function seedFolderWorkbook(folder: string): Promise<Buffer> {
  const validation = validateSeed(folder);
  if (validation.problems.length > 0) throw new SeedValidationError(validation.problems);
  return writeWorkbook(recordsOfModel(validation.model), { title: `種子 seed ${String(validation.meta?.name ?? folder)}` });
}

/**
 * A blank workbook: every sheet with its headers, drop-downs and date formats, no records. With
 * a database and a scope, its 參照 sheet lists the scope's places, organisations and units, to
 * copy codes from (a workbook must still hold every record it refers to, as a seed folder does).
 */
export async function templateWorkbook(db?: Database, scope?: string): Promise<Buffer> {
  const empty: SeedRecords = new Map();
  const options: WorkbookOptions = { title: scope === undefined ? "空白模板 blank template" : `空白模板 blank template, ${describe({ scope })}` };
  if (db === undefined || scope === undefined) return writeWorkbook(empty, options);
  const records = await exportRecords(db, { scope, personal: false });
  const references = ["places.yaml", "organisations.yaml", "units.yaml"].flatMap((file) =>
    (records.get(file) ?? []).map((record) => {
      const names = record.names as { name: string }[] | undefined;
      return { code: record.code as string, name: String(names ? names[names.length - 1]!.name : record.name), sheet: RECORD_SHEET_OF.get(file)!.name };
    }),
  );
  return writeWorkbook(empty, { ...options, references });
}
