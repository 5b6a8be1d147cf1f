import { Field, ObjectType } from "type-graphql";
import { Entity, Node } from "../graph/entity.type.js";
import { EmploymentSituationEnum, MemberStatusEnum } from "../graph/enums.js";
import { LocalDate } from "../graph/scalars.js";
import type { EmploymentSituation, MemberStatus } from "../graph/vocabulary.js";
import { Organisation } from "../organisations/organisation.type.js";

@ObjectType({
  implements: [Node, Entity],
  description:
    "A party member — PERSONAL DATA: readable by stewards whose scope covers a place the member is tied to on the date asked (residence, registration, the organisation's places), and by admins.",
})
export class Member extends Entity {
  @Field(() => MemberStatusEnum, { description: "Formal or probationary." })
  status!: MemberStatus;

  @Field(() => EmploymentSituationEnum, { nullable: true, description: "Employment situation (laid off, unemployed, retired…), when known." })
  employment!: EmploymentSituation | null;

  @Field(() => Boolean, { nullable: true, description: "Whether the member lives in hardship (生活困難黨員); null when not recorded (filters count it as false)." })
  hardship!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Whether the member is in service (在職黨員), and so registers with the residential community (雙報到); null when not recorded." })
  inService!: boolean | null;
}

@ObjectType({ description: "A dated party membership: the member belonged to the organisation over [validFrom, validTo)." })
export class Membership {
  @Field(() => Organisation, { description: "The organisation." })
  organisation!: Organisation;

  @Field(() => LocalDate, { description: "First day of the membership." })
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: "First day the membership no longer holds (a transfer or the end of the record); null while open." })
  validTo!: string | null;
}
