/**
 * Coverage roll-ups, the pure part: what one counted place contributes, over time, to the
 * coverage figures of itself and of every place it lies in (docs/ANALYTICS.md, "Roll-ups").
 *
 * A figure of place A at date D is a vector of six counts (COUNT_FIELDS). It is the sum, over
 * every counted place P with a chain of part-of links valid at D from P up to A (or P = A while
 * P is valid), of P's flags at D — the rules of coverage.queries.ts:
 * - a COMPOUND counts 1 compound, and 1 covered compound when a BRANCH valid at D is built (link
 *   valid at D) at it or at a place at most 3 valid part-of links below it;
 * - a BUILDING counts 1 building, covered when a GROUP valid at D is built at it;
 * - a community-level place counts 1, covered when a territorial GENERAL_BRANCH or
 *   COMMUNITY_COMMITTEE valid at D is built at it.
 * Every input is an interval, so P's flags and memberships only change at the interval ends:
 * evaluating at each of those dates gives P's contribution as dated deltas, exactly.
 */

export const COUNT_FIELDS = ["compounds", "compoundsCovered", "buildings", "buildingsCovered", "communities", "communitiesCovered"] as const;
export type CountVector = [number, number, number, number, number, number];

export const COMMUNITY_KINDS: readonly string[] = ["COMMUNITY", "VILLAGE_COMMITTEE", "OLD_TOWN_DISTRICT"];
/** The kinds of place that count in some figure; every other place contributes nothing. */
export const COUNTED_KINDS: readonly string[] = ["COMPOUND", "BUILDING", ...COMMUNITY_KINDS];

/**
 * How far a place's facts reach (PlaceFacts), for both gatherers — the graph's `rollup.facts` and
 * the bulk import's BulkRollups: chains of part-of links up to `maxUp` long, the organisations of
 * `ownKinds` built at the place, and for a compound the branches built at most `maxBelow` part-of
 * links below it.
 */
export const FACT_REACH = { maxUp: 12, maxBelow: 3, ownKinds: ["GROUP", "GENERAL_BRANCH", "COMMUNITY_COMMITTEE"] } as const satisfies {
  readonly maxUp: number;
  readonly maxBelow: number;
  readonly ownKinds: readonly string[];
};

export interface Interval {
  readonly from: string;
  readonly to: string | null;
}

/** A counted place with every fact its flags and memberships depend on, at any time. */
export interface PlaceFacts {
  readonly code: string;
  readonly kind: string;
  readonly validity: Interval;
  /** Every chain of part-of links upwards from the place: the place at its top and each link's interval. */
  readonly up: readonly { readonly ancestor: string; readonly links: readonly Interval[] }[];
  /** Organisations built at the place itself: kind, form, the organisation's and the link's intervals. */
  readonly own: readonly { readonly kind: string; readonly form: string; readonly organisation: Interval; readonly link: Interval }[];
  /** For a compound: branches built at it or at most 3 links below it, with the links of the chain. */
  readonly branches: readonly { readonly organisation: Interval; readonly link: Interval; readonly chain: readonly Interval[] }[];
}

/** One dated change of one place's figures. */
export interface Delta {
  readonly place: string;
  readonly date: string;
  readonly v: CountVector;
}

const at = (interval: Interval, date: string) => interval.from <= date && (interval.to === null || date < interval.to);

function flags(facts: PlaceFacts, date: string): CountVector {
  const ownValid = (kinds: readonly string[], territorial: boolean) =>
    facts.own.some((o) => kinds.includes(o.kind) && (!territorial || o.form === "TERRITORIAL") && at(o.organisation, date) && at(o.link, date));
  if (facts.kind === "COMPOUND") {
    const covered = facts.branches.some((b) => at(b.organisation, date) && at(b.link, date) && b.chain.every((link) => at(link, date)));
    return [1, covered ? 1 : 0, 0, 0, 0, 0];
  }
  if (facts.kind === "BUILDING") return [0, 0, 1, ownValid(["GROUP"], false) ? 1 : 0, 0, 0];
  if (COMMUNITY_KINDS.includes(facts.kind)) return [0, 0, 0, 0, 1, ownValid(["GENERAL_BRANCH", "COMMUNITY_COMMITTEE"], true) ? 1 : 0];
  return [0, 0, 0, 0, 0, 0];
}

