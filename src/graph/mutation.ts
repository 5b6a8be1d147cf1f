import { recordAudit } from "../audit/index.js";
import { forbidden, inScope, requireRole, type Viewer } from "../auth/index.js";
import type { Transaction } from "../database/index.js";
import { HubError } from "../errors/index.js";
import type { HubContext } from "../server/context.js";
import { entityAnyTime } from "./entity.queries.js";
import { toEntityRecord, type EntityRecord } from "./entity.record.js";
import { assertDateRange, dayBefore, isIsoDate } from "./dates.js";
import { scopeOverTimeQuery, type ScopeWindow } from "./scope.queries.js";
import { nameAsOf, within } from "../temporal/index.js";
import { maintainRollups } from "../coverage/rollup.maintain.js";
import { CODE_PATTERN, PERSONAL_LABELS, type EntityLabel } from "./vocabulary.js";

/** Records whose codes a refusal never names: personal data and the pairings that tie helpers to beneficiaries. */
const PROTECTED_LABELS: readonly EntityLabel[] = [...PERSONAL_LABELS, "Pairing"];

export interface MutationOutcome<T> {
  readonly result: T;
  /** Codes of the entities the mutation touched (for the audit log and the steward's scope check). */
  readonly entityCodes: readonly string[];
  /**
   * The day the write takes effect (a validFrom, a rename's or a move's date, the first day an end
   * holds): a steward's scope is checked from the day before to the end of each touched entity's
   * life. Default: the result's own `asOf` when the result is an entity record, else today.
   */
  readonly asOf?: string;
  /**
   * The entities whose coverage facts (src/coverage/rollup.timeline.ts, PlaceFacts) the write may
   * have changed; default `entityCodes`. A correction of attributes no roll-up reads (an
   * organisation's member counts) gives none: maintaining the roll-ups would lock the bookkeeping
   * of its places and recompute them for nothing, and concurrent writes would queue on those locks.
   */
  readonly coverageCodes?: readonly string[];
}

export interface MutationOptions {
  /**
   * Every code the write will touch, when it is known before the work runs (a correction of one
   * record): the audit entry is then written ahead of the work instead of after it, so it is not
   * one more round trip while the work holds the record's lock. The work's `entityCodes` must be
   * the same codes (checked before the commit), since the entry names these.
   */
  readonly touches?: readonly string[];
}

/** The caller of each write transaction mutate() runs: every look-up inside it is authorised for them first. */
const WRITERS = new WeakMap<Transaction, { readonly viewer: Viewer; readonly checked: Map<string, Promise<void>> }>();

/**
 * Runs a steward's write as ONE transaction: every check and every write inside `work` either
 * commits together or, on the first thrown error, rolls back together. Authorisation comes before
 * anything about the target: the role here, first; then every entity the work looks up (lookUp)
 * is checked against the token's scope over the write's dates before the work sees it; and before
 * the commit, every entity the write touched is checked again where it lies after the write
 * (assertWriteScope). One rule here covers every mutation, including ones added later.
 */
export async function mutate<T>(
  context: HubContext,
  operation: string,
  work: (tx: Transaction) => Promise<MutationOutcome<T>>,
  options: MutationOptions = {},
): Promise<T> {
  requireRole(context.viewer, "steward", operation);
  const { touches } = options;
  return context.db.writeTransaction(async (tx) => {
    WRITERS.set(tx, { viewer: context.viewer, checked: new Map() });
    const audit = (entityCodes: readonly string[]) => recordAudit(tx, { viewer: context.viewer, operation, entityCodes, requestId: context.requestId });
    // Sent ahead of the work's statements on the same connection and awaited after them: the entry
    // costs no round trip of its own, and none while the work holds a record's lock.
    const auditedFirst = touches ? audit(touches) : undefined;
    auditedFirst?.catch(() => undefined);
    const outcome = await work(tx).catch(async (error: unknown) => {
      // Authorisation before versions, also for an entity the work read without lookUp: a stale
      // version on an entity outside the token's scope is refused as out of scope, so a CONFLICT
      // (with its currentVersion) never tells a steward anything about an entity it may not write.
      if (error instanceof VersionConflict) await assertWriteScope(tx, context.viewer, [error.entity.code], error.entity.asOf);
      throw error;
    });
    // Coverage roll-ups move with the write, in its transaction (one hook for every mutation).
    await maintainRollups(tx, outcome.coverageCodes ?? outcome.entityCodes);
    // After the work, so that new entities and new links are seen where they now lie.
    await assertWriteScope(tx, context.viewer, outcome.entityCodes, effectiveDate(outcome, context.today));
    // In the same transaction: a change is never without its audit entry, nor an entry without its change.
    if (auditedFirst) {
      await auditedFirst;
      // The entry names what the write declared: it must be what the write touched, no more, no less.
      const touched = new Set(outcome.entityCodes);
      if (touched.size !== new Set(touches).size || touches!.some((code) => !touched.has(code))) {
        throw new Error(`${operation} touched ${[...touched].join(", ")} but declared ${touches!.join(", ")} in \`touches\``);
      }
    } else {
      await audit(outcome.entityCodes);
    }
    context.logger.info({ operation, entities: outcome.entityCodes, subject: context.viewer.subject }, "mutation applied");
    return outcome.result;
  });
}

