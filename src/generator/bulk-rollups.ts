import { accumulate, applyChanges, contribution, COUNTED_KINDS, encodeContribution, FACT_REACH, withoutZeros, type CountVector, type Interval, type PlaceFacts, type RollupPoint } from "../coverage/rollup.timeline.js";
import { entityProperties, relationOf } from "../seeding/graph-shape.js";
import type { SeedModel } from "../seeding/model.js";

/**
 * The coverage roll-ups of a bulk import, computed in Node from the validated parts instead of
 * rebuilt from the graph afterwards. What a roll-up point is stays defined once, in
 * src/coverage/rollup.timeline.ts: a counted place's facts (PlaceFacts) → its dated deltas
 * (`contribution`) → each place's points (`applyChanges` over the summed deltas), exactly as
 * `refreshPlaces` does from `rollup.facts`. Only the gathering of the facts differs: here they are
 * read from the part's records, there from the graph, both as far as FACT_REACH says. The bulk
 * import test compares the two graphs.
 *
 * Memory stays one part's: a place's points are emitted once its part is done, except for the
 * places of a district's top (the district), which every subdistrict of it adds to and which are
 * emitted at the end. A delta for a place already emitted would be a bug: it throws.
 *
 * A part's own work (`partRollups`: facts, contributions, the points of its own places) needs
 * nothing but the part, so it runs wherever the part is encoded (a worker thread); only the sums
 * for the places other parts add to (`pending`) cross over to BulkRollups, merged in part order.
 */

interface Link {
  readonly to: string;
  readonly span: Interval;
}

export interface BulkRollupSource {
  readonly place: string;
  readonly contribution: string | null;
  readonly links: readonly string[];
}

export interface BulkRollupPoint extends RollupPoint {
  readonly place: string;
}

const span = (from: unknown, to: unknown): Interval => ({ from: from as string, to: (to as string | null) ?? null });

/** What a part contributes to the roll-ups, computed from the part alone. */
export interface PartRollups {
  /** The sources of the part's own places (not those it skips), one per place. */
  readonly sources: BulkRollupSource[];
  /** When the part is final: the points of its own places (no other part adds to them). */
  readonly points: BulkRollupPoint[];
  /** The summed deltas for every other place (its district's, and its own when not final), per place and date, in the order met. */
  readonly pending: [place: string, dates: [date: string, v: CountVector][]][];
}

/** The points of `places` from their summed deltas (withoutZeros, then applyChanges from zeros). */
function pointsOf(places: readonly string[], sums: Map<string, Map<string, CountVector>>): BulkRollupPoint[] {
  const points: BulkRollupPoint[] = [];
  for (const place of places) {
    const dates = sums.get(place);
    if (!dates) continue;
    const changes = withoutZeros(new Map([[place, dates]])).get(place);
    if (!changes) continue;
    for (const point of applyChanges([0, 0, 0, 0, 0, 0], [], changes)) points.push({ place, ...point });
  }
  return points;
}

/**
 * A part's roll-up work: the facts of its own places (not those of `skip`), their contributions,
 * and, when `final` (no later part adds to its places: a subdistrict), the points of its own places.
 */
