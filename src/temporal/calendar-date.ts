/**
 * Calendar dates: a day on the calendar, written `YYYY-MM-DD` (ISO 8601). As text they compare
 * in calendar order, so intervals need no Date objects; Neo4j stores them as `date` values and the
 * mapper (src/database/values.ts) turns those back into this text.
 */
export type CalendarDate = string;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a day that exists on the calendar (2024-02-29 yes, 2023-02-29 and 2024-1-5 no). */
export function isCalendarDate(text: string): boolean {
  const match = ISO_DAY.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function addDays(day: CalendarDate, days: number): CalendarDate {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The day before `day`: the last day on which something that ends on `day` still held. */
export function dayBefore(day: CalendarDate): CalendarDate {
  return addDays(day, -1);
}

/** The day after `day`. */
export function dayAfter(day: CalendarDate): CalendarDate {
  return addDays(day, 1);
}
