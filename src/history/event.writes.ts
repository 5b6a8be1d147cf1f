import type { Transaction } from "../database/index.js";
import { dateParam } from "../database/index.js";
import { HubError } from "../errors/index.js";
import { dayBefore, spans } from "../graph/dates.js";
import { toEntityRecord, type EntityRecord } from "../graph/entity.record.js";
import { assertCodeFree, lookUp, ruleViolation } from "../graph/mutation.js";
import { eventShapeProblem } from "../graph/rules.js";
import type { ChangeEventKind } from "../graph/vocabulary.js";
import { createEntityQuery } from "../graph/write.queries.js";
import type { ChangeEventFields } from "./history.input.js";
import { linkEventQuery, linksStartingOn } from "./history.queries.js";

/** The originals and results of an event, by code. */
export interface EventSides {
  readonly kind: ChangeEventKind;
  readonly date: string;
  readonly originals: readonly string[];
  readonly results: readonly string[];
}

/** The first code met a second time, in one pass (a Set, so 100 000 codes take milliseconds, not seconds). */
export function firstRepeated(codes: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const code of codes) {
    if (seen.has(code)) return code;
    seen.add(code);
  }
  return undefined;
}

/** The counts an event of its kind must have (RULE_VIOLATION EVENT_SHAPE, `CHANGE_EVENT_SHAPES`), and no code twice on one side. */
export function assertEventShape(sides: EventSides): void {
  for (const [side, codes] of [["originals", sides.originals], ["results", sides.results]] as const) {
    const twice = firstRepeated(codes);
    if (twice !== undefined) throw new HubError("BAD_USER_INPUT", `${twice} is listed twice among the ${side}.`, { argument: side, code: twice });
  }
  const problem = eventShapeProblem(sides.kind, sides.originals, sides.results);
  if (problem !== null) {
    throw ruleViolation("EVENT_SHAPE", problem, { kind: sides.kind, originals: sides.originals.length, results: sides.results.length });
  }
}

/**
 * An entity (not a change event) by code, whatever its dates, seen as of `asOf`, for a write whose
 * effect on it starts on `effective` (default `asOf`; see lookUp); NOT_FOUND otherwise.
 */
export async function entityAnyLabel(tx: Transaction, code: string, asOf: string, role: string, effective: string = asOf): Promise<EntityRecord> {
  const entity = await lookUp(tx, code, effective, asOf);
  if (!entity || entity.label === "ChangeEvent") throw new HubError("NOT_FOUND", `No place, organisation or other entity with code ${code} (${role}).`, { code, role });
  return entity;
}

function notOn(entity: EntityRecord, day: string, role: string): HubError {
  return new HubError("NOT_FOUND", `${entity.label} ${entity.code} exists from ${entity.validFrom} to ${entity.validTo ?? "now"}, not on ${day} (${role}).`, {
    code: entity.code,
    role,
    validFrom: entity.validFrom,
    validTo: entity.validTo,
  });
}

/**
 * Checks that the graph tells the story the event records (the seed validator's rule too):
 * originals exist on the day before; an original that does not continue ends on the date; a
 * result that does not continue starts on it. An entity continues when it is both an original and
 * a result (an absorbing merger, a hive-off split) or in every RENAME and TRANSFER, which must then
 * show the change: a name taking effect, or a link starting, on the date.
 */
export async function assertEventAgrees(tx: Transaction, sides: EventSides): Promise<void> {
  const before = dayBefore(sides.date);
  const originals = new Set(sides.originals);
  const results = new Set(sides.results);
  const continues = (code: string) => sides.kind === "RENAME" || sides.kind === "TRANSFER" || (originals.has(code) && results.has(code));
  for (const code of sides.originals) {
    const entity = await entityAnyLabel(tx, code, before, "original", sides.date);
    if (!spans(entity.validFrom, entity.validTo, before)) throw notOn(entity, before, "original");
    if (continues(code)) {
      if (!spans(entity.validFrom, entity.validTo, sides.date)) throw notOn(entity, sides.date, "original that continues");
    } else if (entity.validTo !== sides.date) {
      throw ruleViolation(
        "EVENT_ORIGINAL_NOT_ENDED",
        `${entity.label} ${code} ${entity.validTo === null ? "never ends" : `ends on ${entity.validTo}`}; as an original of the ${sides.kind} of ${sides.date} it must end on ${sides.date}.`,
        { code, validTo: entity.validTo, date: sides.date },
      );
    }
  }
  for (const code of sides.results.filter((result) => !originals.has(result) || !continues(result))) {
    const entity = await entityAnyLabel(tx, code, sides.date, "result");
    if (continues(code) ? !spans(entity.validFrom, entity.validTo, before) || !spans(entity.validFrom, entity.validTo, sides.date) : entity.validFrom !== sides.date) {
      throw ruleViolation(
        "EVENT_RESULT_NOT_STARTED",
        `${entity.label} ${code} exists from ${entity.validFrom} to ${entity.validTo ?? "now"}; as a result of the ${sides.kind} of ${sides.date} it must ${continues(code) ? "exist on the day before and on" : "start on"} ${sides.date}.`,
        { code, validFrom: entity.validFrom, date: sides.date },
      );
    }
  }
  if (sides.kind === "RENAME") {
    const entity = await entityAnyLabel(tx, sides.originals[0]!, sides.date, "renamed");
    if (!entity.nameHistory.some((name) => name.validFrom === sides.date)) {
      throw ruleViolation("EVENT_NO_CHANGE", `${entity.code} takes no new name on ${sides.date}: rename it first (renamePlace, renameOrganisation…).`, { code: entity.code });
    }
  }
  if (sides.kind === "TRANSFER") {
    for (const code of sides.originals) {
      if ((await tx.run(linksStartingOn(code, sides.date))).length === 0) {
        throw ruleViolation("EVENT_NO_CHANGE", `${code} has no new parent, leader, place or membership starting on ${sides.date}: move it first.`, { code });
      }
    }
  }
}

/** Writes the event (from its date on, named by its code unless given a name) with its ORIGINAL and RESULTING links. */
export async function recordEvent(tx: Transaction, fields: ChangeEventFields, sides: EventSides): Promise<EntityRecord> {
  await assertCodeFree(tx, fields.code);
  const properties = { kind: sides.kind, date: dateParam(sides.date), source: fields.source ?? null, note: fields.note ?? null };
  const [row] = await tx.run(
    createEntityQuery("ChangeEvent", { code: fields.code, name: fields.name ?? fields.code, validFrom: sides.date, validTo: null, properties }, false),
  );
  await tx.run(linkEventQuery(fields.code, sides.originals, sides.results));
  return toEntityRecord(row!.entity, sides.date);
}
