import type { CypherQuery } from "../database/index.js";
import { orphanQueries, registryBrokenQueries } from "../graph/rule-registry.js";

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
 * Every statement of the report, in the order its rows are listed: the orphans (REQUIRED_ANCHORS)
 * and the one-at-a-time, kind and event-shape rules come from the rule registry (src/graph/rule-registry.ts).
 */
export function brokenRecordQueries(): CypherQuery[] {
  return [zeroLengthLinksQuery(), linksOutsideLifeQuery(), namesAfterEndQuery(), ...orphanQueries(), ...registryBrokenQueries()];
}
