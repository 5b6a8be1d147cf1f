import { ArgsType, Field, InputType, Int } from "type-graphql";
import { PageArgs } from "../graph/connection.js";
import { ChangeFields, endInputType, renameInputType } from "../graph/entity.input.js";
import { CompoundKindEnum, PlaceKindEnum } from "../graph/enums.js";
import { LocalDate, NonNegativeInt } from "../graph/scalars.js";
import type { CompoundKind, PlaceKind } from "../graph/vocabulary.js";

@ArgsType()
export class PlacesArgs extends PageArgs {
  @Field(() => [PlaceKindEnum], { nullable: true, description: "Only places of these kinds." })
  kinds?: PlaceKind[] | null;

  @Field(() => String, { nullable: true, description: "Only places inside the place with this code (at any depth), as of the date." })
  within?: string | null;

  @Field(() => String, { nullable: true, description: "Only places whose name as of the date contains this text (Chinese matches as written)." })
  nameContains?: string | null;
}

@InputType({ description: "Properties of a place that a steward may set or change." })
export class PlaceAttributesInput {
  @Field(() => CompoundKindEnum, { nullable: true, description: "Compounds only." })
  compoundKind?: CompoundKind | null;

  @Field(() => Boolean, { nullable: true, description: "Compounds only." })
  propertyManaged?: boolean | null;

  @Field(() => NonNegativeInt, { nullable: true, description: "Communities only." })
  staffCount?: number | null;

  @Field(() => NonNegativeInt, { nullable: true, description: "Communities only." })
  delegatedTaskCategories?: number | null;

  @Field(() => NonNegativeInt, { nullable: true, description: "Communities only." })
  delegatedTasks?: number | null;

  @Field(() => NonNegativeInt, { nullable: true, description: "Subdistricts only." })
  facilityInvestmentYuan?: number | null;
}

@InputType({ description: "A new place." })
export class CreatePlaceInput extends PlaceAttributesInput {
  @Field(() => String, { description: "Unique code (A–Z, 0–9, -, _)." })
  code!: string;

  @Field(() => String, { description: "Name (Chinese as used locally)." })
  name!: string;

  @Field(() => PlaceKindEnum, { description: "Kind of place." })
  kind!: PlaceKind;

  @Field(() => LocalDate, { description: "First day it exists." })
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: "First day it no longer exists (usually left open)." })
  validTo?: string | null;

  @Field(() => String, { nullable: true, description: "Code of the parent place, from validFrom on. Required for every kind but a district." })
  parent?: string | null;
}

@InputType({ description: "Changes to a place's properties (not its name, parent or dates: use renamePlace, movePlace, dissolvePlace)." })
export class UpdatePlaceInput extends PlaceAttributesInput {
  @Field(() => String, { description: "Code of the place to change." })
  code!: string;

  @Field(() => Int, { nullable: true, description: "The version you read; the update fails with CONFLICT if the place changed since." })
  expectedVersion?: number | null;
}

export const RenamePlaceInput = renameInputType("RenamePlace", "place");
export const DissolvePlaceInput = endInputType("DissolvePlace", "place");

@InputType({ description: "Moves a place under another parent from `date` on." })
export class MovePlaceInput extends ChangeFields {
  @Field(() => String, { description: "Code of the new parent." })
  parent!: string;
}