function effectiveDate(outcome: MutationOutcome<unknown>, today: string): string {
  if (outcome.asOf !== undefined) return outcome.asOf;
  const asOf = (outcome.result as { asOf?: unknown } | null)?.asOf;
  return typeof asOf === "string" && isIsoDate(asOf) ? asOf : today;
}

/** The refusal of an out-of-scope write: the same words whether the entity lies elsewhere or does not exist. */
function outOfScope(viewer: Viewer, codes: readonly string[]): HubError {
  return forbidden(
    viewer,
    "steward",
    codes.length > 0
      ? `No entity this token may write has code ${codes.join(", ")} over the write's dates: it lies outside the places of the token's scope, or does not exist.`
      : "This write touches records outside the places of the token's scope over its dates.",
    { entities: codes },
  );
}

/**
 * Scope over time (README, Security): FORBIDDEN unless every entity in `windows` lies, on every
 * day from its `from` to the end of its life (open-ended: today and beyond), in a place that the
 * token's scope names or that lies inside one of those (src/graph/scope.queries.ts says where each
 * kind of entity lies, and which days are looked at). An entity tied to no place on one of those
 * days is outside every steward's scope: admins only. Codes of no entity are not judged here.
 * Personal records outside the scope are not named in the refusal.
 */
export async function assertInScopeOver(tx: Transaction, viewer: Viewer, windows: readonly ScopeWindow[]): Promise<void> {
  const outside = await outsideScopeOver(tx, viewer, windows);
  if (outside.length === 0) return;
  throw outOfScope(viewer, outside.filter((entity) => !entity.protected).map((entity) => entity.code));
}

/** An entity found outside the token's scope on some day of its window; `protected` when a refusal must not name it. */
export interface OutsideScope {
  readonly code: string;
  readonly protected: boolean;
}

/**
 * The judgement of `assertInScopeOver`, without the throw: the entities of `windows` that lie
 * outside the token's scope on some day of their window, once each, for a caller that says where
 * they are in its own terms (the workbook import names cells). Empty for admins.
 */
export async function outsideScopeOver(tx: Transaction, viewer: Viewer, windows: readonly ScopeWindow[]): Promise<OutsideScope[]> {
  if (viewer.role === "admin" || windows.length === 0) return [];
  const rows = await tx.run(scopeOverTimeQuery(windows));
  const outside = new Map<string, OutsideScope>();
  for (const row of rows) {
    if (inScope(viewer, row.places as string[])) continue;
    const code = String(row.code);
    outside.set(code, { code, protected: (row.labels as string[]).some((label) => (PROTECTED_LABELS as readonly string[]).includes(label)) });
  }
  return [...outside.values()];
}

/** Steward scope on writes: every touched entity, from the day before `asOf` to its end. Admins pass. */
export async function assertWriteScope(tx: Transaction, viewer: Viewer, entityCodes: readonly string[], asOf: string): Promise<void> {
  const from = dayBefore(asOf);
  await assertInScopeOver(tx, viewer, [...new Set(entityCodes)].map((code) => ({ code, from })));
}

/**
 * An entity by code whatever its dates, locked (entityAnyTime), for a write whose effect on it
 * starts on `effective`. Inside mutate(), a steward learns nothing of it — kind, dates, version,
 * links — unless it lies in the token's scope from the day before `effective` to its end; a code of
 * no entity is refused with the very same FORBIDDEN, so a refusal does not tell an existing record
 * from a missing one. For admins (and outside mutate()) a missing entity is null.
 */
export async function lookUp(tx: Transaction, code: string, effective: string, asOf: string = effective): Promise<EntityRecord | null> {
  await authoriseLookUp(tx, code, effective);
  const rows = await tx.run(entityAnyTime(code));
  return rows[0] ? toEntityRecord(rows[0].entity, asOf) : null;
}

/**
 * lookUp's authorisation alone, for a write that reads the entity in its own statement
 * (correctEntityQuery): inside mutate(), FORBIDDEN for a steward unless the entity lies in the
 * token's scope from the day before `effective` to its end — a missing code gets the same refusal.
 * Each (code, effective) is judged once per transaction.
 */
