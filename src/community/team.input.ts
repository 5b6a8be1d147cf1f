import { ArgsType, Field, InputType } from "type-graphql";
import { endInputType, withNewEntityFields, withUpdateFields } from "../graph/entity.input.js";
import { CulturalGenreEnum, VolunteerFocusEnum } from "../graph/enums.js";
import { NonNegativeInt } from "../graph/scalars.js";
import type { CulturalGenre, VolunteerFocus } from "../graph/vocabulary.js";
import { CommunityListArgs } from "./community.input.js";

@ArgsType()
export class VolunteerTeamsArgs extends CommunityListArgs {
  @Field(() => [VolunteerFocusEnum], { nullable: true, description: "Only teams with at least one of these focuses." })
  focus?: VolunteerFocus[] | null;

  @Field(() => String, { nullable: true, description: "Only teams organised, as of the date, by the organisation with this code." })
  organisation?: string | null;
}

@InputType({ description: "Properties of a volunteer team that a steward may set or correct." })
export class VolunteerTeamAttributesInput {
  @Field(() => [VolunteerFocusEnum], { nullable: true, description: "What the team helps with (replaces the whole list)." })
  focus?: VolunteerFocus[] | null;

  @Field(() => NonNegativeInt, { nullable: true, description: "Members of the team." })
  memberCount?: number | null;
}

@InputType({ description: "A new volunteer team, with the organisation that organises it." })
export class CreateVolunteerTeamInput extends withNewEntityFields(VolunteerTeamAttributesInput, "VolunteerTeam") {
  @Field(() => String, { description: "Code of the organising party organisation." })
  organisedBy!: string;
}

@InputType({ description: "Corrections to a volunteer team's focus or size." })
export class UpdateVolunteerTeamInput extends withUpdateFields(VolunteerTeamAttributesInput, "VolunteerTeam") {}

@ArgsType()
export class CulturalTeamsArgs extends CommunityListArgs {
  @Field(() => [CulturalGenreEnum], { nullable: true, description: "Only teams of these genres." })
  genres?: CulturalGenre[] | null;
}

@InputType({ description: "Properties of a cultural team that a steward may set or correct." })
export class CulturalTeamAttributesInput {
  @Field(() => NonNegativeInt, { nullable: true, description: "Members of the team." })
  memberCount?: number | null;
}

@InputType({ description: "A new cultural team, with the place it is based in." })
export class CreateCulturalTeamInput extends withNewEntityFields(CulturalTeamAttributesInput, "CulturalTeam") {
  @Field(() => CulturalGenreEnum, { description: "What the team does." })
  genre!: CulturalGenre;

  @Field(() => String, { description: "Code of the place the team is based in." })
  basedIn!: string;
}

@InputType({ description: "Corrections to a cultural team's genre or size." })
export class UpdateCulturalTeamInput extends withUpdateFields(CulturalTeamAttributesInput, "CulturalTeam") {
  @Field(() => CulturalGenreEnum, { nullable: true, description: "What the team does." })
  genre?: CulturalGenre | null;
}

export const DissolveVolunteerTeamInput = endInputType("DissolveVolunteerTeam", "volunteer team");
export const DissolveCulturalTeamInput = endInputType("DissolveCulturalTeam", "cultural team");
