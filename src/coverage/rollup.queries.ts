import type { CypherQuery } from "../database/index.js";
import { dateParam } from "../database/index.js";
import { validAt } from "../graph/cypher.js";
import { shapedEntity, type Shape } from "../graph/shape.js";
import { COUNTED_KINDS, FACT_REACH } from "./rollup.timeline.js";

/**
 * The Cypher of the coverage roll-ups (docs/ANALYTICS.md, "Roll-ups"). Two bookkeeping labels,
 * neither an :Entity:
 * - (:CoverageRollup {place, date, v}) — from `date` on, until the place's next point, the
 *   place's six counts are `v` (COUNT_FIELDS order). Unique on (place, date): reading a figure is
 *   one index seek, whatever the size of the place's subtree.
 * - (:CoverageSource {place, contribution, links}) — per place: the dated deltas it contributes
 *   (JSON), so that a change subtracts exactly what it added before; the signature of its own
 *   part-of links, so that a change that leaves them alone does not revisit its subtree; and the
 *   lock that serialises concurrent maintenance of that place's points.
 */

const LOCK = "SET s._lock = true REMOVE s._lock";

/** The links signature of place `e`: its outgoing part-of links, sorted. */
const LINKS = (alias: string) =>
  `COLLECT { MATCH (${alias})-[l:PART_OF]->(parent:Place) WITH parent.code + '|' + toString(l.validFrom) + '|' + coalesce(toString(l.validTo), '') AS link RETURN link ORDER BY link }`;

/**
 * The counted places whose contribution a write touching `$codes` (entities of any label) may have
 * changed: a touched place itself; every place ever below it when its own part-of links changed
 * (their chains up pass through them); the places ever at most 3 links above a touched place or
 * above a place a touched organisation was ever built at (a compound counts branches below it);
 * and places that have a contribution but no longer exist. Also the new links signatures.
 */
export function rollupDirtyPlaces(codes: readonly string[]): CypherQuery {
  return {
    name: "rollup.dirtyPlaces",
    cypher: `
      UNWIND $codes AS code
      CALL (code) {
        MATCH (e:Place {code: code})
        OPTIONAL MATCH (s:CoverageSource {place: code})
        WITH e, ${LINKS("e")} AS links, s.links AS stored
        CALL (e, links, stored) {
          WITH e WHERE links <> coalesce(stored, ['none'])
          MATCH (d:Place)-[:PART_OF*1..12]->(e) RETURN d
          UNION
          MATCH (e)-[:PART_OF*0..3]->(d:Place) RETURN d
        }
        RETURN d.code AS place, d.kind AS kind, CASE WHEN d = e THEN links END AS links
        UNION
        MATCH (:Organisation {code: code})-[:BUILT_AT]->(:Place)-[:PART_OF*0..3]->(d:Place)
        RETURN d.code AS place, d.kind AS kind, null AS links
        UNION
        MATCH (s:CoverageSource {place: code}) WHERE NOT EXISTS { MATCH (:Place {code: code}) }
        RETURN code AS place, 'GONE' AS kind, [] AS links
      }
      WITH place, kind, collect(links) AS signatures
      RETURN place, kind IN $counted OR kind = 'GONE' AS counted, signatures[0] AS links`,
    params: { codes, counted: COUNTED_KINDS },
  };
}

/** One page of every place by code, with whether it counts and its links signature (for a rebuild). */
export function rollupPlacesPage(after: string | null, limit: number): CypherQuery {
  return {
    name: "rollup.placesPage",
    cypher: `
      MATCH (e:Place) WHERE ($after IS NULL OR e.code > $after)
      WITH e ORDER BY e.code LIMIT $limit
      RETURN e.code AS place, e.kind IN $counted AS counted, ${LINKS("e")} AS links`,
    params: { after, limit, counted: COUNTED_KINDS },
  };
}

/** Locks the bookkeeping node of each place (created if missing) and returns its stored contribution. */
export function rollupLockSources(places: readonly string[]): CypherQuery {
  return {
    name: "rollup.lockSources",
    cypher: `
      UNWIND $places AS place
      MERGE (s:CoverageSource {place: place})
      ${LOCK}
      RETURN s.place AS place, s.contribution AS contribution`,
    params: { places: [...places].sort() },
  };
}

