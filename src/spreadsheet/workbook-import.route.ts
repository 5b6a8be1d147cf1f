import { HubError } from "../errors/index.js";
import { EXPORT_STATUS_OF } from "../exports/export.route.js";
import type { HubContext } from "../server/context.js";
import { formatWorkbookProblem } from "./read.js";
import { WorkbookValidationError } from "./workbook.js";
import { importStewardWorkbook, UnreadableWorkbookError } from "./workbook-import.service.js";
import type { WorkbookResponse } from "./workbook.route.js";

/** POST /import/workbook.xlsx[?dryRun=true] — body: the workbook's bytes (workbook-import.service.ts). */
export const WORKBOOK_IMPORT_PATH = "/import/workbook.xlsx";

/** What a browser or curl sends for an .xlsx file; anything else is refused before parsing. */
export const WORKBOOK_CONTENT_TYPES = ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream"] as const;

function json(status: number, body: unknown): WorkbookResponse {
  return { status, headers: { "content-type": "application/json; charset=utf-8" }, body: Buffer.from(JSON.stringify(body)) };
}

export function workbookImportError(status: number, code: string, message: string): WorkbookResponse {
  return json(status, { errors: [{ message, extensions: { code } }] });
}

export async function handleWorkbookImport(search: URLSearchParams, bytes: Buffer, context: HubContext): Promise<WorkbookResponse> {
  try {
    const dryRun = search.get("dryRun") ?? "false";
    if (dryRun !== "true" && dryRun !== "false") throw new HubError("BAD_USER_INPUT", `dryRun must be true or false, got "${dryRun}".`, { argument: "dryRun" });
    const report = await importStewardWorkbook(context, { bytes, dryRun: dryRun === "true" });
    return json(200, { mode: report.mode, records: report.records, summary: report.summary });
  } catch (error) {
    // Every problem at its cell, with the seed problem's code: the CLI's messages, as JSON.
    if (error instanceof WorkbookValidationError) {
      return json(422, { errors: error.problems.map((problem) => ({ message: formatWorkbookProblem(problem), extensions: { code: problem.code, cell: problem.cell, sheet: problem.sheet, row: problem.row, column: problem.column } })) });
    }
    if (error instanceof UnreadableWorkbookError) return workbookImportError(400, "BAD_USER_INPUT", error.message);
    if (error instanceof HubError) return json(EXPORT_STATUS_OF[error.code] ?? 400, { errors: [{ message: error.message, extensions: { ...error.extensions } }] });
    throw error;
  }
}
