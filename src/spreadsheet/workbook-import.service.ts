import { recordAudit } from "../audit/index.js";
import { forbidden, requireRole } from "../auth/index.js";
import type { ImportReport } from "../seeding/import.js";
import type { HubContext } from "../server/context.js";
import { importValidatedWorkbook, validateWorkbook } from "./workbook.js";
import { workbookScopeCheck } from "./workbook-scope.js";

/**
 * A steward's workbook imported over HTTP (POST /import/workbook.xlsx): the CLI's xlsx-import,
 * the same validator and importer, all or nothing, audited in the import's own transaction.
 *
 * Stewards and admins. A steward's import is held to the token's scope (workbook-scope.ts): every
 * record it creates must lie in the scope on every day of its life, every record it updates or
 * ends on every day from the first day the import changes it, before and after the import, and so
 * must the other end of each link it creates or deletes; checked inside the import's
 * one transaction, so a refusal (FORBIDDEN / OUT_OF_SCOPE, naming the cells) leaves the graph
 * exactly as it was and writes no audit entry. A steward's dry run runs the same check on the
 * import's writes and rolls them back, so it reports the refusal the real import would meet.
 */
export interface WorkbookImportRequest {
  readonly bytes: Buffer;
  readonly dryRun: boolean;
}

/** Who may import; called before the body is read, so a refusal costs nothing and reveals nothing. */
export function requireWorkbookImporter(context: HubContext): void {
  requireRole(context.viewer, "steward", "Importing a workbook");
  if (context.viewer.role === "steward" && context.viewer.scope.length === 0) {
    throw forbidden(context.viewer, "steward", "This steward token has an empty scope: it imports nothing.", { entities: [] });
  }
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
  const scope = workbookScopeCheck(context.viewer, checked.validation.model, context.today);
  if (request.dryRun && context.viewer.role !== "admin") {
    // A steward's dry run cannot be a read: the check judges the graph as the import leaves it.
    // The import runs, is checked and is rolled back (`inspect`); no audit entry, nothing kept.
    const report = await importValidatedWorkbook(context.db, checked, { beforeWrites: scope.beforeWrites, beforeCommit: (tx, _summary, plan) => scope.afterWrites(tx, plan), inspect: async () => {} });
    return { ...report, mode: "dry-run" };
  }
  return importValidatedWorkbook(context.db, checked, {
    dryRun: request.dryRun,
    beforeWrites: scope.beforeWrites,
    beforeCommit: async (tx, summary, plan) => {
      // Scope first: a refused import rolls back before it has an audit entry.
      await scope.afterWrites(tx, plan);
      await recordAudit(tx, { viewer: context.viewer, operation: "importWorkbook", entityCodes, requestId: context.requestId, details: { records: entityCodes.length, summary } });
    },
  });
}
