import type { Transaction } from "../database/index.js";
import { HubError } from "../errors/index.js";
import type { HubContext } from "../server/context.js";
import { dayBefore, spans } from "./dates.js";
import { aliveFrom, endBefore, type CalendarDate } from "../temporal/index.js";
import { toEntityRecord, type EntityRecord } from "./entity.record.js";
import { assertCodeFree, assertDate, assertSpan, assertVersion, authoriseLookUp, lookUp, mutate, requireEntity, ruleViolation, type MutationOptions } from "./mutation.js";
import { PERSONAL_LABELS, type EntityLabel } from "./vocabulary.js";
import {
  changesAfterQuery,
  correctEntityQuery,
  createEntityQuery,
  dissolveEntityQuery,
  liveDependantsQuery,
  openLinkQuery,
  renameEntityQuery,
  type RelationType,
} from "./write.queries.js";

/**
 * The write steps every entity type shares (create with its anchoring links, correct, rename,
 * end), each to be run inside `mutate()` so that a thrown check rolls the whole write back.
 */

export interface NewEntityInput {
  readonly code: string;
  readonly name: string;
  readonly validFrom: string;
  readonly validTo?: string | null;
}

/** A link from a new entity to an existing one, held over the new entity's whole life. */
export interface Anchor {
  readonly type: RelationType;
  readonly target: EntityLabel;
  readonly code: string;
  /** What the target is to the new entity ("location", "convener"), named in error messages. */
  readonly role: string;
  /** When only some kinds of target make sense: those kinds and the rule a wrong kind breaks. */
  readonly kinds?: { readonly allowed: readonly string[]; readonly rule: string };
}

/** The attributes among `keys` that the input sets: null and absent both mean "leave as is". */
export function givenAttributes<T extends object>(input: T, keys: readonly (keyof T & string)[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, input[key]]).filter(([, value]) => value !== null && value !== undefined));
}

export interface Written {
  readonly entity: EntityRecord;
  /** Codes of every entity the write touched (for the audit log). */
  readonly codes: readonly string[];
  /** The day the write takes effect, when it is not the entity's `asOf` (an end: the first day it no longer holds). */
  readonly asOf?: string;
}

/** Runs write steps as one whole mutation: the written entity is the result, its codes go to the audit log. */
export function mutateEntity(context: HubContext, operation: string, work: (tx: Transaction) => Promise<Written>, options: MutationOptions = {}): Promise<EntityRecord> {
  return mutate(
    context,
    operation,
    async (tx) => {
      const { entity, codes, asOf } = await work(tx);
      return { result: entity, entityCodes: codes, ...(asOf === undefined ? {} : { asOf }) };
    },
    options,
  );
}

/**
 * Creates an entity and the links that place it in the network. Each anchor must exist, have the
 * right label (and kind) and be valid over the entity's whole life, since the link spans it.
 */
export async function createAnchoredEntity(
  tx: Transaction,
  label: EntityLabel,
  input: NewEntityInput,
  properties: Record<string, unknown>,
  anchors: readonly Anchor[],
): Promise<Written> {
  const span = { from: input.validFrom, to: input.validTo ?? null };
  assertSpan(span.from, span.to, label);
  await assertCodeFree(tx, input.code);
  for (const anchor of anchors) {
    const target = await requireEntity(tx, anchor.target, anchor.code, span, anchor.role);
    if (anchor.kinds && !anchor.kinds.allowed.includes(String(target.kind))) {
      throw ruleViolation(
        anchor.kinds.rule,
        `The ${anchor.role} of a ${label} must be a ${anchor.target} of kind ${anchor.kinds.allowed.join(", ")}; ${anchor.code} is a ${String(target.kind)}.`,
        { code: anchor.code, kind: target.kind, allowed: anchor.kinds.allowed },
      );
    }
  }
  // Members and beneficiaries also carry :Person, the label the personal-data rules key on.
  const [row] = await tx.run(
    createEntityQuery(label, { code: input.code, name: input.name, validFrom: span.from, validTo: span.to, properties }, PERSONAL_LABELS.includes(label)),
  );
  for (const anchor of anchors) {
    await tx.run(openLinkQuery({ type: anchor.type, fromCode: input.code, toCode: anchor.code, validFrom: span.from, validTo: span.to }));
  }
  return { entity: toEntityRecord(row!.entity, span.from), codes: [input.code, ...anchors.map((anchor) => anchor.code)] };
}

/**
 * The entity whatever its dates (corrections apply to ended entities too), seen as of `asOf`, for
 * a write whose effect on it starts on `effective` (default `asOf`): see lookUp.
 */
export async function entityAnyDate(tx: Transaction, label: EntityLabel, code: string, asOf: CalendarDate, effective: string = asOf): Promise<EntityRecord> {
  const entity = await lookUp(tx, code, effective, asOf);
  if (!entity || entity.label !== label) throw new HubError("NOT_FOUND", `No ${label} with code ${code}.`, { code });
  return entity;
}

/** The entity, which must exist on `date`: the day a rename, move or end takes effect. */
export async function entityOn(tx: Transaction, label: EntityLabel, code: string, date: string): Promise<EntityRecord> {
  assertDate(date, "date");
  const entity = await entityAnyDate(tx, label, code, date);
  if (!spans(entity.validFrom, entity.validTo, date)) {
    throw new HubError("NOT_FOUND", `${label} ${code} exists from ${entity.validFrom} to ${entity.validTo ?? "now"}, not on ${date}.`, {
      code,
      validFrom: entity.validFrom,
      validTo: entity.validTo,
    });
  }
  return entity;
}

/**
 * Sets attributes (corrections, not history: no new dated version) if the version is still the
 * one the client read. One statement after the steward's scope check (correctEntityQuery): a
 * correction holds the record's lock only for that statement and the commit. `attributes` is
 * called after the scope check, so a refusal of the scope comes before any judgement of the input.
 */
