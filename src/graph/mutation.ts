import { recordAudit } from "../audit/index.js";
import { forbidden, inScope, requireRole, type Viewer } from "../auth/index.js";
import type { Transaction } from "../database/index.js";
import { HubError } from "../errors/index.js";
import type { HubContext } from "../server/context.js";
import { entityAnyTime } from "./entity.queries.js";
import { toEntityRecord, type EntityRecord } from "./entity.record.js";
import { assertDateRange, dayBefore, isIsoDate } from "./dates.js";
import { touchedPlacesQuery } from "./scope.queries.js";
import { maintainRollups } from "../coverage/rollup.maintain.js";
import { CODE_PATTERN, type EntityLabel } from "./vocabulary.js";

export interface MutationOutcome<T> {
  readonly result: T;
  /** Codes of the entities the mutation touched (for the audit log and the steward's scope check). */
  readonly entityCodes: readonly string[];
  /**
   * The day the write takes effect (a validFrom, a move's or an end's date), on which — and on the
   * day before — a steward's scope is checked. Default: the result's own `asOf` when the result is
   * an entity record, else today.
   */
  readonly asOf?: string;
}

/**
 * Runs a steward's write as ONE transaction: every check and every write inside `work` either
 * commits together or, on the first thrown error, rolls back together. Before the commit, a
 * steward's write must lie inside the token's scope (assertWriteScope): one check here covers
 * every mutation, including ones added later.
 */
export async function mutate<T>(
  context: HubContext,
  operation: string,
  work: (tx: Transaction) => Promise<MutationOutcome<T>>,
): Promise<T> {
  requireRole(context.viewer, "steward", operation);
  return context.db.writeTransaction(async (tx) => {
    const outcome = await work(tx).catch(async (error: unknown) => {
      // Authorisation before versions: a stale version on an entity outside the token's scope is
      // refused as out of scope, so a CONFLICT (with its currentVersion) never tells a steward
      // anything about an entity it may not write.
      if (error instanceof VersionConflict) await assertWriteScope(tx, context.viewer, [error.entity.code], error.entity.asOf);
      throw error;
    });
    // Coverage roll-ups move with the write, in its transaction (one hook for every mutation).
    await maintainRollups(tx, outcome.entityCodes);
    // After the work, so that new entities and new links are seen where they now lie.
    await assertWriteScope(tx, context.viewer, outcome.entityCodes, effectiveDate(outcome, context.today));
    // In the same transaction: a change is never without its audit entry, nor an entry without its change.
    await recordAudit(tx, { viewer: context.viewer, operation, entityCodes: outcome.entityCodes, requestId: context.requestId });
    context.logger.info({ operation, entities: outcome.entityCodes, subject: context.viewer.subject }, "mutation applied");
    return outcome.result;
  });
}

function effectiveDate(outcome: MutationOutcome<unknown>, today: string): string {
  if (outcome.asOf !== undefined) return outcome.asOf;
  const asOf = (outcome.result as { asOf?: unknown } | null)?.asOf;
  return typeof asOf === "string" && isIsoDate(asOf) ? asOf : today;
}

/**
 * Steward scope on writes (README, Security): FORBIDDEN unless every entity the write touched lies,
 * on `asOf` and on the day before (where it exists then), in a place that the token's scope names
 * or that lies inside one of those (src/graph/scope.queries.ts says where each kind of entity
 * lies). An entity tied to no place at all is outside every steward's scope: admins only. Admins
 * pass; lower roles never get here (mutate() refuses them first).
 */
export async function assertWriteScope(tx: Transaction, viewer: Viewer, entityCodes: readonly string[], asOf: string): Promise<void> {
  if (viewer.role === "admin" || entityCodes.length === 0) return;
  const rows = await tx.run(touchedPlacesQuery([...new Set(entityCodes)], [dayBefore(asOf), asOf]));
  const outside = [...new Set(rows.filter((row) => !inScope(viewer, row.places as string[])).map((row) => String(row.code)))];
  if (outside.length > 0) {
    throw forbidden(viewer, "steward", `This write touches ${outside.join(", ")}, outside the places of the token's scope.`, { entities: outside });
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

async function findAnyTime(tx: Transaction, code: string): Promise<EntityRecord | null> {
  const rows = await tx.run(entityAnyTime(code));
  return rows[0] ? toEntityRecord(rows[0].entity, String((rows[0].entity as { validFrom: string }).validFrom)) : null;
}

export async function assertCodeFree(tx: Transaction, code: string): Promise<void> {
  assertCode(code);
  const existing = await findAnyTime(tx, code);
  if (existing) throw new HubError("DUPLICATE_CODE", `Code ${code} is already used by a ${existing.label}.`, { code });
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
  const entity = await findAnyTime(tx, code);
  if (!entity || !labels.includes(entity.label)) {
    throw new HubError("NOT_FOUND", `No ${labels.join(" or ")} with code ${code} (${role}).`, { code, role });
  }
  const coversStart = entity.validFrom <= span.from;
  const coversEnd = entity.validTo === null || (span.to !== null && span.to <= entity.validTo);
  if (!coversStart || !coversEnd) {
    throw new HubError(
      "NOT_FOUND",
      `${entity.label} ${code} exists from ${entity.validFrom} to ${entity.validTo ?? "now"}, not over ${span.from}–${span.to ?? "open end"} (${role}).`,
      { code, role, validFrom: entity.validFrom, validTo: entity.validTo },
    );
  }
  return { ...entity, asOf: span.from, name: entity.nameHistory.filter((entry) => entry.validFrom <= span.from).at(-1)?.name ?? entity.name };
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
