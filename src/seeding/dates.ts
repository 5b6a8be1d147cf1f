/**
 * Days as ISO strings (`YYYY-MM-DD`): they compare correctly as strings, so intervals need no
 * Date objects. Intervals are half-open, `[from, to)`, with `to = null` for an open end
 * (docs/MODEL.md, "valid at D when validFrom <= D < validTo").
 */
export interface Interval {
  readonly from: string;
  readonly to: string | null;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a day that exists on the calendar (2024-02-29 yes, 2023-02-29 no). */
export function isCalendarDate(text: string): boolean {
  const match = ISO_DAY.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function dayBefore(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/** `a < b` where null is the open end (+∞). */
export function endBefore(a: string | null, b: string | null): boolean {
  if (a === null) return false;
  return b === null || a < b;
}

export function validAt(interval: Interval, day: string): boolean {
  return interval.from <= day && (interval.to === null || day < interval.to);
}

export function overlaps(a: Interval, b: Interval): boolean {
  return endBefore(a.from, b.to) && endBefore(b.from, a.to);
}

/** True when `inner` lies within `outer`. */
export function within(inner: Interval, outer: Interval): boolean {
  return outer.from <= inner.from && !endBefore(outer.to, inner.to);
}

export function showInterval(interval: Interval): string {
  return `${interval.from} – ${interval.to ?? "open end"}`;
}

/** Today in UTC, the hub's time zone. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
