/**
 * The seed checks speak time through the temporal core (src/temporal): days as ISO strings and
 * half-open intervals `[from, to)`, `to = null` for an open end (docs/MODEL.md).
 */
export { dayBefore, endBefore, isCalendarDate, overlaps, showInterval, validAt, within, type Interval } from "../temporal/index.js";
