import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { connectionType, type Page } from "../graph/connection.js";
import { LookupArgs, type EndArgs } from "../graph/entity.input.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { VolunteerFocusEnum } from "../graph/enums.js";
import { payload, payloadType, type Payload } from "../graph/payload.js";
import type { VolunteerFocus } from "../graph/vocabulary.js";
import { Organisation } from "../organisations/organisation.type.js";
import { Place } from "../places/place.type.js";
import type { HubContext } from "../server/context.js";
import {
  CreateCulturalTeamInput,
  CreateVolunteerTeamInput,
  CulturalTeamsArgs,
  DissolveCulturalTeamInput,
  DissolveVolunteerTeamInput,
  UpdateCulturalTeamInput,
  UpdateVolunteerTeamInput,
  VolunteerTeamsArgs,
} from "./team.input.js";
import * as teams from "./team.service.js";
import { CulturalTeam, VolunteerTeam } from "./team.type.js";

export const VolunteerTeamConnection = connectionType(VolunteerTeam, "VolunteerTeam", "volunteer team");
export const CulturalTeamConnection = connectionType(CulturalTeam, "CulturalTeam", "cultural team");
export const VolunteerTeamPayload = payloadType(VolunteerTeam, "VolunteerTeam", "volunteerTeam", "volunteer team");
export const CulturalTeamPayload = payloadType(CulturalTeam, "CulturalTeam", "culturalTeam", "cultural team");

// Named entities: analysts and up (viewers get aggregates only; issue 6).
@Authorized("analyst")
@Resolver(() => VolunteerTeam)
export class VolunteerTeamResolver {
  @Query(() => VolunteerTeam, { nullable: true, description: "A volunteer team by code or snapshot id, as it is on `asOf` (null with a NOT_FOUND error if it did not exist then)." })
  volunteerTeam(@Ctx() context: HubContext, @Args(() => LookupArgs) args: LookupArgs): Promise<EntityRecord | null> {
    return teams.findVolunteerTeam(context, args);
  }

  @Query(() => VolunteerTeamConnection, { nullable: true,
    description: "Volunteer teams valid on `asOf`, filtered (`within`: organised by an organisation built there), one page at a time, ordered by code.",
  })
  volunteerTeams(@Ctx() context: HubContext, @Args(() => VolunteerTeamsArgs) args: VolunteerTeamsArgs): Promise<Page<EntityRecord>> {
    return teams.listVolunteerTeams(context, args);
  }

  @FieldResolver(() => [VolunteerFocusEnum], { nullable: true, description: "What the team helps with: poverty, students, elderly, employment." })
  focus(@Root() team: EntityRecord): VolunteerFocus[] {
    return teams.focusOf(team);
  }

  @FieldResolver(() => Organisation, { nullable: true, description: "The organisation organising the team, on the same date." })
  organisedBy(@Root() team: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord | null> {
    return teams.organiserOf(context, team);
  }

  @Mutation(() => VolunteerTeamPayload, { description: "Creates a volunteer team organised by a party organisation." })
  createVolunteerTeam(@Ctx() context: HubContext, @Arg("input", () => CreateVolunteerTeamInput, { description: "The new team." }) input: CreateVolunteerTeamInput): Promise<Payload<"volunteerTeam", EntityRecord>> {
    return payload("volunteerTeam", teams.createVolunteerTeam(context, input));
  }

  @Mutation(() => VolunteerTeamPayload, { description: "Corrects a volunteer team's focus or size." })
  updateVolunteerTeam(@Ctx() context: HubContext, @Arg("input", () => UpdateVolunteerTeamInput, { description: "What to change." }) input: UpdateVolunteerTeamInput): Promise<Payload<"volunteerTeam", EntityRecord>> {
    return payload("volunteerTeam", teams.updateVolunteerTeam(context, input));
  }

  @Mutation(() => VolunteerTeamPayload, { description: "Ends a volunteer team on `date`." })
  dissolveVolunteerTeam(@Ctx() context: HubContext, @Arg("input", () => DissolveVolunteerTeamInput, { description: "Which one, and the first day without it." }) input: EndArgs): Promise<Payload<"volunteerTeam", EntityRecord>> {
    return payload("volunteerTeam", teams.dissolveVolunteerTeam(context, input));
  }
}

// Named entities: analysts and up (viewers get aggregates only; issue 6).
@Authorized("analyst")
@Resolver(() => CulturalTeam)
export class CulturalTeamResolver {
  @Query(() => CulturalTeam, { nullable: true, description: "A cultural team by code or snapshot id, as it is on `asOf` (null with a NOT_FOUND error if it did not exist then)." })
  culturalTeam(@Ctx() context: HubContext, @Args(() => LookupArgs) args: LookupArgs): Promise<EntityRecord | null> {
    return teams.findCulturalTeam(context, args);
  }

  @Query(() => CulturalTeamConnection, { nullable: true, description: "Cultural teams valid on `asOf`, filtered, one page at a time, ordered by code." })
  culturalTeams(@Ctx() context: HubContext, @Args(() => CulturalTeamsArgs) args: CulturalTeamsArgs): Promise<Page<EntityRecord>> {
    return teams.listCulturalTeams(context, args);
  }

  @FieldResolver(() => Place, { nullable: true, description: "The place the team is based in, on the same date." })
  basedIn(@Root() team: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord | null> {
    return teams.baseOf(context, team);
  }

  @Mutation(() => CulturalTeamPayload, { description: "Creates a cultural team based in a place." })
  createCulturalTeam(@Ctx() context: HubContext, @Arg("input", () => CreateCulturalTeamInput, { description: "The new team." }) input: CreateCulturalTeamInput): Promise<Payload<"culturalTeam", EntityRecord>> {
    return payload("culturalTeam", teams.createCulturalTeam(context, input));
  }

  @Mutation(() => CulturalTeamPayload, { description: "Corrects a cultural team's genre or size." })
  updateCulturalTeam(@Ctx() context: HubContext, @Arg("input", () => UpdateCulturalTeamInput, { description: "What to change." }) input: UpdateCulturalTeamInput): Promise<Payload<"culturalTeam", EntityRecord>> {
    return payload("culturalTeam", teams.updateCulturalTeam(context, input));
  }

  @Mutation(() => CulturalTeamPayload, { description: "Ends a cultural team on `date`." })
  dissolveCulturalTeam(@Ctx() context: HubContext, @Arg("input", () => DissolveCulturalTeamInput, { description: "Which one, and the first day without it." }) input: EndArgs): Promise<Payload<"culturalTeam", EntityRecord>> {
    return payload("culturalTeam", teams.dissolveCulturalTeam(context, input));
  }
}
