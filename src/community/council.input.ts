import { ArgsType, Field, InputType, Int } from "type-graphql";
import { endInputType, withNewEntityFields, withUpdateFields } from "../graph/entity.input.js";
import { LocalDate } from "../graph/scalars.js";
import { CommunityListArgs } from "./community.input.js";

@ArgsType()
export class CouncilsArgs extends CommunityListArgs {
  @Field(() => String, { nullable: true, description: "Only councils convened, as of the date, by the organisation with this code." })
  convenedBy?: string | null;
}

@InputType({ description: "Properties of a council that a steward may set or correct." })
export class CouncilAttributesInput {
  @Field(() => String, { nullable: true, description: "Rules of procedure: agenda, meetings, members' responsibilities and obligations." })
  rules?: string | null;
}

@InputType({ description: "A new coordination council, with who convenes it and the place it serves." })
export class CreateCouncilInput extends withNewEntityFields(CouncilAttributesInput, "Council") {
  @Field(() => String, { description: "Code of the convening organisation (district or working committee, community committee or general branch)." })
  convenedBy!: string;

  @Field(() => String, { description: "Code of the community (or subdistrict) the council works for." })
  serves!: string;
}

@InputType({ description: "Corrections to a council's rules." })
export class UpdateCouncilInput extends withUpdateFields(CouncilAttributesInput, "Council") {}

@InputType({ description: "A party organisation takes a seat on a council for a term." })
export class AddCouncilSeatInput {
  @Field(() => String, { description: "Code of the council." })
  council!: string;

  @Field(() => String, { description: "Code of the organisation taking the seat." })
  organisation!: string;

  @Field(() => String, { nullable: true, description: "What the seat holder takes on (責任與義務)." })
  responsibilities?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Whether the seat is held part-time (default false)." })
  partTime?: boolean | null;

  @Field(() => LocalDate, { description: "First day of the term." })
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: "First day after the term (open when not yet known)." })
  validTo?: string | null;
}

@InputType({ description: "Ends on `date` the seat an organisation holds on a council." })
export class EndCouncilSeatInput {
  @Field(() => String, { description: "Code of the council." })
  council!: string;

  @Field(() => String, { description: "Code of the seat holder." })
  organisation!: string;

  @Field(() => LocalDate, { description: "First day after the term." })
  date!: string;

  @Field(() => Int, { nullable: true, description: "The seat holder's version you read (a seat belongs to its organisation); CONFLICT if it changed since." })
  expectedVersion?: number | null;
}

export const DissolveCouncilInput = endInputType("DissolveCouncil", "council");
