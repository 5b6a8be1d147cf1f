import { recordAudit } from "../audit/index.js";
import { requireRole } from "../auth/index.js";
import { HubError } from "../errors/index.js";
import type { ImportReport } from "../seeding/import.js";
import type { HubContext } from "../server/context.js";
import { importValidatedWorkbook, validateWorkbook } from "./workbook.js";

/**
 * A steward's workbook imported over HTTP (POST /import/workbook.xlsx): the CLI's xlsx-import,
 * the same validator and importer, all or nothing, audited in the import's own transaction.
 *
 * Admins only for now: a steward's import must be held to the token's scope over the dates each
 * record touches, inside the import's transaction, and until that check exists a steward is
 * refused rather than trusted (docs/SPREADSHEETS.md).
 */
export interface WorkbookImportRequest {
  readonly bytes: Buffer;
  readonly dryRun: boolean;
}

/** Who may import; called before the body is read, so a refusal costs nothing and reveals nothing. */
export function requireWorkbookImporter(context: HubContext): void {
  requireRole(context.viewer, "steward", "Importing a workbook");
  if (context.viewer.role !== "admin") throw new HubError("FORBIDDEN", "Importing a workbook over HTTP is for admins until the steward's scope check lands; a steward asks an admin.", { requiredRole: "admin" });
}

/** Thrown when the body is not a workbook at all; nothing was written. */
export class UnreadableWorkbookError extends Error {}

export async function importStewardWorkbook(context: HubContext, request: WorkbookImportRequest): Promise<ImportReport> {
  requireWorkbookImporter(context);
  let checked;
  try {
    checked = await validateWorkbook(request.bytes);
  } catch (error) {
    // exceljs' own words for a zip it cannot open are not the caller's business; the kind is.
    throw new UnreadableWorkbookError(`The body is not an .xlsx workbook (${error instanceof Error ? error.name : "unreadable"}).`);
  }
  const entityCodes = checked.validation.model.entities.map((entity) => entity.code);
  return importValidatedWorkbook(context.db, checked, {
    dryRun: request.dryRun,
    beforeCommit: async (tx, summary) => {
      await recordAudit(tx, { viewer: context.viewer, operation: "importWorkbook", entityCodes, requestId: context.requestId, details: { records: entityCodes.length, summary } });
    },
  });
}