export async function updateAttributes(
  tx: Transaction,
  label: EntityLabel,
  code: string,
  attributes: () => Record<string, unknown>,
  expectedVersion: number | null | undefined,
  today: CalendarDate,
): Promise<Written> {
  await authoriseLookUp(tx, code, today);
  const [row] = await tx.run(correctEntityQuery(label, code, attributes(), expectedVersion ?? null));
  const entity = row ? toEntityRecord(row.entity, today) : null;
  if (!entity || entity.label !== label) throw new HubError("NOT_FOUND", `No ${label} with code ${code}.`, { code });
  if (row!.applied !== true) {
    // Not applied, so the entity is as it was: its version is the one that differs from the client's.
    assertVersion(entity, expectedVersion);
    throw new Error(`correctEntityQuery did not apply to ${label} ${code}, which has the label and version it expects`);
  }
  return { entity, codes: [code] };
}

/** Gives the entity a new name from `date` on; identity and earlier names stay. */
export async function renameEntity(
  tx: Transaction,
  label: EntityLabel,
  code: string,
  name: string,
  date: string,
  expectedVersion: number | null | undefined,
): Promise<Written> {
  const entity = await entityOn(tx, label, code, date);
  assertVersion(entity, expectedVersion);
  const [row] = await tx.run(renameEntityQuery(label, code, name, date));
  return { entity: toEntityRecord(row!.entity, date), codes: [code] };
}

/**
 * What cannot outlive an entity: links into it from records that would be left without their
 * place or organisation (README, "No broken records"). A place holds child places, organisations
 * built there, residents' and beneficiaries' homes, registrations, units, facilities, teams,
 * councils and co-building agreements; an organisation its subordinates, members, the pairings it
 * helps in, the volunteer teams it organises and the councils it convenes. Other links (a seat on
 * a council, a coverage) simply end with it.
 */
const DEPENDANT_LINKS: Partial<Record<EntityLabel, readonly RelationType[]>> = {
  Place: ["PART_OF", "BUILT_AT", "RESIDES_IN", "REGISTERED_WITH", "LIVES_IN", "LOCATED_IN", "FACILITY_OF", "BASED_IN", "SERVES", "WITH"],
  Organisation: ["LED_BY", "MEMBER_OF", "HELPER", "ORGANISED_BY", "CONVENED_BY"],
  Member: ["HELPER"],
  Beneficiary: ["HELPS"],
};

/**
 * Refuses (LIVE_DEPENDANTS) to end the entity on `date` while records still depend on it then or
 * later: they must be moved first, or handed over by a merger or split that says where they go
 * (`reassign`). Personal records are counted, never named.
 */
export async function assertNoLiveDependants(tx: Transaction, label: EntityLabel, code: string, date: string): Promise<void> {
  const types = DEPENDANT_LINKS[label];
  if (!types) return;
  const rows = await tx.run(liveDependantsQuery(code, date, types));
  if (rows.length === 0) return;
  const counts: Record<string, number> = {};
  for (const row of rows) counts[String(row.type)] = (counts[String(row.type)] ?? 0) + 1;
  const named = rows.filter((row) => !row.personal).map((row) => String(row.code));
  throw new HubError(
    "LIVE_DEPENDANTS",
    `${label} ${code} still has live dependants on ${date} (${Object.entries(counts).map(([type, count]) => `${count} ${type}`).join(", ")}); ` +
      "move them first, or say where they go with applyMerger or applySplit (reassign).",
    { code, date, dependants: counts, entities: named },
  );
}

/** Refuses to end the entity on `date` while a name or a link of it starts after then (RULE_VIOLATION CHANGES_AFTER_END). */
export async function assertNothingAfter(tx: Transaction, label: EntityLabel, code: string, date: string): Promise<void> {
  const [row] = await tx.run(changesAfterQuery(code, date));
  const later = [...((row?.names as string[] | undefined) ?? []).map((day) => `a name from ${day}`), ...((row?.links as string[] | undefined) ?? [])];
  if (later.length > 0) {
    throw ruleViolation("CHANGES_AFTER_END", `${label} ${code} has changes dated on or after ${date} (${later.length}: ${later.slice(0, 5).join("; ")}); it cannot end before them.`, {
      code,
      date,
      changes: later.length,
    });
  }
}

/**
 * Ends the entity on `date` (its first day of non-existence) with every link still open then.
 * `dependants` may refuse first, while something that cannot outlive the entity still runs.
 */
export async function endEntity(
  tx: Transaction,
  label: EntityLabel,
  code: string,
  date: string,
  expectedVersion: number | null | undefined,
  dependants?: (entity: EntityRecord) => Promise<void>,
): Promise<Written> {
  assertDate(date, "date");
  const entity = await entityAnyDate(tx, label, code, date);
  assertVersion(entity, expectedVersion);
  if (!endBefore(entity.validFrom, date)) {
    throw new HubError("INVALID_DATE_RANGE", `${label} ${code} starts on ${entity.validFrom}; it cannot end on ${date}.`, { validFrom: entity.validFrom, validTo: date });
  }
  if (!aliveFrom({ from: entity.validFrom, to: entity.validTo }, date)) {
    throw new HubError("NOT_FOUND", `${label} ${code} already ended on ${entity.validTo}.`, { code, validTo: entity.validTo });
  }
  await dependants?.(entity);
  await assertNoLiveDependants(tx, label, code, date);
  await assertNothingAfter(tx, label, code, date);
  const [row] = await tx.run(dissolveEntityQuery(label, code, date));
  return { entity: toEntityRecord(row!.entity, dayBefore(date)), codes: [code], asOf: date };
}
