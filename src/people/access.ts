import { forbidden, inScope, requireRole, type Viewer } from "../auth/index.js";
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

export function isProtectedLabel(label: string | null | undefined): boolean {
  return (PROTECTED_LABELS as readonly (string | null | undefined)[]).includes(label);
}

export function isProtected(record: EntityRecord): boolean {
  return isProtectedLabel(record.label);
}

function outOfScope(viewer: Viewer, what: string): HubError {
  // No codes in the error: where a person lives (and whether one exists) is what is being protected.
  return forbidden(viewer, "steward", `${what} lies outside the places this token's scope covers.`, { entities: [] });
}

/** What the guard needs of a record to decide: its label and its id (an entity) or its code (a reference). */
export interface GuardKey {
  readonly label: string | null;
  readonly id?: string | undefined;
  readonly code?: string | null | undefined;
}

/** Codes of the places a record lies in at `asOf`, with their ancestors; batched per request. */
function placesOf(context: HubContext, key: "id" | "code", value: string, asOf: string): Promise<readonly string[]> {
  const loader = context.loaders.get<{ value: string; asOf: string }, string[]>(
    `people.anchorsBy${key}`,
    async (keys) => {
      const byDate = new Map<string, string[]>();
      for (const item of keys) byDate.set(item.asOf, [...(byDate.get(item.asOf) ?? []), item.value]);
      const found = new Map<string, string[]>();
      await Promise.all(
        [...byDate].map(async ([date, values]) => {
          for (const row of await context.db.read(placesOfRecords(key, values, date))) found.set(`${date}|${String(row.key)}`, row.places as string[]);
        }),
      );
      return keys.map((item) => found.get(`${item.asOf}|${item.value}`) ?? []);
    },
    (item) => `${item.asOf}|${item.value}`,
  );
  return loader.load({ value, asOf });
}

/**
 * THE decision of the personal-data guard, the one every way out asks (entities, references on a
 * path, CSV rows, lists): may this viewer see each of `records`, as of `asOf`? Records that are not
 * personal data: yes. Personal data: admins yes; viewers and analysts no; a steward when one of the
 * places the record lies in on that date is named by the token's scope.
 */
export async function maySee(context: HubContext, records: readonly GuardKey[], asOf: string): Promise<boolean[]> {
  const { viewer } = context;
  return Promise.all(
    records.map(async (record) => {
      if (!isProtectedLabel(record.label) || viewer.role === "admin") return true;
      if (viewer.role !== "steward") return false;
      const [key, value] = record.id !== undefined ? (["id", record.id] as const) : (["code", record.code ?? ""] as const);
      return inScope(viewer, await placesOf(context, key, value, asOf));
    }),
  );
}

/**
 * Throws FORBIDDEN unless the viewer may see every one of `records` (protected ones are checked
 * against the scope; places and organisations passed as owners of a list are checked the same way).
 */
export async function assertMaySee(context: HubContext, records: readonly EntityRecord[], what = "A record asked for"): Promise<void> {
  requireRole(context.viewer, "steward");
  if (context.viewer.role === "admin") return;
  const places = await Promise.all(records.map((record) => placesOf(context, "id", record.id, record.asOf)));
  if (places.some((codes) => !inScope(context.viewer, codes))) throw outOfScope(context.viewer, what);
}

/** Passes through what a resolver returns, after checking the viewer may see it: a protected entity the viewer may not see is refused. */
export async function guarded<T extends EntityRecord | null | readonly EntityRecord[]>(context: HubContext, value: Promise<T>, what?: string): Promise<T> {
  const result = await value;
  const records = result === null ? [] : Array.isArray(result) ? (result as readonly EntityRecord[]) : [result as EntityRecord];
  const protectedRecords = records.filter(isProtected);
  // Only personal data needs a steward: node(id:) of a place is an analyst's to read.
  if (protectedRecords.length > 0) await assertMaySee(context, protectedRecords, what);
  return result;
}

/** A light reference (code, label, name) as paths and reports carry them, with the date it was seen at. */
export interface RefRecord {
  readonly code: string | null;
  readonly label: string | null;
  readonly name: string | null;
  readonly asOf?: string;
  readonly redacted?: boolean;
}

/** What a reference the viewer may not see becomes: a placeholder with no code, no kind and no name. */
export const REDACTED_REF: RefRecord = Object.freeze({ code: null, label: null, name: null, redacted: true });

function isProtectedEntity(value: unknown): value is EntityRecord {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Partial<EntityRecord>;
  return typeof record.id === "string" && typeof record.asOf === "string" && isProtectedLabel(record.label);
}

function isProtectedRef(value: unknown): value is RefRecord {
  if (typeof value !== "object" || value === null || "id" in value || !("code" in value)) return false;
  return isProtectedLabel((value as RefRecord).label);
}

/**
 * References to records, each kept or replaced by REDACTED_REF by the same decision as entities
 * (`maySee`): where the entity would be refused, its reference is redacted. A reference without
 * the date it was seen at is redacted for everyone but admins.
 */
export async function redactRefs<T extends RefRecord>(context: HubContext, refs: readonly T[]): Promise<(T | RefRecord)[]> {
  const judged = refs.filter(isProtectedRef);
  const visible = await Promise.all(judged.map(async (ref) => (ref.asOf === undefined ? context.viewer.role === "admin" : (await maySee(context, [ref], ref.asOf))[0]!)));
  const verdict = new Map<RefRecord, boolean>(judged.map((ref, index) => [ref, visible[index]!]));
  return refs.map((ref) => (verdict.get(ref) === false ? REDACTED_REF : ref));
}

/**
 * The guard at the GraphQL edge: every field's value passes here (a global middleware, see
 * guard.middleware.ts), so a resolver written tomorrow cannot hand out personal data either. A
 * protected entity (or a list holding one) the viewer may not see is refused with FORBIDDEN; a
 * protected reference is redacted. Anything else passes untouched, without a database call, and
 * synchronously (the answer is a promise only when something had to be judged).
 */
export function discloseField(context: HubContext, value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  const entities = items.filter(isProtectedEntity);
  // Nothing personal: the value passes as it is, at once (most fields; no promise per value).
  if (entities.length === 0 && !items.some(isProtectedRef)) return value;
  return judgeDisclosure(context, value, items, entities);
}

async function judgeDisclosure(context: HubContext, value: unknown, items: readonly unknown[], entities: readonly EntityRecord[]): Promise<unknown> {
  if (entities.length > 0) await assertMaySee(context, entities, "A record asked for");
  if (!items.some(isProtectedRef)) return value;
  const judged = await redactRefs(context, items as RefRecord[]);
  return Array.isArray(value) ? judged : judged[0];
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
