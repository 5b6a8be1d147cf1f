import { ArgsType, Field, InputType } from "type-graphql";
import { PageArgs } from "../graph/connection.js";
import { BeneficiaryKindEnum } from "../graph/enums.js";
import { LocalDate } from "../graph/scalars.js";
import type { BeneficiaryKind } from "../graph/vocabulary.js";

@ArgsType()
export class BeneficiariesArgs extends PageArgs {
  @Field(() => [BeneficiaryKindEnum], { nullable: true, description: "Only beneficiaries of these kinds." })
  kinds?: BeneficiaryKind[] | null;

  @Field(() => String, {
    nullable: true,
    description: "Only beneficiaries living, as of the date, in this place or a place inside it. A steward must give it, inside the token's scope.",
  })
  within?: string | null;

  @Field(() => Boolean, { nullable: true, description: "true: only those no pairing helps as of the date (left unpaired); false: only those helped." })
  unpaired?: boolean | null;
}

@InputType({ description: "A new beneficiary of paired assistance, under a pseudonym." })
export class RegisterBeneficiaryInput {
  @Field(() => String, { description: "Unique code (A–Z, 0–9, -, _)." })
  code!: string;

  @Field(() => String, { description: "A pseudonym, never the real name." })
  name!: string;

  @Field(() => BeneficiaryKindEnum, { description: "Household, student or young person." })
  kind!: BeneficiaryKind;

  @Field(() => LocalDate, { description: "First day of the record." })
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: "First day the record no longer holds (usually left open)." })
  validTo?: string | null;

  @Field(() => String, { description: "Code of the place the beneficiary lives in: a building, courtyard, compound or community." })
  livesIn!: string;
}