export function partRollups(model: SeedModel, skip: ReadonlySet<string>, final: boolean): PartRollups {
  const pending = new Map<string, Map<string, CountVector>>();
  const places = new Map<string, { kind: string; validity: Interval }>();
  const organisations = new Map<string, { kind: string; form: string; span: Interval }>();
  for (const entity of model.entities) {
    const properties = entityProperties(entity);
    if (entity.label === "Place") places.set(entity.code, { kind: String(properties.kind), validity: span(properties.validFrom, properties.validTo) });
    if (entity.label === "Organisation") organisations.set(entity.code, { kind: String(properties.kind), form: String(properties.form ?? "TERRITORIAL"), span: span(properties.validFrom, properties.validTo) });
  }
  const up = new Map<string, Link[]>();
  const down = new Map<string, { from: string; span: Interval }[]>();
  const builtAt = new Map<string, { organisation: string; span: Interval }[]>();
  for (const link of model.links) {
    const relation = relationOf(link);
    const interval = span(relation.validFrom, relation.validTo);
    if (relation.type === "PART_OF" && places.has(relation.from) && places.has(relation.to)) {
      (up.get(relation.from) ?? up.set(relation.from, []).get(relation.from)!).push({ to: relation.to, span: interval });
      (down.get(relation.to) ?? down.set(relation.to, []).get(relation.to)!).push({ from: relation.from, span: interval });
    }
    if (relation.type === "BUILT_AT" && organisations.has(relation.from) && places.has(relation.to)) {
      (builtAt.get(relation.to) ?? builtAt.set(relation.to, []).get(relation.to)!).push({ organisation: relation.from, span: interval });
    }
  }

  const chainsUp = (code: string): PlaceFacts["up"] => {
    const chains: { ancestor: string; links: Interval[] }[] = [];
    const walk = (at: string, links: Interval[]) => {
      if (links.length >= FACT_REACH.maxUp) return;
      for (const link of up.get(at) ?? []) {
        const next = [...links, link.span];
        chains.push({ ancestor: link.to, links: next });
        walk(link.to, next);
      }
    };
    walk(code, []);
    return chains;
  };
  const branchesBelow = (code: string): PlaceFacts["branches"] => {
    const branches: { organisation: Interval; link: Interval; chain: Interval[] }[] = [];
    const walk = (at: string, chain: Interval[]) => {
      for (const built of builtAt.get(at) ?? []) {
        const organisation = organisations.get(built.organisation)!;
        if (organisation.kind === "BRANCH") branches.push({ organisation: organisation.span, link: built.span, chain: [...chain].reverse() });
      }
      if (chain.length >= FACT_REACH.maxBelow) return;
      for (const link of down.get(at) ?? []) walk(link.from, [...chain, link.span]);
    };
    walk(code, []);
    return branches;
  };

  const sources: BulkRollupSource[] = [];
  const own: string[] = [];
  for (const [code, place] of places) {
    if (skip.has(code)) continue;
    own.push(code);
    const links = (up.get(code) ?? []).map((link) => `${link.to}|${link.span.from}|${link.span.to ?? ""}`).sort();
    let encoded: string | null = null;
    if (COUNTED_KINDS.includes(place.kind)) {
      const facts: PlaceFacts = {
        code,
        kind: place.kind,
        validity: place.validity,
        up: chainsUp(code),
        own: (builtAt.get(code) ?? [])
          .map((built) => ({ built, organisation: organisations.get(built.organisation)! }))
          .filter(({ organisation }) => (FACT_REACH.ownKinds as readonly string[]).includes(organisation.kind))
          .map(({ built, organisation }) => ({ kind: organisation.kind, form: organisation.form, organisation: organisation.span, link: built.span })),
        branches: place.kind === "COMPOUND" ? branchesBelow(code) : [],
      };
      const deltas = contribution(facts);
      accumulate(pending, deltas);
      if (deltas.length > 0) encoded = encodeContribution(deltas);
    }
    sources.push({ place: code, contribution: encoded, links });
  }
  const points = final ? pointsOf(own, pending) : [];
  if (final) for (const place of own) pending.delete(place);
  return { sources, points, pending: [...pending].map(([place, dates]) => [place, [...dates]]) };
}

/** What BulkRollups needs of a part's PartRollups: its own places, its pending sums, how many points it wrote. */
export interface MergedRollups {
  readonly places: readonly string[];
  readonly pending: PartRollups["pending"];
  readonly points: number;
}

export class BulkRollups {
  private readonly pending = new Map<string, Map<string, CountVector>>();
  private readonly emitted = new Set<string>();
  places = 0;
  points = 0;

  /** partRollups of a part, merged (see `merge`). */
  part(model: SeedModel, skip: ReadonlySet<string>, final: boolean): { sources: BulkRollupSource[]; points: BulkRollupPoint[] } {
    const part = partRollups(model, skip, final);
    this.merge({ places: part.sources.map((source) => source.place), pending: part.pending, points: part.points.length }, final);
    return part;
  }

  /**
   * Takes a part's roll-ups in, in part order: its sums for places other parts add to join the
   * pending ones, and when `final` its own places are done. A contribution to a place already
   * done, or a final part's place that an earlier part added to, would be a bug: it throws.
   */
  merge(part: MergedRollups, final: boolean): void {
    for (const [place, dates] of part.pending) {
      if (this.emitted.has(place)) throw new Error(`invariant: place ${place}'s roll-ups were written before a later part contributed to them`);
      let sums = this.pending.get(place);
      if (!sums) this.pending.set(place, (sums = new Map()));
      for (const [date, v] of dates) {
        const sum = sums.get(date) ?? [0, 0, 0, 0, 0, 0];
        sums.set(date, sum.map((n, i) => n + v[i]!) as CountVector);
      }
    }
    if (final) {
      for (const place of part.places) {
        if (this.pending.has(place)) throw new Error(`invariant: place ${place} was added to by an earlier part, but its points were computed from its own part`);
        this.emitted.add(place);
      }
    }
    this.places += part.places.length;
    this.points += part.points;
  }

  /** The points of the places still pending (a district's top), once every part is done. */
  finish(): BulkRollupPoint[] {
    const places = [...this.pending.keys()];
    const points = pointsOf(places, this.pending);
    for (const place of places) this.emitted.add(place);
    this.pending.clear();
    this.points += points.length;
    return points;
  }
}