export async function authoriseLookUp(tx: Transaction, code: string, effective: string): Promise<void> {
  const writer = WRITERS.get(tx);
  if (writer && writer.viewer.role !== "admin") {
    const key = `${code}|${effective}`;
    let check = writer.checked.get(key);
    if (!check) {
      check = (async () => {
        const rows = await tx.run(scopeOverTimeQuery([{ code, from: dayBefore(effective) }]));
        if (rows.length === 0 || rows.some((row) => !inScope(writer.viewer, row.places as string[]))) throw outOfScope(writer.viewer, [code]);
      })();
      writer.checked.set(key, check);
    }
    await check;
  }
}

/**
 * Only an admin creates a place outside every existing place (one with no parent: a new district):
 * a steward's new place lies inside an existing place of the token's scope, its parent, even when
 * the scope names the new code itself.
 */
export function assertMayCreateTopLevel(tx: Transaction, code: string): void {
  const writer = WRITERS.get(tx);
  if (writer && writer.viewer.role !== "admin") {
    throw forbidden(writer.viewer, "admin", `Only an admin creates a place with no parent (${code}); a steward's new place lies inside a place of the token's scope.`, {
      entities: [code],
    });
  }
}

export function assertCode(code: string): void {
  if (!CODE_PATTERN.test(code)) {
    throw new HubError("BAD_USER_INPUT", `Code "${code}" must be 1–64 characters of A–Z, 0–9, "-" or "_", starting with a letter or digit.`, {
      argument: "code",
    });
  }
}

export function assertDate(value: string, argument: string): void {
  if (!isIsoDate(value)) throw new HubError("BAD_USER_INPUT", `${argument} must be a date YYYY-MM-DD, got "${value}".`, { argument });
}

/** Validates a half-open span given by a client. */
export function assertSpan(validFrom: string, validTo: string | null | undefined, what: string): void {
  assertDate(validFrom, `${what}.validFrom`);
  if (validTo !== null && validTo !== undefined) assertDate(validTo, `${what}.validTo`);
  assertDateRange(validFrom, validTo, what);
}

/**
 * The code must be free. For a steward it is only said to be taken, not by what kind of record:
 * codes are one namespace, and the kind of a record elsewhere is not theirs to learn.
 */
export async function assertCodeFree(tx: Transaction, code: string): Promise<void> {
  assertCode(code);
  const [row] = await tx.run(entityAnyTime(code));
  if (!row) return;
  const label = toEntityRecord(row.entity, String((row.entity as { validFrom: string }).validFrom)).label;
  const trusted = WRITERS.get(tx)?.viewer.role !== "steward";
  throw new HubError("DUPLICATE_CODE", trusted ? `Code ${code} is already used by a ${label}.` : `Code ${code} is already taken.`, { code });
}

/**
 * The referenced entity, which must exist, have the expected label, and be valid over the whole
 * span [from, to) of the link that refers to it.
 */
export async function requireEntity(
  tx: Transaction,
  label: EntityLabel | readonly EntityLabel[],
  code: string,
  span: { from: string; to: string | null },
  role = "reference",
): Promise<EntityRecord> {
  const labels: readonly EntityLabel[] = typeof label === "string" ? [label] : label;
  const entity = await lookUp(tx, code, span.from);
  if (!entity || !labels.includes(entity.label)) {
    throw new HubError("NOT_FOUND", `No ${labels.join(" or ")} with code ${code} (${role}).`, { code, role });
  }
  if (!within({ from: span.from, to: span.to }, { from: entity.validFrom, to: entity.validTo })) {
    throw new HubError(
      "NOT_FOUND",
      `${entity.label} ${code} exists from ${entity.validFrom} to ${entity.validTo ?? "now"}, not over ${span.from}–${span.to ?? "open end"} (${role}).`,
      { code, role, validFrom: entity.validFrom, validTo: entity.validTo },
    );
  }
  return { ...entity, asOf: span.from, name: nameAsOf(entity.nameHistory, span.from)?.name ?? entity.name };
}

/** The CONFLICT of a stale `expectedVersion`; mutate() checks the entity's scope before it lets it out. */
class VersionConflict extends HubError {
  constructor(readonly entity: EntityRecord, expectedVersion: number) {
    super("CONFLICT", `${entity.label} ${entity.code} is at version ${entity.version}, not ${expectedVersion}: it changed since you read it.`, {
      code: entity.code,
      currentVersion: entity.version,
      expectedVersion,
    });
  }
}

/** Optimistic concurrency: the client read version N; if the entity has moved on, CONFLICT. */
export function assertVersion(entity: EntityRecord, expectedVersion: number | null | undefined): void {
  if (expectedVersion !== null && expectedVersion !== undefined && entity.version !== expectedVersion) throw new VersionConflict(entity, expectedVersion);
}

export function ruleViolation(rule: string, message: string, details: Record<string, unknown> = {}): HubError {
  return new HubError("RULE_VIOLATION", message, { ...details, rule });
}
