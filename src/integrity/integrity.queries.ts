import type { CypherQuery } from "../database/index.js";
import { dateParam } from "../database/index.js";
import { scopedOrganisations, type ScopeFilter } from "../graph/analytics.js";
import { entityMap, validAt } from "../graph/cypher.js";
import { aliveFromCypher } from "../temporal/index.js";
import { BREACH_FRAGMENTS } from "../graph/rule-registry.js";

function scopeParams(filter: ScopeFilter): Record<string, unknown> {
  return { scope: filter.scope, asOf: dateParam(filter.asOf) };
}

/**
 * Dual leadership (雙重領導): an organisation valid at `$asOf` that has, at that date, both a
 * TERRITORIAL and an OWN_SYSTEM leader (links and leaders valid). At most one leader per line at a
 * time, so each organisation gives one row. Starts from the rare own-system links.
 */
export function dualLeadershipQuery(filter: ScopeFilter): CypherQuery {
  return {
    name: "integrity.dualLeadership",
    cypher: `
      ${scopedOrganisations("o", filter)}
      MATCH (o)-[own:LED_BY]->(ownLeader:Organisation)
      WHERE own.line = 'OWN_SYSTEM' AND ${validAt("own")} AND ${validAt("ownLeader")}
      MATCH (o)-[ter:LED_BY]->(terLeader:Organisation)
      WHERE ter.line = 'TERRITORIAL' AND ${validAt("ter")} AND ${validAt("terLeader")}
      RETURN ${entityMap("o")} AS organisation,
             ${entityMap("terLeader")} AS territorialLeader, ter.validFrom AS territorialSince,
             ${entityMap("ownLeader")} AS ownSystemLeader, own.validFrom AS ownSystemSince
      ORDER BY o.code`,
    params: scopeParams(filter),
  };
}

/**
 * Misaligned leadership: an organisation valid at `$asOf`, built then at a place P that is not,
 * through part-of links valid then, the same as or inside any place its TERRITORIAL leader is built
 * at. Organisations or leaders built nowhere cannot be checked and are left out (an own-system
 * committee sits outside the territory by design; MODEL.md). One row per misaligned place.
 *
 * Why it happened: the latest part-of link of P or of a place containing P that ended on or before
 * `$asOf` and not before the leadership began — the place moved (a merger, a transfer) while the
 * leader stayed. A move on the day the leadership began counts: at a merger the branches are
 * re-led village by village, and a compound sent to another community is left with the wrong one.
 * The change event of that day naming the moved place, its former parent or its new parent is
 * returned with it when one is recorded.
 */
export function misalignedLeadershipQuery(filter: ScopeFilter): CypherQuery {
  return {
    name: "integrity.misalignedLeadership",
    cypher: `
      ${scopedOrganisations("o", filter)}
      MATCH (o)-[ter:LED_BY]->(leader:Organisation)
      WHERE ter.line = 'TERRITORIAL' AND ${validAt("ter")} AND ${validAt("leader")}
      MATCH (o)-[built:BUILT_AT]->(p:Place)
      WHERE ${validAt("built")}
      WITH o, ter, leader, p, [(leader)-[lb:BUILT_AT]->(lp:Place) WHERE ${validAt("lb")} | lp] AS leaderPlaces
      WHERE size(leaderPlaces) > 0
        AND NONE(lp IN leaderPlaces WHERE lp = p OR EXISTS { MATCH (p)(()-[up:PART_OF]->() WHERE ${validAt("up")}){1,12}(lp) })
      OPTIONAL CALL (p, ter) {
        MATCH (p)(()-[up:PART_OF]->() WHERE ${validAt("up")}){0,12}(moved:Place)-[old:PART_OF]->(formerParent:Place)
        WHERE NOT ${aliveFromCypher("old", "$asOf")} AND ${validAt("ter", "old.validTo")}
        RETURN moved, formerParent, old.validTo AS movedOn,
          COLLECT {
            MATCH (event:ChangeEvent)-[:ORIGINAL|RESULTING]->(named:Place)
            WHERE event.date = old.validTo
              AND (named = moved OR named = formerParent OR EXISTS { MATCH (moved)-[next:PART_OF]->(named) WHERE next.validFrom = old.validTo })
            RETURN event {.code, .kind} ORDER BY event.code LIMIT 1
          } AS events
        ORDER BY movedOn DESC
        LIMIT 1
      }
      RETURN ${entityMap("o")} AS organisation, ${entityMap("p")} AS place, ${entityMap("leader")} AS leader,
             [lp IN leaderPlaces | ${entityMap("lp")}] AS leaderPlaces,
             CASE WHEN moved IS NULL THEN null ELSE ${entityMap("moved")} END AS moved,
             CASE WHEN formerParent IS NULL THEN null ELSE ${entityMap("formerParent")} END AS formerParent,
             movedOn, events[0] AS event
      ORDER BY o.code, p.code`,
    params: scopeParams(filter),
  };
}

/**
 * Rule breaches of organisations valid at `$asOf`: the rules the registry
 * (src/graph/rule-registry.ts, BREACH_FRAGMENTS) reports here — BRANCH_COMMITTEE (measured: formal
 * members), JOINT_BRANCH_SIZE (units covered, coverage links and units valid at `$asOf`),
 * GROUP_PLACE (buildings and courtyards it is built at: 0), GROUP_LEADER (branches leading it on the
 * territorial line: 0). Kinds and thresholds are parameters from the registry's tables, the ones the
 * writes and the seed validator check. Counting uses COUNT {} per organisation, never a join of
 * units or places into the rows.
 */
export function ruleBreachesQuery(filter: ScopeFilter): CypherQuery {
  const measures = BREACH_FRAGMENTS.flatMap((fragment) => (fragment.measure ? [fragment.measure] : []));
  return {
    name: "integrity.ruleBreaches",
    cypher: `
      ${scopedOrganisations("o", filter)}
      WITH o WHERE ${BREACH_FRAGMENTS.map((fragment) => `(${fragment.applies})`).join(" OR ")}
      WITH o${measures.map((measure) => `,\n        ${measure}`).join("")}
      UNWIND [
        ${BREACH_FRAGMENTS.map((fragment) => fragment.breach).join(",\n        ")}
      ] AS breach
      WITH o, breach WHERE breach IS NOT NULL
      RETURN ${entityMap("o")} AS organisation, breach.rule AS rule, breach.measured AS measured, breach.threshold AS threshold
      ORDER BY rule, o.code`,
    params: { ...scopeParams(filter), ...Object.assign({}, ...BREACH_FRAGMENTS.map((fragment) => fragment.params)) },
  };
}
