import { inScope } from "../auth/index.js";
import type { HubContext } from "../server/context.js";
import { placesOfRecords } from "./people.queries.js";

/**
 * Disclosure control (small-cell suppression, as official statistics publish): a count of
 * personal data — pairings by kind and by helper, members registered with a community, pairings
 * linking a unit to a community — below the threshold (HUB_DISCLOSURE_THRESHOLD, default 5) is
 * withheld from a caller who may not see the records themselves, so that "YOUNG_PERSON: 1" in one
 * building cannot single out a person. The rule, in full, is docs/DISCLOSURE.md.
 */

/** The smallest count shown to a caller who may not see the records (HUB_DISCLOSURE_THRESHOLD). */
export const DEFAULT_DISCLOSURE_THRESHOLD = 5;

/** A count as it leaves the hub: the number, or null with `suppressed` true. */
export interface CountCell {
  readonly value: number | null;
  readonly suppressed: boolean;
}

/** A linear relation between published counts: `total` is the sum of `parts` (indexes into the cells). */
export interface CountGroup {
  readonly total: number;
  readonly parts: readonly number[];
}

/**
 * Suppresses `counts` for a threshold `t`: primary suppression withholds every count c with
 * 0 < c < t; secondary suppression then, for every group (a total and its parts) in which exactly
 * one part is withheld, also withholds its smallest non-zero shown part (or the total, when no such
 * part is left), and for every group whose total is withheld while all its parts are shown,
 * withholds its smallest non-zero part — repeated until nothing changes, so that no withheld count
 * can be computed back from a total and the shown counts beside it. Zeros are shown.
 */
export function suppressCounts(counts: readonly number[], groups: readonly CountGroup[], threshold: number): CountCell[] {
  const hidden = counts.map((count) => count > 0 && count < threshold);
  const smallestShown = (indexes: readonly number[]): number | undefined =>
    indexes.filter((index) => !hidden[index] && counts[index]! > 0).sort((a, b) => counts[a]! - counts[b]! || a - b)[0];
  for (let changed = true; changed; ) {
    changed = false;
    for (const group of groups) {
      const withheld = group.parts.filter((index) => hidden[index]).length;
      if (!hidden[group.total] && withheld === 1) {
        const next = smallestShown(group.parts) ?? group.total;
        hidden[next] = true;
        changed = true;
      } else if (hidden[group.total] && withheld === 0) {
        const next = smallestShown(group.parts);
        if (next !== undefined) {
          hidden[next] = true;
          changed = true;
        }
      }
    }
  }
  return counts.map((count, index) => (hidden[index] ? { value: null, suppressed: true } : { value: count, suppressed: false }));
}

/** Counts left as they are: for callers who may see the records. */
export function unsuppressed(counts: readonly number[]): CountCell[] {
  return counts.map((value) => ({ value, suppressed: false }));
}

/**
 * Whether the caller may see the personal records counted in `scope` (a place code; null =
 * everywhere) as of `asOf`, the test that decides if counts are suppressed: admins yes; a steward
 * when the scope lies inside the token's scope; viewers, analysts and other stewards no.
 */
export async function maySeeRecordsIn(context: HubContext, scope: string | null, asOf: string): Promise<boolean> {
  const { viewer } = context;
  if (viewer.role === "admin") return true;
  if (viewer.role !== "steward" || scope === null) return false;
  const [row] = await context.db.read(placesOfRecords("code", [scope], asOf));
  return inScope(viewer, (row?.places as string[] | undefined) ?? []);
}

/** The threshold in force for this request. */
export function disclosureThreshold(context: HubContext): number {
  return context.policy.disclosureThreshold;
}
