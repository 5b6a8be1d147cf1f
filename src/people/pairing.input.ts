import { ArgsType, Field, InputType } from "type-graphql";
import { PageArgs } from "../graph/connection.js";
import { endInputType } from "../graph/entity.input.js";
import { BeneficiaryKindEnum } from "../graph/enums.js";
import { LocalDate } from "../graph/scalars.js";
import type { BeneficiaryKind } from "../graph/vocabulary.js";

@ArgsType()
export class PairingsArgs extends PageArgs {
  @Field(() => [BeneficiaryKindEnum], { nullable: true, description: "Only pairings of these kinds." })
  kinds?: BeneficiaryKind[] | null;

  @Field(() => String, { nullable: true, description: "Only pairings whose helper, as of the date, is the organisation or member with this code." })
  helper?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Only pairings tied, as of the date, to this place or a place inside it (through the helper or the beneficiary). A steward must give this or `helper`, inside the token's scope.",
  })
  within?: string | null;
}

@InputType({ description: "A new pairing (結對幫扶): a helper, a beneficiary and the period." })
export class CreatePairingInput {
  @Field(() => String, { description: "Unique code (A–Z, 0–9, -, _)." })
  code!: string;

  @Field(() => String, { nullable: true, description: "A label for the pairing (default: \"<helper> → <beneficiary>\")." })
  name?: string | null;

  @Field(() => BeneficiaryKindEnum, { description: "Kind of assistance; must be the beneficiary's kind." })
  kind!: BeneficiaryKind;

  @Field(() => String, { description: "Code of the helping organisation or member." })
  helper!: string;

  @Field(() => String, { description: "Code of the beneficiary." })
  beneficiary!: string;

  @Field(() => LocalDate, { description: "First day of the pairing." })
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: "First day it no longer runs (a school year, one year…); open if unknown." })
  validTo?: string | null;
}

export const EndPairingInput = endInputType("EndPairing", "pairing");
