import { sameProperties, type PlainProperties } from "../seeding/graph-shape.js";
import type { EntityWriteRow } from "../seeding/queries.js";
import { dayBefore, endBefore, type CalendarDate } from "../temporal/index.js";

/**
 * The first day a steward's import can change an updated record: the day its scope judgement
 * starts, before and after the import (workbook-scope.ts). On every day before it the record's old
 * and new states hold the same facts — alive or not, the same name, the same links, the same
 * attributes — so where it lies there is not the import's doing and needs no judging.
 */

/**
 * The first day of a record's whole life as the scope check judges it: its validFrom (a record
 * with none, legacy data, from the first day it could hold); a change event from the day before
 * its date, as a mutation is judged from the day before it takes effect.
 */
export function startOf(label: string, dates: Readonly<Record<string, unknown>>): CalendarDate {
  if (label === "ChangeEvent") return dayBefore(String(dates.date));
  return typeof dates.validFrom === "string" ? dates.validFrom : "0001-01-01";
}

/** The properties of a record's life and of its name history: what holds on some days only. The rest hold on every day. */
const LIFE = ["validFrom", "validTo"];
const NAMES = ["name", "names", "nameFrom"];

interface DatedName {
  readonly name: unknown;
  readonly validFrom: CalendarDate;
}

/**
 * The record's names with the day each takes effect, oldest first, when its properties hold such a
 * history and `name` is its latest name; null otherwise (legacy data), and then the names are
 * judged as an undated fact.
 */
function nameHistory(row: EntityWriteRow): DatedName[] | null {
  const names = row.plain.names;
  const from = row.dates.nameFrom;
  if (!Array.isArray(names) || !Array.isArray(from) || names.length === 0 || names.length !== from.length) return null;
  if (!from.every((day, index) => typeof day === "string" && (index === 0 || from[index - 1] <= day))) return null;
  if (row.plain.name !== names.at(-1)) return null;
  return names.map((name: unknown, index) => ({ name, validFrom: from[index] as CalendarDate }));
}

/** The day the two name histories first differ: the earlier validFrom of the first entry that is not the same in both. */
function firstNameChange(before: readonly DatedName[], after: readonly DatedName[]): CalendarDate | null {
  for (let index = 0; index < Math.max(before.length, after.length); index++) {
    const [old, next] = [before[index], after[index]];
    if (old !== undefined && next !== undefined && old.name === next.name && old.validFrom === next.validFrom) continue;
    // Histories are oldest first: every later entry takes effect on or after this one's day.
    return [old?.validFrom, next?.validFrom].filter((day) => day !== undefined).sort()[0]!;
  }
  return null;
}

/** The two states' properties that hold on every day of the life: all but the life and, when both hold a dated history, the names. */
function sameUndatedFacts(before: EntityWriteRow, after: EntityWriteRow, namesDated: boolean): boolean {
  const dated = new Set([...LIFE, ...(namesDated ? NAMES : [])]);
  const [old, next] = [{ ...before.plain, ...before.dates }, { ...after.plain, ...after.dates }];
  const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])].filter((key) => !dated.has(key));
  const undated = (facts: PlainProperties) => Object.fromEntries(keys.map((key) => [key, facts[key] ?? null]));
  return sameProperties(undated(old), undated(next));
}

/**
 * The first day on which an updated record's old state (`before`, as the graph holds it) and new
 * state (`after`, as the import writes it) can differ, given the validFrom of every link of the
 * record the import creates or deletes (null: a link over the record's whole life). The earliest of:
 *
 * - a name added, removed or changed: its validFrom (the earlier of the two);
 * - a changed validFrom: the earlier start, which is the whole life of both;
 * - a changed validTo: the day before the earlier of the two ends (an open end is the later), so
 *   a life extended past the day it leaves the scope is judged on the days it gains, and one
 *   shortened is judged from its new end on the days it loses, as the graph held them;
 * - a link created or deleted: the day before it starts (where the record lies changes on that
 *   day), as a mutation is judged from the day before it takes effect;
 * - a changed undated attribute (a kind, a note, a count: it holds on every day): the whole life.
 *
 * A record whose two states agree on everything is no update; it is judged over its whole life.
 */
export function firstChangedDay(label: string, before: EntityWriteRow, after: EntityWriteRow, changedLinkStarts: readonly (CalendarDate | null)[]): CalendarDate {
  const wholeLife = [startOf(label, before.dates), startOf(label, after.dates)].sort()[0]!;
  const [oldNames, newNames] = [nameHistory(before), nameHistory(after)];
  const namesDated = oldNames !== null && newNames !== null;
  const days: CalendarDate[] = [];
  if (!sameUndatedFacts(before, after, namesDated)) days.push(wholeLife);
  if (namesDated) {
    const nameChange = firstNameChange(oldNames, newNames);
    if (nameChange !== null) days.push(nameChange);
  }
  if ((before.dates.validFrom ?? null) !== (after.dates.validFrom ?? null)) days.push(wholeLife);
  const [oldEnd, newEnd] = [(before.dates.validTo ?? null) as CalendarDate | null, (after.dates.validTo ?? null) as CalendarDate | null];
  if (oldEnd !== newEnd) days.push(dayBefore(endBefore(oldEnd, newEnd) ? oldEnd! : newEnd!));
  for (const start of changedLinkStarts) days.push(start === null ? wholeLife : dayBefore(start));
  return days.length === 0 ? wholeLife : days.sort()[0]!;
}
