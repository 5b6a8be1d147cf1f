/**
 * The Cypher of each relation of time in ./interval.ts, for entities and relations stored with
 * `validFrom` / `validTo` (Neo4j dates, `validTo` absent = open end). Fixed text chosen by code;
 * every value is a `$parameter` (or another fragment's expression), never user input.
 */

/** Valid at `at`: `validFrom <= at < validTo` (interval.ts `validAt`). */
export function validAtCypher(alias: string, at = "$asOf"): string {
  return `(${alias}.validFrom <= ${at} AND (${alias}.validTo IS NULL OR ${at} < ${alias}.validTo))`;
}

/** Alive from `at` on: not ended by `at` (interval.ts `aliveFrom`). */
export function aliveFromCypher(alias: string, at = "$date"): string {
  return `(${alias}.validTo IS NULL OR ${alias}.validTo > ${at})`;
}

/** Shares a day with [from, to), `to` null = open end (interval.ts `overlaps`). */
export function overlapsCypher(alias: string, from = "$from", to = "$to"): string {
  return `(${aliveFromCypher(alias, from)} AND (${to} IS NULL OR ${alias}.validFrom < ${to}))`;
}

/** The entity's name as of `at`: the last name that took effect on or before it (interval.ts `nameAsOf`). */
export function nameAtCypher(alias: string, at = "$asOf"): string {
  return `coalesce([i IN range(0, size(${alias}.names) - 1) WHERE ${alias}.nameFrom[i] <= ${at} | ${alias}.names[i]][-1], ${alias}.name)`;
}
