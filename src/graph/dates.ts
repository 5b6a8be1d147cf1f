import { HubError } from "../errors/index.js";

/** Days and intervals come from the temporal core; the write checks below are the graph's own. */
export { dayBefore, isCalendarDate as isIsoDate, spans } from "../temporal/index.js";

/** validFrom must be strictly before validTo (half-open intervals; an open end is allowed). */
export function assertDateRange(validFrom: string, validTo: string | null | undefined, what = "validFrom/validTo"): void {
  if (validTo !== null && validTo !== undefined && !(validFrom < validTo)) {
    throw new HubError("INVALID_DATE_RANGE", `${what}: validFrom (${validFrom}) must be before validTo (${validTo}).`, {
      validFrom,
      validTo,
    });
  }
}
