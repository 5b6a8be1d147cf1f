import { ArgsType, Field, InputType, Int } from "type-graphql";
import { PageArgs } from "../graph/connection.js";
import { ChangeFields, endInputType } from "../graph/entity.input.js";
import { EmploymentSituationEnum, MemberStatusEnum } from "../graph/enums.js";
import { LocalDate } from "../graph/scalars.js";
import type { EmploymentSituation, MemberStatus } from "../graph/vocabulary.js";

@ArgsType()
export class MembersArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: "Only members of the organisation with this code, as of the date." })
  organisation?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Only members tied, as of the date, to this place or a place inside it: by residence, 雙報到 registration or their organisation's places. A steward must give this, or `organisation`, inside the token's scope.",
  })
  within?: string | null;

  @Field(() => [MemberStatusEnum], { nullable: true, description: "Only members of these statuses." })
  statuses?: MemberStatus[] | null;

  @Field(() => [EmploymentSituationEnum], { nullable: true, description: "Only members in these employment situations." })
  employment?: EmploymentSituation[] | null;

  @Field(() => Boolean, { nullable: true, description: "Only members in hardship (true) or not (false)." })
  hardship?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Only in-service members (true) or the others (false)." })
  inService?: boolean | null;

  @Field(() => String, { nullable: true, description: "Only members whose name as of the date contains this text." })
  nameContains?: string | null;
}

@InputType({ description: "A member's attributes: corrections, not dated history." })
export class MemberAttributesInput {
  @Field(() => EmploymentSituationEnum, { nullable: true, description: "Employment situation." })
  employment?: EmploymentSituation | null;

  @Field(() => Boolean, { nullable: true, description: "In hardship (default false when registering)." })
  hardship?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "In service (default false when registering); only in-service members register with a community." })
  inService?: boolean | null;
}

@InputType({ description: "A new party member record, with its membership and, if known, residence, registration and employer." })
export class RegisterMemberInput extends MemberAttributesInput {
  @Field(() => String, { description: "Unique code (A–Z, 0–9, -, _)." })
  code!: string;

  @Field(() => String, { description: "The member's name (personal data)." })
  name!: string;

  @Field(() => MemberStatusEnum, { description: "Formal or probationary." })
  status!: MemberStatus;

  @Field(() => LocalDate, { description: "First day of the record: joining the party or transferring in." })
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: "First day the record no longer holds (usually left open; use endMembership later)." })
  validTo?: string | null;

  @Field(() => String, { description: "Code of the organisation the member belongs to from validFrom on." })
  organisation!: string;

  @Field(() => String, { nullable: true, description: "Code of the residence building (樓幢)." })
  residence?: string | null;

  @Field(() => String, { nullable: true, description: "Code of the residential community an in-service member registers with (雙報到)." })
  registeredWith?: string | null;

  @Field(() => String, { nullable: true, description: "Code of the unit employing the member." })
  employer?: string | null;
}

@InputType({
  description:
    "Changes to a member. Status and attributes are corrections; residence, registration and employer changes take effect on `date` (the old link ends then, the new one starts). Use transferMember to change the organisation.",
})
export class UpdateMemberInput extends MemberAttributesInput {
  @Field(() => String, { description: "Code of the member." })
  code!: string;

  @Field(() => Int, { nullable: true, description: "The version you read; CONFLICT if the member changed since." })
  expectedVersion?: number | null;

  @Field(() => MemberStatusEnum, { nullable: true, description: "Corrected status (a probationary member who became formal)." })
  status?: MemberStatus | null;

  @Field(() => LocalDate, { nullable: true, description: "The day residence, registration or employer changes take effect; required with any of them." })
  date?: string | null;

  @Field(() => String, { nullable: true, description: "Code of the new residence building, from `date`." })
  residence?: string | null;

  @Field(() => String, { nullable: true, description: "Code of the community the member registers with from `date` (雙報到)." })
  registeredWith?: string | null;

  @Field(() => Boolean, { nullable: true, description: "End the member's registration on `date`." })
  endRegistration?: boolean | null;

  @Field(() => String, { nullable: true, description: "Code of the new employer unit, from `date`." })
  employer?: string | null;

  @Field(() => Boolean, { nullable: true, description: "End the member's employment link on `date`." })
  endEmployment?: boolean | null;
}

export const EndMembershipInput = endInputType("EndMembership", "member");

@InputType({ description: "Transfers a member to another organisation from `date` (組織關係轉接)." })
export class TransferMemberInput extends ChangeFields {
  @Field(() => String, { description: "Code of the organisation the member belongs to from `date`." })
  organisation!: string;
}
