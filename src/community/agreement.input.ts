import { ArgsType, Field, InputType } from "type-graphql";
import { endInputType, withNewEntityFields } from "../graph/entity.input.js";
import { LocalDate } from "../graph/scalars.js";
import { CommunityListArgs } from "./community.input.js";

@ArgsType()
export class CoBuildingAgreementsArgs extends CommunityListArgs {
  @Field(() => String, { nullable: true, description: "Only agreements the unit with this code is party to." })
  unit?: string | null;
}

@InputType({ description: "The terms of a co-building agreement." })
export class AgreementTermsInput {
  @Field(() => LocalDate, { nullable: true, description: "The day it was signed." })
  signedOn?: string | null;

  @Field(() => String, { nullable: true, description: "What the parties agreed." })
  content?: string | null;
}

@InputType({ description: "A new co-building agreement between a unit and a community, in force from validFrom." })
export class RegisterCoBuildingAgreementInput extends withNewEntityFields(AgreementTermsInput, "CoBuildingAgreement") {
  @Field(() => String, { description: "Code of the unit that is party to it." })
  unit!: string;

  @Field(() => String, { description: "Code of the community (or pre-merger village or old town) that is party to it." })
  community!: string;
}

export const EndCoBuildingAgreementInput = endInputType("EndCoBuildingAgreement", "co-building agreement");
