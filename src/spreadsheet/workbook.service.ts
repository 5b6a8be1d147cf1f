import { requireRole, requireScope } from "../auth/index.js";
import { HubError } from "../errors/index.js";
import { CODE_PATTERN } from "../graph/vocabulary.js";
import { maySee } from "../people/access.js";
import { placesOfRecords } from "../people/people.queries.js";
import { exportRecords, UnknownScopeError, type SeedRecords } from "../seeding/export.js";
import type { HubContext } from "../server/context.js";
import { writeWorkbook } from "./write.js";

/**
 * A steward's workbook over HTTP (GET /export/workbook.xlsx?within=CODE): the records a steward
 * keeps, for the scope they may write in.
 *
 * - Stewards: `scope` is required and must lie in the token's scope (the check of every steward
 *   write, src/auth requireScope, on the place's ancestry today). Admins: any scope, or none for
 *   the whole graph. Other roles: FORBIDDEN.
 * - Personal data (members, beneficiaries, pairings) is included only where the caller may read
 *   it today — the people guard's rule (src/people): admins everywhere; a steward for the records
 *   that lie in the token's scope today. A pairing goes with its helper and beneficiary, or not at
 *   all, so the workbook still validates. `personal=false` leaves all of it out.
 */
export interface WorkbookRequest {
  readonly scope?: string | undefined;
  readonly personal?: string | undefined;
}

const PERSONAL_FILES = { "members.yaml": "Member", "beneficiaries.yaml": "Beneficiary", "pairings.yaml": "Pairing" } as const;

/** The personal records the viewer may read today, by code: the people guard's one decision (maySee). */
async function readablePersonal(context: HubContext, records: SeedRecords, today: string): Promise<Set<string>> {
  const keys = Object.entries(PERSONAL_FILES).flatMap(([file, label]) => (records.get(file) ?? []).map((record) => ({ label, code: record.code as string })));
  const allowed = await maySee(context, keys, today);
  return new Set(keys.filter((_, index) => allowed[index]).map((key) => key.code));
}

function keepReadable(records: SeedRecords, readable: ReadonlySet<string>): SeedRecords {
  const kept = new Map(records);
  for (const file of ["members.yaml", "beneficiaries.yaml"]) kept.set(file, (records.get(file) ?? []).filter((record) => readable.has(record.code as string)));
  const people = new Set([...kept.get("members.yaml")!, ...kept.get("beneficiaries.yaml")!].map((record) => record.code as string));
  const organisations = new Set((records.get("organisations.yaml") ?? []).map((record) => record.code as string));
  kept.set(
    "pairings.yaml",
    (records.get("pairings.yaml") ?? []).filter((record) => readable.has(record.code as string) && (people.has(record.helper as string) || organisations.has(record.helper as string)) && people.has(record.beneficiary as string)),
  );
  return kept;
}

export async function stewardWorkbook(context: HubContext, request: WorkbookRequest): Promise<{ filename: string; bytes: Buffer }> {
  const { viewer } = context;
  requireRole(viewer, "steward", "A workbook of the records a steward keeps");
  const scope = request.scope === "" ? undefined : request.scope;
  if (request.personal !== undefined && request.personal !== "true" && request.personal !== "false") {
    throw new HubError("BAD_USER_INPUT", `personal must be true or false, got "${request.personal}".`, { argument: "personal" });
  }
  if (scope === undefined && viewer.role !== "admin") throw new HubError("BAD_USER_INPUT", "A steward's workbook needs ?scope=<place code> (a place in the token's scope).", { argument: "scope" });
  if (scope !== undefined && !CODE_PATTERN.test(scope)) throw new HubError("BAD_USER_INPUT", `scope "${scope}" is not a code.`, { argument: "scope" });
  const today = context.today;
  if (scope !== undefined && viewer.role !== "admin") {
    const [row] = await context.db.read(placesOfRecords("code", [scope], today));
    requireScope(viewer, (row?.places as string[] | undefined) ?? [scope]);
  }
  const personal = request.personal !== "false";
  let records: SeedRecords;
  try {
    records = await exportRecords(context.db, { ...(scope === undefined ? {} : { scope }), personal });
  } catch (error) {
    if (error instanceof UnknownScopeError) throw new HubError("NOT_FOUND", error.message, { code: scope, asOf: null });
    throw error;
  }
  if (personal) records = keepReadable(records, await readablePersonal(context, records, today));
  const bytes = await writeWorkbook(records, { title: scope === undefined ? "整個圖譜 the whole graph" : `範圍 scope ${scope}`, withoutPersonalData: !personal });
  return { filename: `workbook${scope === undefined ? "" : `-${scope}`}-${today}.xlsx`, bytes };
}
