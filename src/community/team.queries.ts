import type { CypherQuery } from "../database/index.js";
import { insidePlace, linkedTo, linkedWithin, nameContains, validAt } from "../graph/cypher.js";
import { entityCount, entityPage, type ListFilter } from "../graph/entity.queries.js";
import type { CulturalGenre, VolunteerFocus } from "../graph/vocabulary.js";

export interface VolunteerTeamFilter extends ListFilter {
  readonly within: string | null;
  readonly nameContains: string | null;
  readonly focus: readonly VolunteerFocus[] | null;
  readonly organisation: string | null;
}

/**
 * A volunteer team matches when valid at $asOf, named so then, sharing a focus with $focus,
 * organised then by $organisation, and "within" a place when its organiser is built then at a
 * place there (a team has no place of its own: it works where its organisation does).
 */
const VOLUNTEER_TEAM_FILTER = `
  ${validAt("e")}
  AND ${nameContains("e")}
  AND ($focus IS NULL OR any(focus IN coalesce(e.focus, []) WHERE focus IN $focus))
  AND ${linkedTo("e", "ORGANISED_BY", "Organisation", "$organisation")}
  AND ($within IS NULL OR EXISTS {
    MATCH (e)-[by:ORGANISED_BY]->(:Organisation)-[built:BUILT_AT]->(place:Place)
    WHERE ${validAt("by")} AND ${validAt("built")} AND ${insidePlace("place")}
  })`;

export function volunteerTeamPage(filter: VolunteerTeamFilter, after: string | null, limit: number): CypherQuery {
  return entityPage("volunteerTeams.page", "VolunteerTeam", VOLUNTEER_TEAM_FILTER, filter, after, limit);
}

export function volunteerTeamCount(filter: VolunteerTeamFilter): CypherQuery {
  return entityCount("volunteerTeams.count", "VolunteerTeam", VOLUNTEER_TEAM_FILTER, filter);
}

export interface CulturalTeamFilter extends ListFilter {
  readonly within: string | null;
  readonly nameContains: string | null;
  readonly genres: readonly CulturalGenre[] | null;
}

/** A cultural team matches when valid at $asOf, named so then, of an asked genre, based then in $within. */
const CULTURAL_TEAM_FILTER = `
  ${validAt("e")}
  AND ${nameContains("e")}
  AND ($genres IS NULL OR e.genre IN $genres)
  AND ${linkedWithin("e", "BASED_IN")}`;

export function culturalTeamPage(filter: CulturalTeamFilter, after: string | null, limit: number): CypherQuery {
  return entityPage("culturalTeams.page", "CulturalTeam", CULTURAL_TEAM_FILTER, filter, after, limit);
}

export function culturalTeamCount(filter: CulturalTeamFilter): CypherQuery {
  return entityCount("culturalTeams.count", "CulturalTeam", CULTURAL_TEAM_FILTER, filter);
}
