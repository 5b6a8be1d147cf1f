import { ArgsType, Field, InputType, Int } from "type-graphql";
import { PageArgs } from "../graph/connection.js";
import { ChangeFields, endInputType, renameInputType, withNewEntityFields, withUpdateFields } from "../graph/entity.input.js";
import { CoverageModeEnum, UnitKindEnum, WorkCoverageRoleEnum } from "../graph/enums.js";
import { LocalDate, NonNegativeInt } from "../graph/scalars.js";
import type { CoverageMode, UnitKind, WorkCoverageRole } from "../graph/vocabulary.js";

@ArgsType()
export class UnitsArgs extends PageArgs {
  @Field(() => [UnitKindEnum], { nullable: true, description: "Only units of these kinds." })
  kinds?: UnitKind[] | null;

  @Field(() => String, { nullable: true, description: "Only units located, as of the date, in the place with this code or in a place inside it (at any depth)." })
  within?: string | null;

  @Field(() => String, { nullable: true, description: "Only units whose name as of the date contains this text (Chinese matches as written)." })
  nameContains?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Only operating (true) or only non-operating (false) units." })
  operating?: boolean | null;
}

@InputType({ description: "Properties of a unit that a steward may set or correct." })
export class UnitAttributesInput {
  @Field(() => String, { nullable: true, description: "Sector in plain words: school, hospital, police…" })
  sector?: string | null;

  @Field(() => NonNegativeInt, { nullable: true, description: "Formal party members working in the unit." })
  formalPartyMembers?: number | null;

  @Field(() => Boolean, { nullable: true, description: "Whether the unit operates (default true when registering)." })
  operating?: boolean | null;
}

@InputType({ description: "A new unit, with the place it is located in." })
export class RegisterUnitInput extends withNewEntityFields(UnitAttributesInput, "Unit") {
  @Field(() => UnitKindEnum, { description: "Kind of unit." })
  kind!: UnitKind;

  @Field(() => String, { description: "Code of the place the unit is located in, from validFrom on (use moveUnit to change it later)." })
  location!: string;
}

@InputType({ description: "Corrections to a unit's properties (not its name, place or dates: use renameUnit, moveUnit, dissolveUnit)." })
export class UpdateUnitInput extends withUpdateFields(UnitAttributesInput, "Unit") {}

@InputType({ description: "A party organisation starts covering a unit." })
export class CoverUnitInput {
  @Field(() => String, { description: "Code of the covering organisation." })
  organisation!: string;

  @Field(() => String, { description: "Code of the covered unit." })
  unit!: string;

  @Field(() => CoverageModeEnum, { description: "Own, joint or regional coverage." })
  mode!: CoverageMode;

  @Field(() => LocalDate, { description: "First day of the coverage." })
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: "First day it no longer holds (usually left open)." })
  validTo?: string | null;
}

@InputType({ description: "A party organisation starts reaching a unit through an instructor or a liaison." })
export class AssignWorkCoverageInput {
  @Field(() => String, { description: "Code of the unit reached." })
  unit!: string;

  @Field(() => String, { description: "Code of the organisation that sends the instructor or liaison." })
  organisation!: string;

  @Field(() => WorkCoverageRoleEnum, { description: "Instructor or liaison." })
  role!: WorkCoverageRole;

  @Field(() => LocalDate, { description: "First day of the work coverage." })
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: "First day it no longer holds (usually left open)." })
  validTo?: string | null;
}

@InputType({ description: "Ends on `date` the coverage of a unit by an organisation." })
export class EndCoverageInput {
  @Field(() => String, { description: "Code of the covering organisation." })
  organisation!: string;

  @Field(() => String, { description: "Code of the covered unit." })
  unit!: string;

  @Field(() => LocalDate, { description: "First day the coverage no longer holds." })
  date!: string;

  @Field(() => Int, { nullable: true, description: "The organisation's version you read (a coverage belongs to its organisation); CONFLICT if it changed since." })
  expectedVersion?: number | null;
}

@InputType({ description: "Ends on `date` the work coverage of a unit by an organisation." })
export class EndWorkCoverageInput {
  @Field(() => String, { description: "Code of the unit reached." })
  unit!: string;

  @Field(() => String, { description: "Code of the sending organisation." })
  organisation!: string;

  @Field(() => LocalDate, { description: "First day the work coverage no longer holds." })
  date!: string;

  @Field(() => Int, { nullable: true, description: "The sending organisation's version you read (the link belongs to it); CONFLICT if it changed since." })
  expectedVersion?: number | null;
}

@InputType({ description: "Re-locates a unit from `date` on." })
export class MoveUnitInput extends ChangeFields {
  @Field(() => String, { description: "Code of the new place." })
  place!: string;
}

export const RenameUnitInput = renameInputType("RenameUnit", "unit");
export const DissolveUnitInput = endInputType("DissolveUnit", "unit");
