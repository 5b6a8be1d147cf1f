import type { Page } from "../graph/connection.js";
import type { EndArgs, LookupArgs } from "../graph/entity.input.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { findEntity, listEntities } from "../graph/entity.service.js";
import { createAnchoredEntity, endEntity, givenAttributes, mutateEntity, updateAttributes } from "../graph/entity.writes.js";
import { loadEntities, loadOne, type RelationSpec } from "../graph/relation.js";
import type { VolunteerFocus } from "../graph/vocabulary.js";
import type { HubContext } from "../server/context.js";
import type {
  CreateCulturalTeamInput,
  CreateVolunteerTeamInput,
  CulturalTeamsArgs,
  UpdateCulturalTeamInput,
  UpdateVolunteerTeamInput,
  VolunteerTeamAttributesInput,
  VolunteerTeamsArgs,
} from "./team.input.js";
import { culturalTeamCount, culturalTeamPage, volunteerTeamCount, volunteerTeamPage } from "./team.queries.js";

export const TEAM_ORGANISER: RelationSpec = { name: "volunteerTeam.organisedBy", type: "ORGANISED_BY", direction: "out", target: "Organisation" };
export const ORGANISATION_TEAMS: RelationSpec = { name: "organisation.volunteerTeams", type: "ORGANISED_BY", direction: "in", target: "VolunteerTeam" };
export const TEAM_BASE: RelationSpec = { name: "culturalTeam.basedIn", type: "BASED_IN", direction: "out", target: "Place" };
export const PLACE_CULTURAL_TEAMS: RelationSpec = { name: "place.culturalTeams", type: "BASED_IN", direction: "in", target: "CulturalTeam" };

export function findVolunteerTeam(context: HubContext, args: LookupArgs): Promise<EntityRecord | null> {
  return findEntity(context, "VolunteerTeam", args, args.asOf);
}

export function listVolunteerTeams(context: HubContext, args: VolunteerTeamsArgs): Promise<Page<EntityRecord>> {
  return listEntities(
    context,
    args,
    (asOf) => ({ asOf, within: args.within ?? null, nameContains: args.nameContains ?? null, focus: args.focus ?? null, organisation: args.organisation ?? null }),
    volunteerTeamPage,
    volunteerTeamCount,
  );
}

export function focusOf(team: EntityRecord): VolunteerFocus[] {
  return (team.focus as VolunteerFocus[] | null | undefined) ?? [];
}

export function organiserOf(context: HubContext, team: EntityRecord): Promise<EntityRecord | null> {
  return loadOne(context.db, context.loaders, TEAM_ORGANISER, team);
}

export function volunteerTeamsOf(context: HubContext, organisation: EntityRecord): Promise<EntityRecord[]> {
  return loadEntities(context.db, context.loaders, ORGANISATION_TEAMS, organisation);
}

/** A focus named twice is stored once. */
function volunteerAttributes(input: VolunteerTeamAttributesInput): Record<string, unknown> {
  const attributes = givenAttributes(input, ["memberCount"]);
  return input.focus ? { ...attributes, focus: [...new Set(input.focus)] } : attributes;
}

export function createVolunteerTeam(context: HubContext, input: CreateVolunteerTeamInput): Promise<EntityRecord> {
  return mutateEntity(context, "createVolunteerTeam", (tx) =>
    createAnchoredEntity(tx, "VolunteerTeam", input, { focus: [], ...volunteerAttributes(input) }, [
      { type: "ORGANISED_BY", target: "Organisation", code: input.organisedBy, role: "organiser" },
    ]),
  );
}

export function updateVolunteerTeam(context: HubContext, input: UpdateVolunteerTeamInput): Promise<EntityRecord> {
  return mutateEntity(context, "updateVolunteerTeam", (tx) => updateAttributes(tx, "VolunteerTeam", input.code, () => volunteerAttributes(input), input.expectedVersion, context.today), { touches: [input.code] });
}

export function dissolveVolunteerTeam(context: HubContext, { code, date, expectedVersion }: EndArgs): Promise<EntityRecord> {
  return mutateEntity(context, "dissolveVolunteerTeam", (tx) => endEntity(tx, "VolunteerTeam", code, date, expectedVersion));
}

export function findCulturalTeam(context: HubContext, args: LookupArgs): Promise<EntityRecord | null> {
  return findEntity(context, "CulturalTeam", args, args.asOf);
}

export function listCulturalTeams(context: HubContext, args: CulturalTeamsArgs): Promise<Page<EntityRecord>> {
  return listEntities(
    context,
    args,
    (asOf) => ({ asOf, within: args.within ?? null, nameContains: args.nameContains ?? null, genres: args.genres ?? null }),
    culturalTeamPage,
    culturalTeamCount,
  );
}

export function baseOf(context: HubContext, team: EntityRecord): Promise<EntityRecord | null> {
  return loadOne(context.db, context.loaders, TEAM_BASE, team);
}

export function culturalTeamsIn(context: HubContext, place: EntityRecord): Promise<EntityRecord[]> {
  return loadEntities(context.db, context.loaders, PLACE_CULTURAL_TEAMS, place);
}

export function createCulturalTeam(context: HubContext, input: CreateCulturalTeamInput): Promise<EntityRecord> {
  return mutateEntity(context, "createCulturalTeam", (tx) =>
    createAnchoredEntity(tx, "CulturalTeam", input, givenAttributes(input, ["genre", "memberCount"]), [
      { type: "BASED_IN", target: "Place", code: input.basedIn, role: "base" },
    ]),
  );
}

export function updateCulturalTeam(context: HubContext, input: UpdateCulturalTeamInput): Promise<EntityRecord> {
  return mutateEntity(context, "updateCulturalTeam", (tx) => updateAttributes(tx, "CulturalTeam", input.code, () => givenAttributes(input, ["genre", "memberCount"]), input.expectedVersion, context.today), { touches: [input.code] });
}

export function dissolveCulturalTeam(context: HubContext, { code, date, expectedVersion }: EndArgs): Promise<EntityRecord> {
  return mutateEntity(context, "dissolveCulturalTeam", (tx) => endEntity(tx, "CulturalTeam", code, date, expectedVersion));
}
