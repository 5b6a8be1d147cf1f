import { HubError } from "../errors/index.js";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Today's date, ISO, in UTC: the default `asOf` of every read. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** validFrom must be strictly before validTo (half-open intervals; an open end is allowed). */
export function assertDateRange(validFrom: string, validTo: string | null | undefined, what = "validFrom/validTo"): void {
  if (validTo !== null && validTo !== undefined && !(validFrom < validTo)) {
    throw new HubError("INVALID_DATE_RANGE", `${what}: validFrom (${validFrom}) must be before validTo (${validTo}).`, {
      validFrom,
      validTo,
    });
  }
}

/** The day before an ISO date (the last day an ended relation was valid). */
export function dayBefore(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/** True when [from, to) contains `at`. */
export function spans(from: string, to: string | null | undefined, at: string): boolean {
  return from <= at && (to === null || to === undefined || at < to);
}
