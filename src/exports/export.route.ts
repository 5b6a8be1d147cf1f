import { requireRole } from "../auth/index.js";
import type { Role } from "../auth/index.js";
import { HubError } from "../errors/index.js";
import type { HubContext } from "../server/context.js";
import { toCsv } from "./csv.js";
import type { Table } from "./table.js";

export type ReportParams = Readonly<Record<string, string | undefined>>;

export interface ReportDefinition {
  /** The weakest role that may download it (aggregates: viewer; lists naming places: analyst). */
  readonly role: Role;
  readonly table: (context: HubContext, params: ReportParams) => Promise<Table>;
}

export interface ExportResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const EXPORT_PATH = /^\/export\/([a-z0-9-]+)\.csv$/;

export function isExportPath(path: string): boolean {
  return EXPORT_PATH.test(path);
}

function errorResponse(status: number, code: string, message: string): ExportResponse {
  return { status, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify({ errors: [{ message, extensions: { code } }] }) };
}

/** The HTTP status of a refused export, by error code. */
export const EXPORT_STATUS_OF: Readonly<Record<string, number>> = { BAD_USER_INPUT: 400, NOT_FOUND: 404, FORBIDDEN: 403, UNAUTHENTICATED: 401, DATABASE_UNAVAILABLE: 503 };

/**
 * GET /export/<report>.csv?scope=…&asOf=… — the same service call as the GraphQL field, turned
 * into CSV (UTF-8 with BOM, so spreadsheets open Chinese correctly).
 */
export async function handleExport(path: string, search: URLSearchParams, context: HubContext, reports: Readonly<Record<string, ReportDefinition>>): Promise<ExportResponse> {
  const name = EXPORT_PATH.exec(path)?.[1] ?? "";
  const report = Object.hasOwn(reports, name) ? reports[name] : undefined;
  if (!report) return errorResponse(404, "NOT_FOUND", `No report "${name}". Reports: ${Object.keys(reports).sort().join(", ")}.`);
  try {
    requireRole(context.viewer, report.role);
    const params = Object.fromEntries(search.entries());
    const table = await report.table(context, params);
    const filename = `${name}${params.scope ? `-${params.scope}` : ""}${params.asOf ? `-${params.asOf}` : ""}.csv`.replace(/[^A-Za-z0-9._-]/g, "_");
    return {
      status: 200,
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` },
      body: toCsv(table),
    };
  } catch (error) {
    if (error instanceof HubError) return errorResponse(EXPORT_STATUS_OF[error.code] ?? 400, error.code, error.message);
    throw error;
  }
}
