import { dayBefore, type CalendarDate } from "./calendar-date.js";

/**
 * Half-open intervals of days, `[from, to)`, with `to = null` for an open end (+∞): the life of
 * every entity and relation (docs/MODEL.md, "valid at D when validFrom <= D < validTo"). Each
 * relation of time here has its Cypher twin in ./cypher.ts.
 */
export interface Interval {
  readonly from: CalendarDate;
  readonly to: CalendarDate | null;
}

/** `a < b` where null is the open end (+∞). */
export function endBefore(a: CalendarDate | null, b: CalendarDate | null): boolean {
  if (a === null) return false;
  return b === null || a < b;
}

/** Valid at `day`: `from <= day < to`. */
export function validAt(interval: Interval, day: CalendarDate): boolean {
  return interval.from <= day && (interval.to === null || day < interval.to);
}

/** True when [from, to) contains `at` (validAt with the ends given apart, as records hold them). */
export function spans(from: CalendarDate, to: CalendarDate | null | undefined, at: CalendarDate): boolean {
  return validAt({ from, to: to ?? null }, at);
}

/** Alive from `day` on: not ended by `day` (`to > day` or open), whether or not it has begun. */
export function aliveFrom(interval: Interval, day: CalendarDate): boolean {
  return interval.to === null || interval.to > day;
}

/** The two intervals share at least one day. */
export function overlaps(a: Interval, b: Interval): boolean {
  return endBefore(a.from, b.to) && endBefore(b.from, a.to);
}

/** True when `inner` lies within `outer`. */
export function within(inner: Interval, outer: Interval): boolean {
  return outer.from <= inner.from && !endBefore(outer.to, inner.to);
}

/** The part of `interval` inside `bounds`, or null when they share no day. */
export function clip(interval: Interval, bounds: Interval): Interval | null {
  if (!overlaps(interval, bounds)) return null;
  const from = interval.from > bounds.from ? interval.from : bounds.from;
  const to = endBefore(interval.to, bounds.to) ? interval.to : bounds.to;
  return { from, to };
}

/** `2020-07-01 – open end`, for messages. */
export function showInterval(interval: Interval): string {
  return `${interval.from} – ${interval.to ?? "open end"}`;
}

/**
 * The day within a life `[validFrom, validTo)` closest to `day`: `day` itself while it lives, else
 * its first day (before it began) or its last day (after it ended): where an entity asked for at
 * another date is seen.
 */
export function dayInLife(life: { readonly validFrom: CalendarDate; readonly validTo: CalendarDate | null }, day: CalendarDate): CalendarDate {
  if (day < life.validFrom) return life.validFrom;
  if (life.validTo !== null && day >= life.validTo) return dayBefore(life.validTo);
  return day;
}

/** The name in force on `day` from a dated name history (oldest first): the last that took effect on or before it. */
export function nameAsOf<T extends { readonly name: string; readonly validFrom: CalendarDate }>(history: readonly T[], day: CalendarDate): T | undefined {
  return history.filter((entry) => entry.validFrom <= day).at(-1);
}
