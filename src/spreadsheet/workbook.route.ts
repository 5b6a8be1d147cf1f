import { requireRole } from "../auth/index.js";
import { HubError } from "../errors/index.js";
import { EXPORT_STATUS_OF } from "../exports/export.route.js";
import type { HubContext } from "../server/context.js";
import { stewardWorkbook } from "./workbook.service.js";

/** GET /export/workbook.xlsx?within=CODE[&personal=false] — a steward's workbook (workbook.service.ts). */
export const WORKBOOK_PATH = "/export/workbook.xlsx";

export interface WorkbookResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

export async function handleWorkbookExport(search: URLSearchParams, context: HubContext): Promise<WorkbookResponse> {
  try {
    // The role first, then the parameters: one name for "inside this place", as on the CSV exports.
    requireRole(context.viewer, "steward", "A workbook");
    if (search.has("scope")) throw new HubError("BAD_USER_INPUT", "The scope parameter is renamed, as on the CSV exports: within=.", { argument: "scope" });
    const { filename, bytes } = await stewardWorkbook(context, { scope: search.get("within") ?? undefined, personal: search.get("personal") ?? undefined });
    return {
      status: 200,
      headers: {
        "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      },
      body: bytes,
    };
  } catch (error) {
    if (!(error instanceof HubError)) throw error;
    const body = Buffer.from(JSON.stringify({ errors: [{ message: error.message, extensions: { ...error.extensions } }] }));
    return { status: EXPORT_STATUS_OF[error.code] ?? 400, headers: { "content-type": "application/json; charset=utf-8" }, body };
  }
}
