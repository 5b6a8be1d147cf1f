import { Field, ObjectType } from "type-graphql";
import { Entity, Node } from "../graph/entity.type.js";
import { LocalDate } from "../graph/scalars.js";
import { Organisation } from "../organisations/organisation.type.js";

@ObjectType({
  implements: [Node, Entity],
  description: "A coordination council (社區黨建工作協調議事機構) where the community and the resident units' organisations co-build (共駐共建).",
})
export class Council extends Entity {
  @Field(() => String, { nullable: true, description: "Its rules of procedure: agenda, meetings, members' responsibilities and obligations." })
  rules!: string | null;
}

@ObjectType({ description: "A dated seat on a council, held by a party organisation (usually a resident unit's)." })
export class CouncilSeat {
  @Field(() => Council, { description: "The council." })
  council!: Council;

  @Field(() => Organisation, { description: "The organisation holding the seat." })
  organisation!: Organisation;

  @Field(() => String, { nullable: true, description: "What the seat holder takes on (責任與義務)." })
  responsibilities!: string | null;

  @Field(() => Boolean, { description: "Whether the seat is held part-time (兼職)." })
  partTime!: boolean;

  @Field(() => LocalDate, { description: "First day of the term." })
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: "First day after the term; null while open." })
  validTo!: string | null;
}
