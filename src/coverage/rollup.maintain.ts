import type { Database, Transaction } from "../database/index.js";
import { coverageLiveEveryPlace } from "./coverage.queries.js";
import {
  coverageRollupEveryPlace,
  rollupClear,
  rollupDirtyPlaces,
  rollupFacts,
  rollupLockSources,
  rollupPlacesPage,
  rollupPointsFrom,
  rollupPresent,
  rollupWritePoints,
  rollupWriteSources,
} from "./rollup.queries.js";
import { applyChanges, contribution, COUNT_FIELDS, difference, encodeContribution, type CountVector, type Delta, type PlaceFacts, type RollupPoint } from "./rollup.timeline.js";

/**
 * Maintenance of the coverage roll-ups, inside the caller's transaction: mutate() calls
 * maintainRollups after every write (mergers and splits included), the seed importer after every
 * import, so a figure is never read without the change that moved it.
 */
const BATCH = 2_000;
const WRITE_BATCH = 5_000;

export interface RollupMaintenance {
  /** Counted places whose contribution was recomputed. */
  readonly places: number;
  /** Roll-up points written. */
  readonly points: number;
}

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

const encode = encodeContribution;
const decode = (text: unknown): Delta[] =>
  typeof text === "string" ? (JSON.parse(text) as [string, string, CountVector][]).map(([place, date, v]) => ({ place, date, v })) : [];

/** Brings the roll-ups up to date after a write that touched `entityCodes` (entities of any label). */
export async function maintainRollups(tx: Transaction, entityCodes: readonly string[]): Promise<RollupMaintenance> {
  const codes = [...new Set(entityCodes)];
  if (codes.length === 0) return { places: 0, points: 0 };
  const places: string[] = [];
  const signatures = new Map<string, string[]>();
  for (const batch of batches(codes, BATCH)) {
    for (const row of await tx.run(rollupDirtyPlaces(batch))) {
      if (row.counted === true) places.push(String(row.place));
      if (Array.isArray(row.links)) signatures.set(String(row.place), row.links as string[]);
    }
  }
  return refreshPlaces(tx, [...new Set(places)], signatures);
}

/**
 * maintainRollups for writes that spanned many transactions (a staged import): `codes` in batches,
 * each its own transaction. Recomputed from the graph, so running it again over the same codes
 * (after the writes were undone, or an interrupted pass) brings the roll-ups in step again.
 */
export async function maintainRollupsInBatches(db: Database, entityCodes: readonly string[], batchSize: number, timeoutMs?: number): Promise<RollupMaintenance> {
  let places = 0;
  let points = 0;
  for (const batch of batches([...new Set(entityCodes)], batchSize)) {
    const done = await db.writeTransaction((tx) => maintainRollups(tx, batch), timeoutMs === undefined ? undefined : { timeoutMs });
    places += done.places;
    points += done.points;
  }
  return { places, points };
}

/**
 * Recomputes the contribution of each counted place from the graph, and moves the points of every
 * place whose figures it changes by exactly new − old. Locks each place's bookkeeping node first,
 * so concurrent writes serialise on the places they share (and see each other's commits).
 */
export async function refreshPlaces(tx: Transaction, places: readonly string[], signatures: ReadonlyMap<string, readonly string[]> = new Map()): Promise<RollupMaintenance> {
  const oldDeltas: Delta[] = [];
  const newDeltas: Delta[] = [];
  const sources = new Map<string, { place: string; contribution: string | null; links: readonly string[] | null }>();
  for (const batch of batches(places, BATCH)) {
    for (const row of await tx.run(rollupLockSources(batch))) oldDeltas.push(...decode(row.contribution));
    const found = new Set<string>();
    for (const row of await tx.run(rollupFacts(batch))) {
      const facts = row as unknown as PlaceFacts;
      const deltas = contribution(facts);
      newDeltas.push(...deltas);
      found.add(facts.code);
      sources.set(facts.code, { place: facts.code, contribution: deltas.length ? encode(deltas) : null, links: signatures.get(facts.code) ?? null });
    }
    for (const place of batch) if (!found.has(place)) sources.set(place, { place, contribution: null, links: null });
  }
  for (const [place, links] of signatures) if (!sources.has(place)) sources.set(place, { place, contribution: null, links });

  const changes = difference(oldDeltas, newDeltas);
  const items = [...changes].map(([place, dates]) => ({ place, from: [...dates.keys()].sort()[0]! }));
  const points: { place: string; date: string; v: CountVector }[] = [];
  for (const batch of batches(items, BATCH)) {
    for (const row of await tx.run(rollupPointsFrom(batch))) {
      const place = String(row.place);
      const base = (row.base as CountVector | null) ?? [0, 0, 0, 0, 0, 0];
      for (const point of applyChanges(base, row.points as RollupPoint[], changes.get(place)!)) points.push({ place, ...point });
    }
  }
  for (const batch of batches(points, WRITE_BATCH)) await tx.run(rollupWritePoints(batch));
  for (const batch of batches([...sources.values()], WRITE_BATCH)) await tx.run(rollupWriteSources(batch));
  return { places: places.length, points: points.length };
}

/**
 * Rebuilds every roll-up from the graph, a page of places per transaction (for a graph loaded
 * before roll-ups existed, or after bookkeeping was lost). Figures are right once it ends.
 */
export async function rebuildRollups(db: Database, onPage?: (done: number) => void): Promise<RollupMaintenance> {
  await db.autoCommit(rollupClear());
  let after: string | null = null;
  let done = 0;
  let points = 0;
  for (;;) {
    const rows = await db.read(rollupPlacesPage(after, 10_000));
    if (rows.length === 0) return { places: done, points };
    const signatures = new Map(rows.map((row) => [String(row.place), row.links as string[]]));
    const counted = rows.filter((row) => row.counted === true).map((row) => String(row.place));
    points += (await db.writeTransaction((tx) => refreshPlaces(tx, counted, signatures))).points;
    done += rows.length;
    after = String(rows.at(-1)!.place);
    onPage?.(done);
  }
}

/** At start: a graph with places but no roll-up bookkeeping (loaded before roll-ups existed) is rebuilt. */
export async function ensureRollups(db: Database): Promise<RollupMaintenance | null> {
  const [row] = await db.read(rollupPresent());
  if (!row || row.places !== true || row.sources === true) return null;
  return rebuildRollups(db);
}

export interface RollupMismatch {
  readonly place: string;
  readonly asOf: string;
  readonly rollup: readonly number[];
  readonly live: readonly number[];
}

/**
 * Recomputes every place's figures from the graph at each date (walking each subtree) and
 * returns every place whose roll-up disagrees: the proof that they never drift, and an operator's check.
 */
export async function verifyRollups(db: Database, dates: readonly string[]): Promise<RollupMismatch[]> {
  const mismatches: RollupMismatch[] = [];
  for (const asOf of dates) {
    const live = new Map((await db.read(coverageLiveEveryPlace(asOf))).map((row) => [String(row.place), COUNT_FIELDS.map((field) => Number(row[field]))]));
    for (const row of await db.read(coverageRollupEveryPlace(asOf))) {
      const place = String(row.place);
      const rollup = ((row.v as number[] | null) ?? [0, 0, 0, 0, 0, 0]).map(Number);
      const expected = live.get(place) ?? [0, 0, 0, 0, 0, 0];
      if (rollup.some((n, i) => n !== expected[i])) mismatches.push({ place, asOf, rollup, live: expected });
    }
  }
  return mismatches;
}
