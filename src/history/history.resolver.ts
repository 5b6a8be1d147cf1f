import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { connectionType, type Page } from "../graph/connection.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { Entity } from "../graph/entity.type.js";
import { payload, payloadType, type Payload } from "../graph/payload.js";
import { LocalDate } from "../graph/scalars.js";
import { Organisation } from "../organisations/organisation.type.js";
import { Place } from "../places/place.type.js";
import type { HubContext } from "../server/context.js";
import { ChangeEvent, Lineage, LineageDirectionEnum, type LineageDirection } from "./change-event.type.js";
import { AbsorptionInput, ChangeEventsArgs, MergerInput, RecordChangeEventInput, SplitInput, SuccessionInput } from "./history.input.js";
import { MAX_LINEAGE_DEPTH } from "./history.queries.js";
import * as history from "./history.service.js";
import * as restructure from "./restructure.service.js";

export const ChangeEventConnection = connectionType(ChangeEvent, "ChangeEvent", "change event");
export const ChangeEventPayload = payloadType(ChangeEvent, "ChangeEvent", "changeEvent", "change event");

// Change events name places and organisations: analysts and up, like every entity (issue 6).
@Authorized("analyst")
@Resolver(() => ChangeEvent)
export class ChangeEventResolver {
  @Query(() => ChangeEvent, { nullable: true, description: "A change event by id or code (null with a NOT_FOUND error if none)." })
  changeEvent(
    @Ctx() context: HubContext,
    @Arg("id", () => ID, { nullable: true, description: "A snapshot id from an earlier answer: it carries its date, so `asOf` may be left out (or must agree)." }) id?: string | null,
    @Arg("code", () => String, { nullable: true, description: "Code." }) code?: string | null,
  ): Promise<EntityRecord | null> {
    return history.findChangeEvent(context, { id, code });
  }

  @Query(() => ChangeEventConnection, { nullable: true, description: "Change events, filtered by kind, entity and dates, one page at a time, ordered by code (codes conventionally start with the year)." })
  changeEvents(@Ctx() context: HubContext, @Args(() => ChangeEventsArgs) args: ChangeEventsArgs): Promise<Page<EntityRecord>> {
    return history.listChangeEvents(context, args);
  }

  @Query(() => Lineage, { nullable: true, description: "Where an entity came from and what came from it, through change events (null with a NOT_FOUND error if no entity has the code)." })
  lineage(
    @Ctx() context: HubContext,
    @Arg("code", () => String, { description: "Code of the place, organisation or other entity." }) code: string,
    @Arg("direction", () => LineageDirectionEnum, { defaultValue: "BOTH", description: "Ancestors, descendants or both." }) direction: LineageDirection,
    @Arg("maxDepth", () => Int, { defaultValue: MAX_LINEAGE_DEPTH, description: `How many events away to follow (1–${MAX_LINEAGE_DEPTH}).` }) maxDepth: number,
    @Arg("asOf", () => LocalDate, { nullable: true, description: "Date to see the entity itself at (default: today; an ended entity is seen on its last day)." }) asOf?: string | null,
  ): Promise<history.LineageView | null> {
    return history.lineage(context, code, direction, maxDepth, asOf);
  }

  @FieldResolver(() => [Entity], { nullable: true, description: "The entities before the change, as they were on the day before it." })
  originals(@Root() event: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord[]> {
    return history.eventSide(context, event, "originals");
  }

  @FieldResolver(() => [Entity], { nullable: true, description: "The entities after the change, as they are on its date." })
  results(@Root() event: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord[]> {
    return history.eventSide(context, event, "results");
  }

  @Mutation(() => ChangeEventPayload, {
    description:
      "Merges places (or organisations) of one level into one result on `date`, in one transaction: the originals and their own links end, what hangs on them is handed to the result (or where `reassign` says) with dated links, organisations built at ending places are rebuilt or dissolved as `organisations` says, and the event records the lineage.",
  })
  applyMerger(@Ctx() context: HubContext, @Arg("input", () => MergerInput, { description: "The merger." }) input: MergerInput): Promise<Payload<"changeEvent", EntityRecord>> {
    return payload("changeEvent", restructure.applyMerger(context, input));
  }

  @Mutation(() => ChangeEventPayload, {
    description: "Splits a place (or organisation) into several results on `date`, in one transaction; every dependant of the original is reassigned explicitly or goes to `defaultResult`.",
  })
  applySplit(@Ctx() context: HubContext, @Arg("input", () => SplitInput, { description: "The split." }) input: SplitInput): Promise<Payload<"changeEvent", EntityRecord>> {
    return payload("changeEvent", restructure.applySplit(context, input));
  }

  @Mutation(() => ChangeEventPayload, {
    description:
      "A one-to-one succession (撤村建居) on `date`, in one transaction: the original and its own links end, its dependants (compounds, subordinates, members…) are handed to the successor (or where `reassign` says), organisations built at an ending place are rebuilt or dissolved as `organisations` says, and the event records the lineage both ways.",
  })
  applySuccession(@Ctx() context: HubContext, @Arg("input", () => SuccessionInput, { description: "The succession." }) input: SuccessionInput): Promise<Payload<"changeEvent", EntityRecord>> {
    return payload("changeEvent", restructure.applySuccession(context, input));
  }

  @Mutation(() => ChangeEventPayload, {
    description:
      "An absorption on `date`, in one transaction: the survivor keeps its code, history and links; the absorbed and their own links end, their dependants go to the survivor (or where `reassign` says), organisations built at an absorbed place are rebuilt or dissolved as `organisations` says.",
  })
  applyAbsorption(@Ctx() context: HubContext, @Arg("input", () => AbsorptionInput, { description: "The absorption." }) input: AbsorptionInput): Promise<Payload<"changeEvent", EntityRecord>> {
    return payload("changeEvent", restructure.applyAbsorption(context, input));
  }

  @Mutation(() => ChangeEventPayload, { description: "Records the lineage of a change made by other mutations (rename, transfer, founding, dissolution); refused unless the graph agrees." })
  recordChangeEvent(@Ctx() context: HubContext, @Arg("input", () => RecordChangeEventInput, { description: "The event." }) input: RecordChangeEventInput): Promise<Payload<"changeEvent", EntityRecord>> {
    return payload("changeEvent", history.recordChangeEvent(context, input));
  }
}

/** The history side of places and organisations: type-graphql merges these fields into those types. */
// Change events name places and organisations: analysts and up, like every entity (issue 6).
@Authorized("analyst")
@Resolver(() => Place)
export class PlaceEventsResolver {
  @FieldResolver(() => [ChangeEvent], { nullable: true, description: "Change events this place is an original or a result of, by date (all of history, whatever the date asked)." })
  events(@Root() place: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord[]> {
    return history.eventsOf(context, place);
  }
}

// Change events name places and organisations: analysts and up, like every entity (issue 6).
@Authorized("analyst")
@Resolver(() => Organisation)
export class OrganisationEventsResolver {
  @FieldResolver(() => [ChangeEvent], { nullable: true, description: "Change events this organisation is an original or a result of, by date (all of history, whatever the date asked)." })
  events(@Root() organisation: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord[]> {
    return history.eventsOf(context, organisation);
  }
}
