import { forbidden, inScope, requireRole, type Viewer } from "../auth/index.js";
import type { Transaction } from "../database/index.js";
import { HubError } from "../errors/index.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { PERSONAL_LABELS, type EntityLabel } from "../graph/vocabulary.js";
import type { HubContext } from "../server/context.js";
import { placesOfRecords } from "./people.queries.js";

/**
 * Who may see members, beneficiaries and pairings (docs/MODEL.md, "Personal data").
 *
 * - viewer, analyst: never (FORBIDDEN).
 * - admin: everywhere.
 * - steward: a record whose places lie in the token's scope on the date asked. A record's places
 *   are those it is tied to then (residence, 雙報到 registration, a beneficiary's home, the places
 *   of the member's organisation, a pairing's helper and beneficiary) and every place containing
 *   them; one of them in scope is enough, so the steward of the community where a member lives
 *   and the steward of the community where the member's branch is built both see the member.
 *
 * A denial is an error, never a silently missing item: a list with one record out of scope fails
 * as a whole. Lists hanging off a place or an organisation are checked on that owner first, so an
 * empty list out of scope is refused too (its emptiness is information).
 */

/** Records behind this guard: personal data and the pairings that tie helpers to beneficiaries. */
export const PROTECTED_LABELS: readonly EntityLabel[] = [...PERSONAL_LABELS, "Pairing"];

export function isProtected(record: EntityRecord): boolean {
  return PROTECTED_LABELS.includes(record.label);
}

function outOfScope(viewer: Viewer, what: string): HubError {
  // No codes in the error: where a person lives (and whether one exists) is what is being protected.
  return forbidden(viewer, "steward", `${what} lies outside the places this token's scope covers.`, { entities: [] });
}

/** Codes of the places a record lies in at `asOf`, with their ancestors; batched per request. */
function placesOf(context: HubContext, record: EntityRecord): Promise<readonly string[]> {
  const loader = context.loaders.get<{ id: string; asOf: string }, string[]>(
    "people.anchors",
    async (keys) => {
      const byDate = new Map<string, string[]>();
      for (const key of keys) byDate.set(key.asOf, [...(byDate.get(key.asOf) ?? []), key.id]);
      const found = new Map<string, string[]>();
      await Promise.all(
        [...byDate].map(async ([asOf, ids]) => {
          for (const row of await context.db.read(placesOfRecords("id", ids, asOf))) found.set(`${asOf}|${String(row.key)}`, row.places as string[]);
        }),
      );
      return keys.map((key) => found.get(`${key.asOf}|${key.id}`) ?? []);
    },
    (key) => `${key.asOf}|${key.id}`,
  );
  return loader.load({ id: record.id, asOf: record.asOf });
}

/**
 * Throws FORBIDDEN unless the viewer may see every one of `records` (protected ones are checked
 * against the scope; places and organisations passed as owners of a list are checked the same way).
 */
export async function assertMaySee(context: HubContext, records: readonly EntityRecord[], what = "A record asked for"): Promise<void> {
  requireRole(context.viewer, "steward");
  if (context.viewer.role === "admin") return;
  const places = await Promise.all(records.map((record) => placesOf(context, record)));
  if (places.some((codes) => !inScope(context.viewer, codes))) throw outOfScope(context.viewer, what);
}

/** Passes through what a resolver returns, after checking the viewer may see it. */
export async function guarded<T extends EntityRecord | null | readonly EntityRecord[]>(context: HubContext, value: Promise<T>, what?: string): Promise<T> {
  const result = await value;
  const records = result === null ? [] : Array.isArray(result) ? (result as readonly EntityRecord[]) : [result as EntityRecord];
  const protectedRecords = records.filter(isProtected);
  // Only personal data needs a steward: node(id:) of a place is an analyst's to read.
  if (protectedRecords.length > 0) await assertMaySee(context, protectedRecords, what);
  return result;
}

/**
 * A look-up of one record (by code or id) whose label is protected: a record that does not exist is,
 * to anyone but an admin, as refused as one outside the scope, so a refusal never tells whether a
 * person with that code exists (authorisation before existence, issue 9).
 */
export async function guardedLookup(context: HubContext, label: EntityLabel, lookup: () => Promise<EntityRecord>, what: string): Promise<EntityRecord> {
  if (!PROTECTED_LABELS.includes(label)) return lookup();
  requireRole(context.viewer, "steward");
  try {
    return await guarded(context, lookup(), what);
  } catch (error) {
    if (context.viewer.role !== "admin" && error instanceof HubError && error.code === "NOT_FOUND") throw outOfScope(context.viewer, what);
    throw error;
  }
}

/**
 * A list of protected records asked for at the top level: a steward names where (a place, an
 * organisation, a helper) and that owner must be in scope, so neither the items nor `totalCount`
 * can reveal anything outside it. Admins may list everything.
 */
export async function assertMayList(context: HubContext, owners: readonly (string | null | undefined)[], asOf: string): Promise<void> {
  requireRole(context.viewer, "steward");
  if (context.viewer.role === "admin") return;
  const named = owners.filter((code): code is string => typeof code === "string");
  if (named.length === 0) {
    throw forbidden(context.viewer, "steward", "A steward lists personal data within a place of the token's scope: pass `within` (or the organisation or helper).", { entities: [] });
  }
  const rows = await context.db.read(placesOfRecords("code", named, asOf));
  const byCode = new Map(rows.map((row) => [String(row.key), row.places as string[]]));
  if (named.some((code) => !inScope(context.viewer, byCode.get(code) ?? []))) throw outOfScope(context.viewer, "The place or organisation named");
}

/**
 * Inside a write: FORBIDDEN unless the steward's scope covers each of `codes` on `date` (admins
 * always). Called for every side of a write: a transfer needs the member before and the new
 * organisation after, a pairing both its helper and its beneficiary.
 */
export async function assertMayWrite(tx: Transaction, viewer: Viewer, codes: readonly string[], date: string): Promise<void> {
  requireRole(viewer, "steward");
  if (viewer.role === "admin") return;
  const rows = await tx.run(placesOfRecords("code", codes, date));
  const byCode = new Map(rows.map((row) => [String(row.key), row.places as string[]]));
  if (codes.some((code) => !inScope(viewer, byCode.get(code) ?? []))) throw outOfScope(viewer, "A record this write touches");
}
