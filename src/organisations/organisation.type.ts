import { Field, ObjectType } from "type-graphql";
import { Entity, Node } from "../graph/entity.type.js";
import { LeadershipLineEnum, OrganisationFormEnum, OrganisationKindEnum } from "../graph/enums.js";
import { LocalDate, NonNegativeInt } from "../graph/scalars.js";
import type { LeadershipLine, OrganisationForm, OrganisationKind } from "../graph/vocabulary.js";

@ObjectType({
  implements: [Node, Entity],
  description: "A party organisation: committee, general branch, branch or group, including special, joint and unit branches.",
})
export class Organisation extends Entity {
  @Field(() => OrganisationKindEnum, { simple: true, description: "Level of the organisation." })
  kind!: OrganisationKind;

  @Field(() => OrganisationFormEnum, { simple: true, description: "How it is set up: territorial, at a zone, joint, regional or in a unit." })
  form!: OrganisationForm;

  @Field(() => NonNegativeInt, { simple: true, description: "Formal members (正式黨員), as reported by the organisation." })
  formalMembers!: number;

  @Field(() => NonNegativeInt, { simple: true, description: "Probationary members (預備黨員)." })
  probationaryMembers!: number;

  @Field(() => Boolean, { simple: true, description: "Whether it has elected a committee (支部委員會)." })
  committeeElected!: boolean;
}

@ObjectType({ description: "A dated leadership link between two organisations, on one line." })
export class Leadership {
  @Field(() => Organisation, { description: "The leading organisation." })
  leader!: Organisation;

  @Field(() => Organisation, { description: "The led organisation." })
  led!: Organisation;

  @Field(() => LeadershipLineEnum, { description: "Territorial or own-system line." })
  line!: LeadershipLine;

  @Field(() => LocalDate, { description: "First day of the link." })
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: "First day it no longer holds; null while open." })
  validTo!: string | null;
}
