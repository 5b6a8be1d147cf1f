import { Field, ObjectType } from "type-graphql";
import { Entity, Node } from "../graph/entity.type.js";
import { LocalDate } from "../graph/scalars.js";

@ObjectType({
  implements: [Node, Entity],
  description: "A co-building agreement (共駐共建協議) between a unit and a community: shared resources, complementary strengths.",
})
export class CoBuildingAgreement extends Entity {
  @Field(() => LocalDate, { nullable: true, description: "The day it was signed." })
  signedOn!: string | null;

  @Field(() => String, { nullable: true, description: "What the parties agreed." })
  content!: string | null;
}
