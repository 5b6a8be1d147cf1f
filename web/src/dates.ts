/**
 * Today on the reader's own calendar (YYYY-MM-DD in the browser's time zone), not UTC's: in
 * Beijing before 08:00 UTC's date is still yesterday. The hub's default `asOf` is today in
 * HUB_TIMEZONE (Asia/Shanghai by default), the same day for a reader there.
 */
export function todayIso(now: Date = new Date(), timeZone?: string): string {
  // en-CA writes a date as YYYY-MM-DD; no time zone given is the browser's own.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}
