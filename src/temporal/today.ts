import type { CalendarDate } from "./calendar-date.js";

/**
 * "Today" is a calendar date in the hub's time zone (`HUB_TIMEZONE`, default Asia/Shanghai), not
 * in UTC: in UTC+8 the UTC date is still yesterday until 08:00. The request context resolves it
 * once per request (src/server/context.ts), so every field of one answer sees the same day.
 */
export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

/** True when `timeZone` is an IANA time zone this Node knows (Asia/Shanghai, UTC, Europe/Berlin…). */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === "") return false;
  try {
    new Intl.DateTimeFormat("en-CA", { timeZone });
    return true;
  } catch {
    return false;
  }
}

// Building a DateTimeFormat costs ~0.3 ms (it loads the zone's rules); every request asks for today.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(timeZone, format);
  }
  return format;
}

/** The calendar date at the instant `now` in `timeZone`. */
export function todayIn(timeZone: string, now: Date = new Date()): CalendarDate {
  // en-CA formats as YYYY-MM-DD; formatToParts keeps it independent of that locale detail.
  const parts = dayFormat(timeZone).formatToParts(now);
  const part = (type: string) => parts.find((item) => item.type === type)!.value;
  return `${part("year")}-${part("month")}-${part("day")}`;
}
