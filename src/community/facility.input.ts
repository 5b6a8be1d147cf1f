import { ArgsType, Field, InputType } from "type-graphql";
import { endInputType, withNewEntityFields, withUpdateFields } from "../graph/entity.input.js";
import { FacilityKindEnum } from "../graph/enums.js";
import { NonNegativeFloat } from "../graph/scalars.js";
import type { FacilityKind } from "../graph/vocabulary.js";
import { CommunityListArgs } from "./community.input.js";

@ArgsType()
export class FacilitiesArgs extends CommunityListArgs {
  @Field(() => [FacilityKindEnum], { nullable: true, description: "Only facilities of these kinds." })
  kinds?: FacilityKind[] | null;
}

@InputType({ description: "Properties of a facility that a steward may set or correct." })
export class FacilityAttributesInput {
  @Field(() => NonNegativeFloat, { nullable: true, description: "Floor area in square metres." })
  areaSqm?: number | null;

  @Field(() => String, { nullable: true, description: "Which of the required 五室三站二欄一場所 it fulfils." })
  requirement?: string | null;
}

@InputType({ description: "A new facility, with the place it serves." })
export class CreateFacilityInput extends withNewEntityFields(FacilityAttributesInput, "Facility") {
  @Field(() => FacilityKindEnum, { description: "What kind of facility it is." })
  kind!: FacilityKind;

  @Field(() => String, { description: "Code of the place (usually a community) the facility belongs to." })
  facilityOf!: string;
}

@InputType({ description: "Corrections to a facility's kind, area or requirement." })
export class UpdateFacilityInput extends withUpdateFields(FacilityAttributesInput, "Facility") {
  @Field(() => FacilityKindEnum, { nullable: true, description: "What kind of facility it is." })
  kind?: FacilityKind | null;
}

export const DissolveFacilityInput = endInputType("DissolveFacility", "facility");
