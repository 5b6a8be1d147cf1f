import type { CypherQuery } from "../database/index.js";
import { dateParam } from "../database/index.js";
import { overlapsCypher } from "../temporal/index.js";
import { validAt } from "./cypher.js";

/**
 * The relations that say where an entity lies, for a steward's WRITE scope (README, Security):
 * a place lies in itself; an organisation where it is built (BUILT_AT); a unit where it is located;
 * a council in the place it serves; a co-building agreement in its community (WITH); a volunteer
 * team where its organiser is built; a cultural team where it is based; a facility in its place; a
 * member where they reside and register and where their organisation is built; a beneficiary where
 * they live; a pairing where its helper and its beneficiary lie; a change event where its originals
 * and results lie (ORIGINAL/RESULTING are undated: they hold at every date).
 *
 * Narrower than the personal-data READ anchors (src/people/people.queries.ts): an organisation does
 * not lie where the units it covers lie, so the steward of a unit's community cannot rename the
 * branch covering it from elsewhere.
 */
export const WRITE_ANCHORS =
  "BUILT_AT|LOCATED_IN|SERVES|WITH|ORGANISED_BY|BASED_IN|FACILITY_OF|RESIDES_IN|REGISTERED_WITH|MEMBER_OF|LIVES_IN|HELPER|HELPS|ORIGINAL|RESULTING";

/** A dated link `alias` that holds on some day of [start, end) (`end` null: open); undated links always. */
function overlapsWindow(alias: string): string {
  return `(${alias}.validFrom IS NULL OR ${overlapsCypher(alias, "start", "end")})`;
}

/** One entity a write touches, and the first day of the write's effect on it (the day before the effective date). */
export interface ScopeWindow {
  readonly code: string;
  readonly from: string;
}

/**
 * Scope over time (README, Security): for each touched entity, the places it lies in (with every
 * place containing them) on every day of its window — from `from` (the day before the write takes
 * effect) to the end of the entity's life, open-ended when it has none, clamped to its life; an
 * entity that ended before `from` is judged on its last day.
 *
 * Where an entity lies changes only on a day some place link starts or ends, so it is enough to
 * look at the window's first day and at every start and end, inside the window, of a link on a
 * path from the entity to a place (anchor links, then part-of links) that itself overlaps the
 * window: one row per (code, such day), with the places on that day and the entity's label.
 * Codes of no entity give no row.
 */
export function scopeOverTimeQuery(windows: readonly ScopeWindow[]): CypherQuery {
  return {
    name: "scope.placesOverTime",
    cypher: `
      UNWIND $windows AS window
      MATCH (e:Entity {code: window.code})
      WITH e, CASE WHEN e.validFrom IS NOT NULL AND e.validFrom > window.from THEN e.validFrom ELSE window.from END AS wanted
      WITH e, CASE WHEN e.validTo IS NOT NULL AND wanted >= e.validTo THEN e.validTo - duration({days: 1}) ELSE wanted END AS start, e.validTo AS end
      WITH e, start, end, COLLECT {
        MATCH (e)(()-[anchor:${WRITE_ANCHORS}]->() WHERE ${overlapsWindow("anchor")}){0,4}(:Place)(()-[up:PART_OF]->() WHERE ${overlapsWindow("up")}){0,12}(:Place)
        UNWIND anchor + up AS link
        UNWIND [link.validFrom, link.validTo] AS day
        WITH day WHERE day IS NOT NULL AND day > start AND (end IS NULL OR day < end)
        RETURN DISTINCT day
      } AS changes
      UNWIND [start] + changes AS at
      RETURN e.code AS code, [label IN labels(e) WHERE label <> 'Entity'] AS labels, toString(at) AS at, COLLECT {
        MATCH (e)(()-[anchor:${WRITE_ANCHORS}]->() WHERE anchor.validFrom IS NULL OR ${validAt("anchor", "at")}){0,4}(p:Place)
        MATCH (p)(()-[up:PART_OF]->() WHERE ${validAt("up", "at")}){0,12}(a:Place)
        RETURN DISTINCT a.code
      } AS places`,
    params: { windows: windows.map((window) => ({ code: window.code, from: dateParam(window.from) })) },
  };
}
