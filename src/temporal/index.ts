/**
 * The temporal core: the calendar-date type, "today" in the hub's time zone, the interval algebra
 * of half-open lives and the Cypher of each of its relations. Every query module and service
 * speaks time through this folder.
 */
export { dayAfter, dayBefore, isCalendarDate, type CalendarDate } from "./calendar-date.js";
export { aliveFromCypher, nameAtCypher, overlapsCypher, validAtCypher } from "./cypher.js";
export { aliveFrom, clip, dayInLife, endBefore, nameAsOf, overlaps, showInterval, spans, validAt, within, type Interval } from "./interval.js";
export { DEFAULT_TIME_ZONE, isTimeZone, todayIn } from "./today.js";
