import type { CypherQuery } from "../database/index.js";
import { dateParam } from "../database/index.js";
import { scopedOrganisations, type ScopeFilter } from "../graph/analytics.js";
import { entityMap, validAt } from "../graph/cypher.js";
import { aliveFromCypher } from "../temporal/index.js";
import { ALLOWED_ORGANISATION_PLACES, ALLOWED_TERRITORIAL_LEADERS, BRANCH_COMMITTEE_THRESHOLD, COMMITTEE_RULE_KINDS, JOINT_BRANCH_MAX_UNITS } from "../graph/rules.js";

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
 * Rule breaches of organisations valid at `$asOf` (rules.ts, MODEL.md):
 * - BRANCH_COMMITTEE: a BRANCH with `$committeeThreshold` (7) or more formal members and no
 *   elected committee; measured: formal members.
 * - JOINT_BRANCH_SIZE: a JOINT organisation covering more than `$jointMax` (5) units, counting
 *   coverage links and units valid at `$asOf`; measured: units covered.
 * - GROUP_PLACE: a GROUP built at no place of the kinds `ALLOWED_ORGANISATION_PLACES.GROUP`
 *   (building, courtyard) at `$asOf`; measured: such places it is built at (0).
 * - GROUP_LEADER: a GROUP with no territorial leader of the kinds `ALLOWED_TERRITORIAL_LEADERS.GROUP`
 *   (a branch) at `$asOf`; measured: such leaders (0).
 * The kinds come from rules.ts as parameters, the tables the writes and the seed validator check.
 * The writes refuse the group rules, so those two catch imported or legacy data. Counting uses
 * COUNT {} per organisation, never a join of units or places into the rows.
 */
export function ruleBreachesQuery(filter: ScopeFilter): CypherQuery {
  return {
    name: "integrity.ruleBreaches",
    cypher: `
      ${scopedOrganisations("o", filter)}
      WITH o WHERE o.kind IN $committeeKinds OR o.kind = 'GROUP' OR o.form = 'JOINT'
      WITH o,
        CASE WHEN o.form = 'JOINT' THEN COUNT { MATCH (o)-[c:COVERS]->(u:Unit) WHERE ${validAt("c")} AND ${validAt("u")} } END AS unitsCovered,
        CASE WHEN o.kind = 'GROUP' THEN COUNT {
          MATCH (o)-[b:BUILT_AT]->(gp:Place) WHERE ${validAt("b")} AND gp.kind IN $groupPlaces
        } END AS groupPlaces,
        CASE WHEN o.kind = 'GROUP' THEN COUNT {
          MATCH (o)-[t:LED_BY]->(gl:Organisation) WHERE t.line = 'TERRITORIAL' AND ${validAt("t")} AND ${validAt("gl")} AND gl.kind IN $groupLeaders
        } END AS branchLeaders
      UNWIND [
        CASE WHEN o.kind IN $committeeKinds AND coalesce(o.formalMembers, 0) >= $committeeThreshold AND NOT coalesce(o.committeeElected, false)
          THEN {rule: 'BRANCH_COMMITTEE', measured: o.formalMembers, threshold: $committeeThreshold} END,
        CASE WHEN unitsCovered > $jointMax THEN {rule: 'JOINT_BRANCH_SIZE', measured: unitsCovered, threshold: $jointMax} END,
        CASE WHEN groupPlaces = 0 THEN {rule: 'GROUP_PLACE', measured: 0, threshold: 1} END,
        CASE WHEN branchLeaders = 0 THEN {rule: 'GROUP_LEADER', measured: 0, threshold: 1} END
      ] AS breach
      WITH o, breach WHERE breach IS NOT NULL
      RETURN ${entityMap("o")} AS organisation, breach.rule AS rule, breach.measured AS measured, breach.threshold AS threshold
      ORDER BY rule, o.code`,
    params: {
      ...scopeParams(filter),
      committeeKinds: COMMITTEE_RULE_KINDS,
      committeeThreshold: BRANCH_COMMITTEE_THRESHOLD,
      jointMax: JOINT_BRANCH_MAX_UNITS,
      groupPlaces: ALLOWED_ORGANISATION_PLACES.GROUP,
      groupLeaders: ALLOWED_TERRITORIAL_LEADERS.GROUP,
    },
  };
}
