import { createUnionType, Field, ObjectType } from "type-graphql";
import { Entity, Node } from "../graph/entity.type.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { BeneficiaryKindEnum } from "../graph/enums.js";
import type { BeneficiaryKind } from "../graph/vocabulary.js";
import { Organisation } from "../organisations/organisation.type.js";
import { Member } from "./member.type.js";

@ObjectType({
  implements: [Node, Entity],
  description:
    "Paired assistance (結對幫扶): an organisation or a member helps a beneficiary over [validFrom, validTo). Protected like the people it ties together: stewards in scope of its helper or beneficiary, and admins.",
})
export class Pairing extends Entity {
  @Field(() => BeneficiaryKindEnum, { description: "Who is helped: a household, a student or a young person (the beneficiary's kind)." })
  kind!: BeneficiaryKind;
}

/** A pairing's helper: a party organisation or a party member. */
export const PairingHelper = createUnionType({
  name: "PairingHelper",
  description: "Who helps in a pairing: a party organisation or a party member.",
  types: () => [Organisation, Member] as const,
  // Resolvers return entity records, not class instances: the label names the GraphQL type.
  resolveType: (value) => (value as unknown as EntityRecord).label,
});
