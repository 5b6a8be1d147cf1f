import type { CypherQuery } from "../database/index.js";
import { ONE_AT_A_TIME, type OneAtATime, orphanQueries, registryBrokenQueries } from "../graph/rule-registry.js";
import { overlapsCypher } from "../temporal/index.js";

/**
 * Broken records (issue 10, "No broken records"): what the writes now refuse, looked for in a graph
 * that may predate the rules (imports, legacy data). Each statement returns rows
 * `{problem, code, label, detail}`; labels and relation types come from the constants below, never
 * from a request.
 */

/** A link whose start is its end, or after it. */
export function zeroLengthLinksQuery(): CypherQuery {
  return {
    name: "broken.zeroLengthLinks",
    cypher: `
      MATCH (a:Entity)-[r]->(b:Entity)
      WHERE r.validFrom IS NOT NULL AND r.validTo IS NOT NULL AND r.validTo <= r.validFrom
      RETURN 'ZERO_LENGTH_LINK' AS problem, a.code AS code, [l IN labels(a) WHERE NOT l IN ['Entity', 'Person']][0] AS label,
             type(r) + ' to ' + b.code + ' from ' + toString(r.validFrom) + ' to ' + toString(r.validTo) AS detail`,
  };
}

/** A dated link that holds on a day one of its two ends does not exist (a change dated after an entity's end, or before its start). */
export function linksOutsideLifeQuery(): CypherQuery {
  return {
    name: "broken.linksOutsideLife",
    cypher: `
      MATCH (a:Entity)-[r]->(b:Entity)
      WHERE r.validFrom IS NOT NULL AND (r.validTo IS NULL OR r.validTo > r.validFrom)
      UNWIND [a, b] AS end
      WITH a, r, b, end
      WHERE r.validFrom < end.validFrom OR (end.validTo IS NOT NULL AND (r.validTo IS NULL OR r.validTo > end.validTo))
      RETURN 'LINK_OUTSIDE_LIFE' AS problem, a.code AS code, [l IN labels(a) WHERE NOT l IN ['Entity', 'Person']][0] AS label,
             type(r) + ' to ' + b.code + ' (' + toString(r.validFrom) + '–' + coalesce(toString(r.validTo), 'open') + ') outlives ' + end.code +
             ' (' + toString(end.validFrom) + '–' + coalesce(toString(end.validTo), 'open') + ')' AS detail`,
  };
}

/** A name that takes effect on or after the entity's end. */
export function namesAfterEndQuery(): CypherQuery {
  return {
    name: "broken.namesAfterEnd",
    cypher: `
      MATCH (e:Entity)
      WHERE e.validTo IS NOT NULL AND any(day IN e.nameFrom WHERE day >= e.validTo)
      RETURN 'CHANGE_AFTER_END' AS problem, e.code AS code, [l IN labels(e) WHERE NOT l IN ['Entity', 'Person']][0] AS label,
             'a name from ' + toString([day IN e.nameFrom WHERE day >= e.validTo][0]) + ', after its end on ' + toString(e.validTo) AS detail`,
  };
}

/**
 * One at a time (ONE_AT_A_TIME of the rule registry): two parents, locations, homes, memberships or
 * leaders of one line of the same record overlapping in time (zero-length links are listed on their
 * own). The types come from the registry table, the per-key (LED_BY: line) is a parameter.
 */
export function overlappingLinksQuery(): CypherQuery {
  const types = Object.keys(ONE_AT_A_TIME).join("|");
  const perKey = Object.fromEntries(Object.entries(ONE_AT_A_TIME).flatMap(([type, entry]: [string, OneAtATime]) => (entry.per === undefined ? [] : [[type, entry.per]])));
  return {
    name: "broken.overlappingLinks",
    cypher: `
      MATCH (e:Entity)-[r1:${types}]->(x:Entity), (e)-[r2]->(y:Entity)
      WHERE type(r2) = type(r1) AND elementId(r1) < elementId(r2)
        AND ($perKey[type(r1)] IS NULL OR r1[$perKey[type(r1)]] = r2[$perKey[type(r1)]])
        AND (r1.validTo IS NULL OR r1.validTo > r1.validFrom) AND (r2.validTo IS NULL OR r2.validTo > r2.validFrom)
        AND ${overlapsCypher("r1", "r2.validFrom", "r2.validTo")}
      RETURN 'OVERLAPPING_LINKS' AS problem, e.code AS code, [l IN labels(e) WHERE NOT l IN ['Entity', 'Person']][0] AS label,
             type(r1) + ' to ' + x.code + ' and to ' + y.code + ' at once, from ' + toString(CASE WHEN r1.validFrom > r2.validFrom THEN r1.validFrom ELSE r2.validFrom END) AS detail`,
    params: { perKey },
  };
}

/**
 * Every statement of the report, in the order its rows are listed: the orphans (REQUIRED_ANCHORS)
 * and the kind and event-shape rules come from the rule registry (src/graph/rule-registry.ts).
 */
export function brokenRecordQueries(): CypherQuery[] {
  return [zeroLengthLinksQuery(), linksOutsideLifeQuery(), namesAfterEndQuery(), ...orphanQueries(), overlappingLinksQuery(), ...registryBrokenQueries()];
}