/** The facts a counted place's contribution depends on, at any time (PlaceFacts). */
export function rollupFacts(places: readonly string[]): CypherQuery {
  const span = (alias: string) => `{from: ${alias}.validFrom, to: ${alias}.validTo}`;
  return {
    name: "rollup.facts",
    cypher: `
      UNWIND $places AS code
      MATCH (p:Place {code: code})
      RETURN p.code AS code, p.kind AS kind, ${span("p")} AS validity,
        COLLECT { MATCH path = (p)-[:PART_OF*1..${FACT_REACH.maxUp}]->(a:Place) RETURN {ancestor: a.code, links: [l IN relationships(path) | ${span("l")}]} } AS up,
        COLLECT { MATCH (p)<-[x:BUILT_AT]-(o:Organisation) WHERE o.kind IN $ownKinds
                  RETURN {kind: o.kind, form: coalesce(o.form, 'TERRITORIAL'), organisation: ${span("o")}, link: ${span("x")}} } AS own,
        CASE WHEN p.kind = 'COMPOUND' THEN COLLECT {
          MATCH path = (q:Place)-[:PART_OF*0..${FACT_REACH.maxBelow}]->(p) MATCH (q)<-[x:BUILT_AT]-(o:Organisation {kind: 'BRANCH'})
          RETURN {organisation: ${span("o")}, link: ${span("x")}, chain: [l IN relationships(path) | ${span("l")}]} } ELSE [] END AS branches`,
    params: { places, ownKinds: FACT_REACH.ownKinds },
  };
}

/**
 * Locks each place's points and returns, for each, the point in force just before `from` and
 * every point on or after it.
 */
export function rollupPointsFrom(items: readonly { place: string; from: string }[]): CypherQuery {
  return {
    name: "rollup.pointsFrom",
    cypher: `
      UNWIND $items AS item
      MERGE (s:CoverageSource {place: item.place})
      ${LOCK}
      WITH item
      CALL (item) {
        OPTIONAL MATCH (r:CoverageRollup {place: item.place}) WHERE r.date < item.from
        RETURN r.v AS base ORDER BY r.place DESC, r.date DESC LIMIT 1
      }
      RETURN item.place AS place, base,
        COLLECT { MATCH (r:CoverageRollup {place: item.place}) WHERE r.date >= item.from RETURN {date: r.date, v: r.v} AS point ORDER BY r.date } AS points`,
    params: { items: [...items].sort((a, b) => (a.place < b.place ? -1 : 1)).map((item) => ({ place: item.place, from: dateParam(item.from) })) },
  };
}

export function rollupWritePoints(rows: readonly { place: string; date: string; v: readonly number[] }[]): CypherQuery {
  return {
    name: "rollup.writePoints",
    cypher: `
      UNWIND $rows AS row
      MERGE (r:CoverageRollup {place: row.place, date: row.date})
      SET r.v = row.v
      RETURN count(*) AS written`,
    params: { rows: rows.map((row) => ({ ...row, date: dateParam(row.date) })) },
  };
}

export function rollupWriteSources(rows: readonly { place: string; contribution: string | null; links: readonly string[] | null }[]): CypherQuery {
  return {
    name: "rollup.writeSources",
    cypher: `
      UNWIND $rows AS row
      MERGE (s:CoverageSource {place: row.place})
      SET s.contribution = row.contribution, s.links = coalesce(row.links, s.links)
      RETURN count(*) AS written`,
    params: { rows },
  };
}

export function rollupClear(): CypherQuery {
  return {
    name: "rollup.clear",
    cypher: `
      MATCH (n) WHERE n:CoverageRollup OR n:CoverageSource
      CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS`,
  };
}

export function rollupPresent(): CypherQuery {
  return {
    name: "rollup.present",
    cypher: "RETURN EXISTS { MATCH (:Place) } AS places, EXISTS { MATCH (:CoverageSource) } AS sources",
  };
}

/**
 * The six counts of place `alias` at $asOf, as `output`: its last point on or before then (null:
 * none). Ordering by both properties of the (place, date) index lets Neo4j read that one entry
 * backwards from $asOf (3 db hits) instead of sorting every earlier point.
 */
