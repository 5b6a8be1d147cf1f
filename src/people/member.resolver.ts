import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { connectionType, type Page } from "../graph/connection.js";
import { LookupArgs, type EndArgs } from "../graph/entity.input.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { payload, payloadType, type Payload } from "../graph/payload.js";
import { Organisation } from "../organisations/organisation.type.js";
import { Place } from "../places/place.type.js";
import type { HubContext } from "../server/context.js";
import { Unit } from "../units/unit.type.js";
import { EndMembershipInput, MembersArgs, RegisterMemberInput, TransferMemberInput, UpdateMemberInput } from "./member.input.js";
import * as members from "./member.service.js";
import { Member, Membership } from "./member.type.js";
import { Pairing } from "./pairing.type.js";
import * as pairings from "./pairing.service.js";

export const MemberConnection = connectionType(Member, "Member", "member");
export const MemberPayload = payloadType(Member, "Member", "member", "member");

/** Members are personal data: every entry point needs a steward (scope checked in the services) or an admin. */
@Resolver(() => Member)
export class MemberResolver {
  @Authorized("steward")
  @Query(() => Member, { nullable: true, description: "A party member by code or snapshot id, as on `asOf` (null with a NOT_FOUND error if not a member then). Steward in scope, or admin." })
  member(@Ctx() context: HubContext, @Args(() => LookupArgs) args: LookupArgs): Promise<EntityRecord | null> {
    return members.findMember(context, args);
  }

  @Authorized("steward")
  @Query(() => MemberConnection, { nullable: true,
    description: "Party members valid on `asOf`, filtered, one page at a time, ordered by code. A steward names `within` or `organisation` inside the token's scope; an admin may list all.",
  })
  members(@Ctx() context: HubContext, @Args(() => MembersArgs) args: MembersArgs): Promise<Page<EntityRecord>> {
    return members.listMembers(context, args);
  }

  @FieldResolver(() => Organisation, { nullable: true, description: "The organisation the member belongs to on the same date." })
  organisation(@Root() member: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord | null> {
    return members.memberLink(context, members.MEMBER_ORGANISATION, member);
  }

  @FieldResolver(() => [Membership], { description: "Every membership the member has had, with dates (all of history, whatever the date asked)." })
  async memberships(@Root() member: EntityRecord, @Ctx() context: HubContext): Promise<object[]> {
    const links = await members.membershipsOf(context, member);
    return links.map((link) => ({ organisation: link.entity, validFrom: link.link.validFrom, validTo: link.link.validTo ?? null }));
  }

  @FieldResolver(() => Place, { nullable: true, description: "The building the member lives in on the same date." })
  residence(@Root() member: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord | null> {
    return members.memberLink(context, members.MEMBER_RESIDENCE, member);
  }

  @FieldResolver(() => Place, { nullable: true, description: "The residential community an in-service member is registered with on the same date (雙報到)." })
  registeredWith(@Root() member: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord | null> {
    return members.memberLink(context, members.MEMBER_REGISTRATION, member);
  }

  @FieldResolver(() => Unit, { nullable: true, description: "The unit employing the member on the same date." })
  employer(@Root() member: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord | null> {
    return members.memberLink(context, members.MEMBER_EMPLOYER, member);
  }

  @FieldResolver(() => [Pairing], { nullable: true, description: "Pairings in which the member helps, on the same date." })
  pairings(@Root() member: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord[]> {
    return pairings.pairingsOf(context, pairings.HELPER_PAIRINGS, member);
  }

  @Mutation(() => MemberPayload, { description: "Registers a party member with the organisation, and residence, registration (in-service members) and employer if given." })
  registerMember(@Ctx() context: HubContext, @Arg("input", () => RegisterMemberInput, { description: "The new member." }) input: RegisterMemberInput): Promise<Payload<"member", EntityRecord>> {
    return payload("member", members.registerMember(context, input));
  }

  @Mutation(() => MemberPayload, { description: "Corrects a member's status and attributes, and changes residence, registration or employer from a date." })
  updateMember(@Ctx() context: HubContext, @Arg("input", () => UpdateMemberInput, { description: "What to change." }) input: UpdateMemberInput): Promise<Payload<"member", EntityRecord>> {
    return payload("member", members.updateMember(context, input));
  }

  @Mutation(() => MemberPayload, { description: "Ends a member's record on `date` with all its links. Refused (ACTIVE_PAIRINGS) while the member still helps in a pairing." })
  endMembership(@Ctx() context: HubContext, @Arg("input", () => EndMembershipInput, { description: "Which one, and the first day without it." }) input: EndArgs): Promise<Payload<"member", EntityRecord>> {
    return payload("member", members.endMembership(context, input));
  }

  @Mutation(() => MemberPayload, { description: "Transfers a member to another organisation from `date` (組織關係轉接); the old membership is closed, not erased." })
  transferMember(@Ctx() context: HubContext, @Arg("input", () => TransferMemberInput, { description: "The transfer." }) input: TransferMemberInput): Promise<Payload<"member", EntityRecord>> {
    return payload("member", members.transferMember(context, input.code, input.organisation, input.date, input.expectedVersion));
  }
}
