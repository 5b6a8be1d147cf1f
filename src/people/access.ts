import { inScope, requireRole, type Viewer } from "../auth/index.js";
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
  // No place codes in the error: where a person lives is what is being protected.
  return new HubError("FORBIDDEN", `${what} lies outside the places this token's scope covers.`, { role: viewer.role, reason: "OUT_OF_SCOPE" });
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
 * A look-up of one protected record (`member(code:)`, `beneficiary(…)`, `pairing(…)`): the role
 * first, before anything is read; then, for a steward, no record on the date asked is refused
 * exactly like a record outside the scope. So neither an analyst nor a steward of elsewhere can
 * tell an existing record — or the days it exists on — from a missing one. Admins get null.
 */
export async function guardedLookup(context: HubContext, lookUp: () => Promise<EntityRecord | null>, what: string): Promise<EntityRecord | null> {
  requireRole(context.viewer, "steward");
  const record = await lookUp();
  if (record === null) {
    if (context.viewer.role === "admin") return null;
    throw outOfScope(context.viewer, what);
  }
  return guarded(context, Promise.resolve(record), what);
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
    throw new HubError("FORBIDDEN", "A steward lists personal data within a place of the token's scope: pass `within` (or the organisation or helper).", {
      role: context.viewer.role,
      reason: "OUT_OF_SCOPE",
    });
  }
  const rows = await context.db.read(placesOfRecords("code", named, asOf));
  const byCode = new Map(rows.map((row) => [String(row.key), row.places as string[]]));
  if (named.some((code) => !inScope(context.viewer, byCode.get(code) ?? []))) throw outOfScope(context.viewer, "The place or organisation named");
}
