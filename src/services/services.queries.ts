import type { CypherQuery } from "../database/index.js";
import { dateParam } from "../database/index.js";
import { scopedOrganisations, scopePlaces, type ScopeFilter } from "../graph/analytics.js";
import { entityMap, validAt } from "../graph/cypher.js";
import { BENEFICIARY_KINDS, VOLUNTEER_FOCUSES } from "../graph/vocabulary.js";

/** Team and member counts of a list of teams `teams`, in total and per focus (a team counts under each of its focuses). */
function teamTally(teams: string): string {
  const members = (list: string) => `reduce(total = 0, team IN ${list} | total + coalesce(team.memberCount, 0))`;
  const focused = `[focusedTeam IN ${teams} WHERE focus IN coalesce(focusedTeam.focus, [])]`;
  return `teams: size(${teams}), members: ${members(teams)},
    byFocus: [focus IN $focuses | {focus: focus, teams: size(${focused}), members: ${members(focused)}}]`;
}

/**
 * Volunteer teams valid at `$asOf` organised (link valid then) by an organisation valid then and in
 * `$scope`: per organising organisation, and overall; each with team and member counts, in total
 * and per focus. A team with several focuses counts under each focus but once in every total; a
 * team organised by two organisations counts under each but once overall. One scan of the teams.
 */
export function volunteerTeamSummaryQuery(filter: ScopeFilter): CypherQuery {
  return {
    name: "services.volunteerTeamSummary",
    cypher: `
      ${scopedOrganisations("o", filter)}
      MATCH (team:VolunteerTeam)-[organised:ORGANISED_BY]->(o)
      WHERE ${validAt("team")} AND ${validAt("organised")}
      WITH collect({organisation: o, team: team}) AS rows
      CALL (rows) {
        UNWIND rows AS row
        WITH row.organisation AS o, collect(DISTINCT row.team) AS teams
        ORDER BY o.code
        RETURN collect({organisation: ${entityMap("o")}, ${teamTally("teams")}}) AS byOrganisation
      }
      CALL (rows) {
        UNWIND rows AS row
        WITH DISTINCT row.team AS team
        RETURN collect(team) AS allTeams
      }
      RETURN byOrganisation, {${teamTally("allTeams")}} AS total`,
    params: { scope: filter.scope, asOf: dateParam(filter.asOf), focuses: VOLUNTEER_FOCUSES },
  };
}

/**
 * Pairings valid at `$asOf`, each bound once as `pairing`: with a scope, found from the places inside
 * it through the beneficiaries living there (LIVES_IN and HELPS links valid then; the beneficiary
 * node is passed through, none of its properties read); without one, every pairing.
 */
function scopedPairings(filter: ScopeFilter): string {
  if (filter.scope === null) return `MATCH (pairing:Pairing) WHERE ${validAt("pairing")}`;
  return `${scopePlaces("home")}
      MATCH (home)<-[lives:LIVES_IN]-(:Beneficiary)<-[helps:HELPS]-(pairing:Pairing)
      WHERE ${validAt("lives")} AND ${validAt("helps")} AND ${validAt("pairing")}
      WITH DISTINCT pairing`;
}

/**
 * Pairings (結對幫扶) valid at `$asOf` with a helper link valid then, counted by the pairing's kind
 * (household, student, young person), in total and per helper organisation. Pairings helped by
 * members are counted together under a null organisation: a member is personal data, so no member
 * is named and no member property is read. In `$scope` means the helped beneficiary lives, by a
 * link valid then, in the scope place or inside it; only the link and the place are read.
 */
export function pairingSummaryQuery(filter: ScopeFilter): CypherQuery {
  return {
    name: "services.pairingSummary",
    cypher: `
      ${scopedPairings(filter)}
      MATCH (pairing)-[helper:HELPER]->(h:Entity)
      WHERE ${validAt("helper")}
      WITH pairing, CASE WHEN h:Organisation THEN h END AS o
      WITH collect({organisation: o, kind: pairing.kind}) AS rows
      CALL (rows) {
        UNWIND rows AS row
        WITH row.organisation AS o, collect(row.kind) AS kinds
        ORDER BY o IS NULL, o.code
        RETURN collect({
          organisation: CASE WHEN o IS NULL THEN null ELSE ${entityMap("o")} END,
          pairings: size(kinds),
          byKind: [kind IN $kinds | {kind: kind, pairings: size([k IN kinds WHERE k = kind])}]
        }) AS byHelper
      }
      RETURN size(rows) AS pairings,
             [kind IN $kinds | {kind: kind, pairings: size([row IN rows WHERE row.kind = kind])}] AS byKind,
             byHelper`,
    params: { scope: filter.scope, asOf: dateParam(filter.asOf), kinds: BENEFICIARY_KINDS },
  };
}