function boundaries(facts: PlaceFacts): string[] {
  const dates = new Set<string>();
  const add = (interval: Interval) => {
    dates.add(interval.from);
    if (interval.to !== null) dates.add(interval.to);
  };
  add(facts.validity);
  for (const chain of facts.up) chain.links.forEach(add);
  for (const o of facts.own) [o.organisation, o.link].forEach(add);
  for (const b of facts.branches) [b.organisation, b.link, ...b.chain].forEach(add);
  return [...dates].sort();
}

const isZero = (v: readonly number[]) => v.every((n) => n === 0);

/**
 * The contribution of one counted place: the dated deltas it adds to its own figures (while it is
 * valid) and to those of each place it lies in (while a chain of valid links reaches it), in
 * (place, date) order. Before its first boundary a place contributes nothing.
 */
export function contribution(facts: PlaceFacts): Delta[] {
  const deltas: Delta[] = [];
  let previous = new Map<string, CountVector>();
  for (const date of boundaries(facts)) {
    const v = flags(facts, date);
    const current = new Map<string, CountVector>();
    if (!isZero(v)) {
      if (at(facts.validity, date)) current.set(facts.code, v);
      for (const chain of facts.up) if (chain.links.every((link) => at(link, date))) current.set(chain.ancestor, v);
    }
    for (const place of new Set([...previous.keys(), ...current.keys()])) {
      const before = previous.get(place) ?? [0, 0, 0, 0, 0, 0];
      const after = current.get(place) ?? [0, 0, 0, 0, 0, 0];
      const change = after.map((n, i) => n - before[i]!) as CountVector;
      if (!isZero(change)) deltas.push({ place, date, v: change });
    }
    previous = current;
  }
  return deltas.sort((a, b) => (a.place === b.place ? (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) : a.place < b.place ? -1 : 1));
}

/** Adds `sign` × each delta into `into`, summed per (place, date); zero sums are kept (difference drops them). */
export function accumulate(into: Map<string, Map<string, CountVector>>, deltas: readonly Delta[], sign: 1 | -1 = 1): void {
  for (const delta of deltas) {
    let dates = into.get(delta.place);
    if (!dates) into.set(delta.place, (dates = new Map()));
    const sum = dates.get(delta.date) ?? [0, 0, 0, 0, 0, 0];
    dates.set(delta.date, sum.map((n, i) => n + sign * delta.v[i]!) as CountVector);
  }
}

/** Drops the zero sums of an accumulated map, and the places left without any. */
export function withoutZeros(byPlace: Map<string, Map<string, CountVector>>): Map<string, Map<string, CountVector>> {
  for (const [place, dates] of byPlace) {
    for (const [date, v] of dates) if (isZero(v)) dates.delete(date);
    if (dates.size === 0) byPlace.delete(place);
  }
  return byPlace;
}

/** new − old, summed per (place, date), zero sums left out. */
export function difference(oldDeltas: readonly Delta[], newDeltas: readonly Delta[]): Map<string, Map<string, CountVector>> {
  const byPlace = new Map<string, Map<string, CountVector>>();
  accumulate(byPlace, oldDeltas, -1);
  accumulate(byPlace, newDeltas, 1);
  return withoutZeros(byPlace);
}

/** A place's contribution as stored on its :CoverageSource (JSON of [place, date, v] triples). */
export const encodeContribution = (deltas: readonly Delta[]): string => JSON.stringify(deltas.map((delta) => [delta.place, delta.date, delta.v]));

/** A stored roll-up point: from `date` on (until the next point), the place's figures are `v`. */
export interface RollupPoint {
  readonly date: string;
  readonly v: CountVector;
}

/**
 * Applies dated changes to a place's stored points from the earliest change on: `base` is the
 * figure just before that date (the last point before it, or zeros), `points` the stored points
 * on or after it. Returns every point to write: a new point on each change date, and each later
 * point moved by the sum of the changes up to it.
 */
export function applyChanges(base: CountVector, points: readonly RollupPoint[], changes: ReadonlyMap<string, CountVector>): RollupPoint[] {
  const dates = [...new Set([...points.map((point) => point.date), ...changes.keys()])].sort();
  const stored = new Map(points.map((point) => [point.date, point.v]));
  const result: RollupPoint[] = [];
  let last = base;
  let shift: CountVector = [0, 0, 0, 0, 0, 0];
  for (const date of dates) {
    const change = changes.get(date);
    if (change) shift = shift.map((n, i) => n + change[i]!) as CountVector;
    last = stored.get(date) ?? last;
    result.push({ date, v: last.map((n, i) => n + shift[i]!) as CountVector });
  }
  return result;
}
