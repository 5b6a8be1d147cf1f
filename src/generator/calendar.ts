import type { Span } from "./model.js";

/**
 * Time inside the generator: whole months since 2000-01 (month 0), each standing for the first
 * day of that month. Integers make "founded 2 to 60 months after the compound" one addition, and
 * they compare like the ISO days they become.
 */
export type Month = number;

/** The modelling start, as in seeds/longhutang (validFrom 2000-01-01 = "from the start of the data"). */
export const START: Month = 0;
/**
 * Every generated change happens before this month (2026-01-01): from it on, the generated graph is
 * what "today" looks like, whatever the calendar says when a test runs.
 */
export const REFERENCE: Month = 312;
/** The last month a generated change may happen in. */
export const LAST_CHANGE: Month = REFERENCE - 1;

export function iso(month: Month): string {
  const year = 2000 + Math.floor(month / 12);
  const inYear = (month % 12) + 1;
  return `${year}-${inYear < 10 ? "0" : ""}${inYear}-01`;
}

/** The generator's reference day as ISO (2026-01-01): nothing changes on or after it. */
export const REFERENCE_DATE = iso(REFERENCE);

export function spanOf(from: Month, to: Month | null): Span {
  return { validFrom: iso(from), validTo: to === null ? null : iso(to) };
}

/** A piece of a timeline: `target` from `from` (included) to `to` (excluded, null = open end). */
export interface Segment {
  readonly target: string;
  readonly from: Month;
  readonly to: Month | null;
}

/** The part of a timeline within [from, to), with neighbours that have the same target joined. */
export function clip(timeline: readonly Segment[], from: Month, to: Month | null): Segment[] {
  const result: Segment[] = [];
  for (const segment of timeline) {
    const start = Math.max(segment.from, from);
    const end = segment.to === null ? to : to === null ? segment.to : Math.min(segment.to, to);
    if (end !== null && end <= start) continue;
    const last = result[result.length - 1];
    if (last && last.target === segment.target && last.to === start) result[result.length - 1] = { target: last.target, from: last.from, to: end };
    else result.push({ target: segment.target, from: start, to: end });
  }
  return result;
}

/** The target of a timeline at a month, if any. */
export function targetAt(timeline: readonly Segment[], month: Month): string | undefined {
  return timeline.find((segment) => segment.from <= month && (segment.to === null || month < segment.to))?.target;
}
