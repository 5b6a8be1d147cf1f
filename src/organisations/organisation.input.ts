import { ArgsType, Field, InputType, Int } from "type-graphql";
import { PageArgs } from "../graph/connection.js";
import { ChangeFields, endInputType, renameInputType } from "../graph/entity.input.js";
import { LeadershipLineEnum, OrganisationFormEnum, OrganisationKindEnum } from "../graph/enums.js";
import { LocalDate, NonNegativeInt } from "../graph/scalars.js";
import type { LeadershipLine, OrganisationForm, OrganisationKind } from "../graph/vocabulary.js";

@ArgsType()
export class OrganisationsArgs extends PageArgs {
  @Field(() => [OrganisationKindEnum], { nullable: true, description: "Only organisations of these kinds." })
  kinds?: OrganisationKind[] | null;

  @Field(() => [OrganisationFormEnum], { nullable: true, description: "Only organisations of these forms." })
  forms?: OrganisationForm[] | null;

  @Field(() => String, { nullable: true, description: "Only organisations built at this place or at a place inside it, as of the date." })
  within?: string | null;

  @Field(() => String, { nullable: true, description: "Only organisations whose name as of the date contains this text." })
  nameContains?: string | null;
}

@InputType({ description: "The leader of a new organisation." })
export class LeaderInput {
  @Field(() => String, { description: "Code of the leading organisation." })
  organisation!: string;

  @Field(() => LeadershipLineEnum, { defaultValue: "TERRITORIAL", description: "The line of leadership." })
  line!: LeadershipLine;
}

@InputType({ description: "Counts and committee of an organisation." })
export class OrganisationAttributesInput {
  @Field(() => NonNegativeInt, { nullable: true, description: "Formal members." })
  formalMembers?: number | null;

  @Field(() => NonNegativeInt, { nullable: true, description: "Probationary members." })
  probationaryMembers?: number | null;

  @Field(() => Boolean, { nullable: true, description: "Whether a committee is elected." })
  committeeElected?: boolean | null;
}

@InputType({ description: "A new party organisation." })
export class CreateOrganisationInput extends OrganisationAttributesInput {
  @Field(() => String, { description: "Unique code." })
  code!: string;

  @Field(() => String, { description: "Name." })
  name!: string;

  @Field(() => OrganisationKindEnum, { description: "Level." })
  kind!: OrganisationKind;

  @Field(() => OrganisationFormEnum, { defaultValue: "TERRITORIAL", description: "Form (territorial unless said otherwise)." })
  form!: OrganisationForm;

  @Field(() => LocalDate, { description: "Founding day." })
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: "First day it no longer exists (usually left open)." })
  validTo?: string | null;

  @Field(() => [String], { defaultValue: [], description: "Codes of the places it is built at, from validFrom on." })
  builtAt!: string[];

  @Field(() => [LeaderInput], { defaultValue: [], description: "Its leaders, at most one per line (two lines = dual leadership)." })
  leaders!: LeaderInput[];
}

@InputType({ description: "Changes to an organisation's counts, committee or form." })
export class UpdateOrganisationInput extends OrganisationAttributesInput {
  @Field(() => String, { description: "Code of the organisation." })
  code!: string;

  @Field(() => OrganisationFormEnum, { nullable: true, description: "New form." })
  form?: OrganisationForm | null;

  @Field(() => Int, { nullable: true, description: "The version you read (CONFLICT if it changed since)." })
  expectedVersion?: number | null;
}

export const RenameOrganisationInput = renameInputType("RenameOrganisation", "organisation");
export const DissolveOrganisationInput = endInputType("DissolveOrganisation", "organisation");

@InputType({ description: "Builds an organisation at one more place from `date` on." })
export class BuildOrganisationAtInput extends ChangeFields {
  @Field(() => String, { description: "Code of the place." })
  place!: string;
}

@InputType({ description: "Moves an organisation to another place from `date` on." })
export class MoveOrganisationInput extends ChangeFields {
  @Field(() => String, { description: "Code of the new place." })
  place!: string;
}

@InputType({ description: "Puts an organisation under a leader on one line from `date` on." })
export class SetLeadershipInput extends ChangeFields {
  @Field(() => String, { description: "Code of the leading organisation." })
  leader!: string;

  @Field(() => LeadershipLineEnum, { defaultValue: "TERRITORIAL", description: "The line." })
  line!: LeadershipLine;
}

@InputType({ description: "Ends an organisation's leadership on one line on `date` (the first day without that leader)." })
export class EndLeadershipInput extends ChangeFields {
  @Field(() => LeadershipLineEnum, { description: "The line to end." })
  line!: LeadershipLine;
}
