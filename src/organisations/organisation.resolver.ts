import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import { connectionType, type Page } from "../graph/connection.js";
import type { EntityRecord } from "../graph/entity.record.js";
import type { EndArgs, RenameArgs } from "../graph/entity.input.js";
import { LeadershipLineEnum, OrganisationKindEnum } from "../graph/enums.js";
import { payload, payloadType, type Payload } from "../graph/payload.js";
import type { Linked, MaybePromise } from "../graph/relation.js";
import { selectionOf } from "../graph/selection.js";
import { LocalDate } from "../graph/scalars.js";
import type { LeadershipLine, OrganisationKind } from "../graph/vocabulary.js";
import { Place } from "../places/place.type.js";
import type { HubContext } from "../server/context.js";
import {
  BuildOrganisationAtInput,
  CreateOrganisationInput,
  DissolveOrganisationInput,
  EndLeadershipInput,
  MoveOrganisationInput,
  OrganisationsArgs,
  RenameOrganisationInput,
  SetLeadershipInput,
  UpdateOrganisationInput,
} from "./organisation.input.js";
import * as organisations from "./organisation.service.js";
import { Leadership, Organisation } from "./organisation.type.js";

export const OrganisationConnection = connectionType(Organisation, "Organisation", "organisation");

export const OrganisationPayload = payloadType(Organisation, "Organisation", "organisation", "organisation");

function leadership(organisation: EntityRecord, linked: Linked, direction: "leader" | "led"): object {
  return {
    leader: direction === "leader" ? linked.entity : organisation,
    led: direction === "leader" ? organisation : linked.entity,
    line: linked.link.line,
    validFrom: linked.link.validFrom,
    validTo: linked.link.validTo,
  };
}

const kindArg = { nullable: true, description: "Only organisations of these kinds." } as const;

