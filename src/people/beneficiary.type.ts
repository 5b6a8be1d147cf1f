import { Field, ObjectType } from "type-graphql";
import { Entity, Node } from "../graph/entity.type.js";
import { BeneficiaryKindEnum } from "../graph/enums.js";
import type { BeneficiaryKind } from "../graph/vocabulary.js";

@ObjectType({
  implements: [Node, Entity],
  description:
    "Someone helped by paired assistance (結對幫扶): a household, a student or a young person. Its name is a pseudonym — PERSONAL DATA: readable by stewards whose scope covers where the beneficiary lives on the date asked, and by admins.",
})
export class Beneficiary extends Entity {
  @Field(() => BeneficiaryKindEnum, { description: "Household in difficulty, student in hardship or young person helped back after an offence." })
  kind!: BeneficiaryKind;
}