const pointAt = (alias: string, output: string) => `
  CALL (${alias}) {
    OPTIONAL MATCH (r:CoverageRollup {place: ${alias}.code}) WHERE r.date <= $asOf
    RETURN r.v AS ${output} ORDER BY r.place DESC, r.date DESC LIMIT 1
  }`;

/**
 * Territorial coverage of a scope at $asOf from the roll-ups: the scope's own point and one per
 * direct child valid then — an index seek each, whatever lies below them. No row when the scope
 * does not exist then. The places come in `shapes` (src/graph/shape.ts): a report that asks only for
 * the children's codes does not fetch, nor make the driver decode, every property of each.
 */
export function coverageRollupByChild(scope: string, asOf: string, shapes: { readonly scope: Shape; readonly child: Shape } = { scope: "all", child: "all" }): CypherQuery {
  return { name: "coverage.rollupByChild", cypher: byChildCypher("MATCH (scope:Place {code: $scope})", "", shapes), params: { scope, asOf: dateParam(asOf) } };
}

/** The statement of coverageRollupByChild after `match` binds `scope`, each row led by `lead` (the Many form's code). */
function byChildCypher(match: string, lead: string, shapes: { readonly scope: Shape; readonly child: Shape }): string {
  return `
      ${match}
      WHERE ${validAt("scope")}
      ${pointAt("scope", "v")}
      CALL (scope) {
        MATCH (child:Place)-[top:PART_OF]->(scope)
        WHERE ${validAt("top")} AND ${validAt("child")}
        ${pointAt("child", "childV")}
        RETURN collect({place: ${shapedEntity("child", shapes.child)}, v: childV}) AS children
      }
      RETURN ${lead}${shapedEntity("scope", shapes.scope)} AS scope, v, children`;
}

/**
 * coverageRollupByChild for several scopes at the same $asOf in ONE statement (a row per scope
 * valid then, with its `code`): several `coverage` fields of one request, such as every district
 * of a graph without a common root, cost one round trip instead of one each (issue 13: a round
 * trip, ~1–2 ms, is far more than the 3 + 25 × children db hits of a scope).
 */
export function coverageRollupByChildMany(scopes: readonly string[], asOf: string, shapes: { readonly scope: Shape; readonly child: Shape } = { scope: "all", child: "all" }): CypherQuery {
  return {
    name: "coverage.rollupByChildMany",
    cypher: byChildCypher("UNWIND $scopes AS code\n      MATCH (scope:Place {code: code})", "code, ", shapes),
    params: { scopes: [...new Set(scopes)], asOf: dateParam(asOf) },
  };
}

/**
 * How many of a scope's points in a series' range the range scan reads before it gives up for
 * per-date seeks (coverageRollupSeries): this many points per date of the series. Measured on S3
 * (docs/SCALE.md, "The series as a range scan"; ten district series in one statement): the scan
 * was 2.5× faster in Neo4j at one point per date, 1.2–2× at three, even at about ten, and slower
 * beyond; a scope above the bound costs its seeks plus a scan of at most this many index entries,
 * which measured within noise of the seeks alone.
 */
export const SERIES_SCAN_POINTS_PER_DATE = 4;

/** The scan bound of a series of `dates` dates: a count of points (-1: always seek, the reference form). */
export function seriesScanCap(dates: number): number {
  return SERIES_SCAN_POINTS_PER_DATE * dates;
}

/** Options of the series statements: `cap` overrides seriesScanCap (-1: every scope seeks, 0: scan only a range without points). */
export interface SeriesReadOptions {
  readonly cap?: number;
}

/**
 * The scope's counts at each of $dates from the roll-ups: one row for the scope (none: no such
 * place) whose `points` are, date by date in date order, `[date, exists, v]` — the date as ISO
 * text, whether the scope is valid then, and its last point on or before it (null: none yet). One
 * row per scope rather than per date, and the date as text: the driver decodes a record, and a
 * Neo4j date (a dozen 64-bit Integer operations), at a cost that was most of its CPU on a
 * 1 200-point request (docs/SCALE.md).
 *
 * Read per scope in one of two ways, with the same answer:
 * - the range scan, when the scope has at most $cap points after the first date and on or before
 *   the last: one backwards seek for the point in force on the first date, one index range scan of
 *   (place, date) for the points in the range (at most $cap + 1 read, their dates from the index
 *   entries themselves), then a merge of the points
 *   with the dates in date order. A date takes the last point at or before it (a point on the date
 *   itself sorts first): with k its place in the merged order and j its rank among the dates, k - j
 *   points precede it, so its point is the (k - j)-th of the range, or the first date's one if none;
 * - otherwise the seeks: for each date, one backwards read of the index from that date (3 db
 *   hits), so a place changing far more often than the series samples it costs a seek per date,
 *   not a read of every change (plus the bounded scan that found it out).
 */