/** Entities by name are analyst data; viewers see aggregates only (coverage). */
@Authorized("analyst")
@Resolver(() => Organisation)
export class OrganisationResolver {
  @Query(() => Organisation, { nullable: true, description: "An organisation by code or snapshot id, as it is on `asOf` (null with a NOT_FOUND error if it did not exist then)." })
  organisation(
    @Ctx() context: HubContext,
    @Arg("id", () => ID, { nullable: true, description: "A snapshot id from an earlier answer: it carries its date, so `asOf` may be left out (or must agree)." }) id: string | null | undefined,
    @Arg("code", () => String, { nullable: true, description: "Code." }) code: string | null | undefined,
    @Arg("asOf", () => LocalDate, { nullable: true, description: "Date to see it at (default: today)." }) asOf: string | null | undefined,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EntityRecord | null> {
    return organisations.findOrganisation(context, { id, code }, asOf, selectionOf(info));
  }

  @Query(() => OrganisationConnection, { nullable: true, description: "Organisations valid on `asOf`, filtered, one page at a time, ordered by code." })
  organisations(@Ctx() context: HubContext, @Args(() => OrganisationsArgs) args: OrganisationsArgs): Promise<Page<EntityRecord>> {
    return organisations.listOrganisations(context, args);
  }

  @FieldResolver(() => [Place], { nullable: true, description: "The places it is built at, on the same date." })
  builtAt(@Root() organisation: EntityRecord, @Ctx() context: HubContext, @Info() info: GraphQLResolveInfo): MaybePromise<EntityRecord[]> {
    return organisations.related(context, organisations.BUILT_AT, organisation, null, selectionOf(info));
  }

  @FieldResolver(() => [Leadership], { nullable: true, description: "Who leads it on the same date: one link per line (two = dual leadership)." })
  async leaders(@Root() organisation: EntityRecord, @Ctx() context: HubContext): Promise<object[]> {
    const links = await organisations.leadershipLinks(context, organisations.LEADERS, organisation);
    return links.map((linked) => leadership(organisation, linked, "leader"));
  }

  @FieldResolver(() => Organisation, { nullable: true, description: "Its leader on one line on the same date (territorial by default)." })
  leader(
    @Root() organisation: EntityRecord,
    @Ctx() context: HubContext,
    @Arg("line", () => LeadershipLineEnum, { defaultValue: "TERRITORIAL", description: "Which line." }) line: LeadershipLine,
    @Info() info: GraphQLResolveInfo,
  ): MaybePromise<EntityRecord | null> {
    return organisations.leaderOn(context, organisation, line, selectionOf(info));
  }

  @FieldResolver(() => [Leadership], { nullable: true, description: "Every leader it has had, with lines and dates (all of history)." })
  async leaderHistory(@Root() organisation: EntityRecord, @Ctx() context: HubContext): Promise<object[]> {
    const links = await organisations.leadershipLinks(context, organisations.LEADER_HISTORY, organisation);
    return links.map((linked) => leadership(organisation, linked, "leader"));
  }

  @FieldResolver(() => [Organisation], { nullable: true, description: "Organisations it leads on the same date (any line), ordered by code." })
  subordinates(
    @Root() organisation: EntityRecord,
    @Ctx() context: HubContext,
    @Arg("kinds", () => [OrganisationKindEnum], kindArg) kinds: OrganisationKind[] | null | undefined,
    @Info() info: GraphQLResolveInfo,
  ): MaybePromise<EntityRecord[]> {
    return organisations.related(context, organisations.SUBORDINATES, organisation, kinds ?? null, selectionOf(info));
  }

  @FieldResolver(() => [Organisation], { nullable: true, description: "The chain of leaders up to the top on one line, nearest first, on the same date." })
  leadershipChain(
    @Root() organisation: EntityRecord,
    @Ctx() context: HubContext,
    @Arg("line", () => LeadershipLineEnum, { defaultValue: "TERRITORIAL", description: "Which line to follow." }) line: LeadershipLine,
  ): Promise<EntityRecord[]> {
    return organisations.leadershipChain(context, organisation, line);
  }

  @Mutation(() => OrganisationPayload, { description: "Founds an organisation, built at places and led by leaders from validFrom on." })
  createOrganisation(@Ctx() context: HubContext, @Arg("input", () => CreateOrganisationInput, { description: "The new organisation." }) input: CreateOrganisationInput): Promise<organisations.OrganisationOutcome> {
    return organisations.createOrganisation(context, input);
  }

  @Mutation(() => OrganisationPayload, { description: "Corrects member counts, committee or form." })
  updateOrganisation(@Ctx() context: HubContext, @Arg("input", () => UpdateOrganisationInput, { description: "What to change." }) input: UpdateOrganisationInput): Promise<Payload<"organisation", EntityRecord>> {
    return payload("organisation", organisations.updateOrganisation(context, input));
  }

  @Mutation(() => OrganisationPayload, { description: "Renames from `date` on; identity and history stay." })
  renameOrganisation(@Ctx() context: HubContext, @Arg("input", () => RenameOrganisationInput, { description: "The new name." }) input: RenameArgs): Promise<Payload<"organisation", EntityRecord>> {
    return payload("organisation", organisations.renameOrganisation(context, input.code, input.name, input.date, input.expectedVersion));
  }

  @Mutation(() => OrganisationPayload, { description: "Ends an organisation on `date`. Refused (ACTIVE_SUBORDINATES) while it still leads others." })
  dissolveOrganisation(
    @Ctx() context: HubContext,
    @Arg("input", () => DissolveOrganisationInput, { description: "Which one, and the first day without it." }) input: EndArgs,
  ): Promise<Payload<"organisation", EntityRecord>> {
    return payload("organisation", organisations.dissolveOrganisation(context, input.code, input.date, input.expectedVersion));
  }

  @Mutation(() => OrganisationPayload, { description: "Builds the organisation at one more place from `date` on." })
  buildOrganisationAt(
    @Ctx() context: HubContext,
    @Arg("input", () => BuildOrganisationAtInput, { description: "The organisation and the place." }) input: BuildOrganisationAtInput,
  ): Promise<Payload<"organisation", EntityRecord>> {
    return payload("organisation", organisations.buildOrganisationAt(context, input.code, input.place, input.date, input.expectedVersion));
  }

  @Mutation(() => OrganisationPayload, { description: "Moves the organisation to another place from `date` on (its old places end then)." })
  moveOrganisation(
    @Ctx() context: HubContext,
    @Arg("input", () => MoveOrganisationInput, { description: "The move." }) input: MoveOrganisationInput,
  ): Promise<organisations.OrganisationOutcome> {
    return organisations.moveOrganisation(context, input.code, input.place, input.date, input.expectedVersion);
  }

  @Mutation(() => OrganisationPayload, { description: "Puts the organisation under a leader on one line from `date` on (the previous leader on that line ends then)." })
  setLeadership(@Ctx() context: HubContext, @Arg("input", () => SetLeadershipInput, { description: "The new leader." }) input: SetLeadershipInput): Promise<organisations.OrganisationOutcome> {
    return organisations.setLeadership(context, input.code, input.leader, input.line, input.date, input.expectedVersion);
  }

  @Mutation(() => OrganisationPayload, { description: "Ends the leadership on one line on `date`." })
  endLeadership(@Ctx() context: HubContext, @Arg("input", () => EndLeadershipInput, { description: "The leadership to end." }) input: EndLeadershipInput): Promise<Payload<"organisation", EntityRecord>> {
    return payload("organisation", organisations.endLeadership(context, input.code, input.line, input.date, input.expectedVersion));
  }
}

/** Entities by name are analyst data; viewers see aggregates only (coverage). */
@Authorized("analyst")
@Resolver(() => Place)
export class PlaceOrganisationsResolver {
  @FieldResolver(() => [Organisation], { nullable: true, description: "Organisations built at this place on the same date, ordered by code." })
  organisations(
    @Root() place: EntityRecord,
    @Ctx() context: HubContext,
    @Arg("kinds", () => [OrganisationKindEnum], kindArg) kinds: OrganisationKind[] | null | undefined,
    @Info() info: GraphQLResolveInfo,
  ): MaybePromise<EntityRecord[]> {
    return organisations.related(context, organisations.BUILT_HERE, place, kinds ?? null, selectionOf(info));
  }
}