export function coverageRollupSeries(scope: string, dates: readonly string[], options: SeriesReadOptions = {}): CypherQuery {
  return { name: "coverage.rollupSeries", cypher: seriesCypher("MATCH (scope:Place {code: $scope})", ""), params: { scope, ...seriesParams(dates, options) } };
}

/** The dates go in sorted (the rows come out ordered by date whatever the order asked): the merge counts a date's rank in them. */
function seriesParams(dates: readonly string[], options: SeriesReadOptions) {
  const sorted = [...dates].sort();
  return {
    dates: sorted.map(dateParam),
    first: dateParam(sorted[0] ?? null),
    last: dateParam(sorted.at(-1) ?? null),
    cap: options.cap ?? seriesScanCap(dates.length),
  };
}

/** The statement of coverageRollupSeries after `match` binds `scope`, each row led by `lead` (the Many form's code). */
function seriesCypher(match: string, lead: string): string {
  return `
      ${match}
      CALL (scope) {
        MATCH (r:CoverageRollup {place: scope.code}) WHERE $first < r.date <= $last
        WITH r, r.date AS date ORDER BY r.place, date LIMIT $cap + 1
        RETURN collect(r) AS inRange, collect(date) AS inRangeDates
      }
      CALL (scope, inRange, inRangeDates) {
        WITH scope, inRange, inRangeDates WHERE size(inRange) <= $cap
        CALL (scope) {
          OPTIONAL MATCH (r:CoverageRollup {place: scope.code}) WHERE r.date <= $first
          RETURN r AS base ORDER BY r.place DESC, r.date DESC LIMIT 1
        }
        CALL (inRangeDates) {
          UNWIND [date IN inRangeDates | {date: date, j: -1}] + [j IN range(0, size($dates) - 1) | {date: $dates[j], j: j}] AS event
          WITH event ORDER BY event.date, event.j
          RETURN collect(event) AS events
        }
        RETURN [k IN range(0, size(events) - 1) WHERE events[k].j >= 0 |
          {at: events[k].date, v: CASE k - events[k].j WHEN 0 THEN base.v ELSE inRange[k - events[k].j - 1].v END}] AS picked
        UNION ALL
        WITH scope, inRange, inRangeDates WHERE size(inRange) > $cap
        CALL (scope) {
          UNWIND $dates AS at
          CALL (scope, at) {
            OPTIONAL MATCH (r:CoverageRollup {place: scope.code}) WHERE r.date <= at
            RETURN r.v AS v ORDER BY r.place DESC, r.date DESC LIMIT 1
          }
          WITH at, v ORDER BY at
          RETURN collect({at: at, v: v}) AS picked
        }
        RETURN picked
      }
      RETURN ${lead}[point IN picked | [toString(point.at), ${validAt("scope", "point.at")}, point.v]] AS points`;
}

/** coverageRollupSeries for several scopes over the same $dates in ONE statement: a row per scope that exists, with its `code`. */
export function coverageRollupSeriesMany(scopes: readonly string[], dates: readonly string[], options: SeriesReadOptions = {}): CypherQuery {
  return {
    name: "coverage.rollupSeriesMany",
    cypher: seriesCypher("UNWIND $scopes AS code\n      MATCH (scope:Place {code: code})", "code, "),
    params: { scopes: [...new Set(scopes)], ...seriesParams(dates, options) },
  };
}

/** The roll-up counts of every place valid at $asOf (null: no point yet). */
export function coverageRollupEveryPlace(asOf: string): CypherQuery {
  return {
    name: "coverage.rollupEveryPlace",
    cypher: `
      MATCH (scope:Place) WHERE ${validAt("scope")}
      ${pointAt("scope", "v")}
      RETURN scope.code AS place, v
      ORDER BY place`,
    params: { asOf: dateParam(asOf) },
  };
}
