import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import { connectionType, type Page } from "../graph/connection.js";
import type { EndArgs, RenameArgs } from "../graph/entity.input.js";
import type { EntityRecord } from "../graph/entity.record.js";
import type { MaybePromise } from "../graph/relation.js";
import { selectionOf } from "../graph/selection.js";
import { PlaceKindEnum } from "../graph/enums.js";
import { payload, payloadType, type Payload } from "../graph/payload.js";
import { LocalDate } from "../graph/scalars.js";
import type { PlaceKind } from "../graph/vocabulary.js";
import type { HubContext } from "../server/context.js";
import { CreatePlaceInput, DissolvePlaceInput, MovePlaceInput, PlacesArgs, RenamePlaceInput, UpdatePlaceInput } from "./place.input.js";
import * as places from "./place.service.js";
import { Place, PlaceLink } from "./place.type.js";

export const PlaceConnection = connectionType(Place, "Place", "place");
export const PlacePayload = payloadType(Place, "Place", "place", "place");

/** Entities by name are analyst data; viewers see aggregates only (coverage). */
@Authorized("analyst")
@Resolver(() => Place)
export class PlaceResolver {
  @Query(() => Place, { nullable: true, description: "A place by code or snapshot id, as it is on `asOf` (null with a NOT_FOUND error if it did not exist then)." })
  place(
    @Ctx() context: HubContext,
    @Arg("id", () => ID, { nullable: true, description: "A snapshot id from an earlier answer: it carries its date, so `asOf` may be left out (or must agree)." }) id: string | null | undefined,
    @Arg("code", () => String, { nullable: true, description: "Code." }) code: string | null | undefined,
    @Arg("asOf", () => LocalDate, { nullable: true, description: "Date to see the place at (default: today)." }) asOf: string | null | undefined,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EntityRecord | null> {
    return places.findPlace(context, { id, code }, asOf, selectionOf(info));
  }

  @Query(() => PlaceConnection, { nullable: true, description: "Places valid on `asOf`, filtered, one page at a time, ordered by code." })
  places(@Ctx() context: HubContext, @Args(() => PlacesArgs) args: PlacesArgs): Promise<Page<EntityRecord>> {
    return places.listPlaces(context, args);
  }

  @FieldResolver(() => Place, { nullable: true, description: "The place this one is part of, on the same date." })
  parent(@Root() place: EntityRecord, @Ctx() context: HubContext, @Info() info: GraphQLResolveInfo): MaybePromise<EntityRecord | null> {
    return places.parentOf(context, place, selectionOf(info));
  }

  @FieldResolver(() => [Place], { nullable: true, description: "Places directly part of this one on the same date, ordered by code." })
  children(
    @Root() place: EntityRecord,
    @Ctx() context: HubContext,
    @Arg("kinds", () => [PlaceKindEnum], { nullable: true, description: "Only children of these kinds." }) kinds: PlaceKind[] | null | undefined,
    @Info() info: GraphQLResolveInfo,
  ): MaybePromise<EntityRecord[]> {
    return places.childrenOf(context, place, kinds, selectionOf(info));
  }

  @FieldResolver(() => [Place], { nullable: true, description: "The chain of enclosing places on the same date, nearest first." })
  ancestors(@Root() place: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord[]> {
    return places.ancestorsOf(context, place);
  }

  @FieldResolver(() => [PlaceLink], { nullable: true, description: "Every parent this place has had, with dates (all of history, whatever the date asked)." })
  async parentHistory(@Root() place: EntityRecord, @Ctx() context: HubContext): Promise<object[]> {
    const links = await places.parentHistoryOf(context, place);
    return links.map((link) => ({ place: link.entity, validFrom: link.link.validFrom, validTo: link.link.validTo }));
  }

  @Mutation(() => PlacePayload, { description: "Creates a place, with its parent from validFrom on." })
  createPlace(@Ctx() context: HubContext, @Arg("input", () => CreatePlaceInput, { description: "The new place." }) input: CreatePlaceInput): Promise<Payload<"place", EntityRecord>> {
    return payload("place", places.createPlace(context, input));
  }

  @Mutation(() => PlacePayload, { description: "Corrects a place's attributes (compound kind, property management, staff counts…)." })
  updatePlace(@Ctx() context: HubContext, @Arg("input", () => UpdatePlaceInput, { description: "What to change." }) input: UpdatePlaceInput): Promise<Payload<"place", EntityRecord>> {
    return payload("place", places.updatePlace(context, input));
  }

  @Mutation(() => PlacePayload, { description: "Gives a place a new name from `date` on; its identity and history stay." })
  renamePlace(@Ctx() context: HubContext, @Arg("input", () => RenamePlaceInput, { description: "The new name." }) input: RenameArgs): Promise<Payload<"place", EntityRecord>> {
    return payload("place", places.renamePlace(context, input.code, input.name, input.date, input.expectedVersion));
  }

  @Mutation(() => PlacePayload, { description: "Moves a place under another parent from `date` on (the old link is closed, not erased)." })
  movePlace(@Ctx() context: HubContext, @Arg("input", () => MovePlaceInput, { description: "The move." }) input: MovePlaceInput): Promise<Payload<"place", EntityRecord>> {
    return payload("place", places.movePlace(context, input.code, input.parent, input.date, input.expectedVersion));
  }

  @Mutation(() => PlacePayload, { description: "Ends a place on `date`. Refused (ACTIVE_SUBORDINATES) while children or organisations remain." })
  dissolvePlace(@Ctx() context: HubContext, @Arg("input", () => DissolvePlaceInput, { description: "Which one, and the first day without it." }) input: EndArgs): Promise<Payload<"place", EntityRecord>> {
    return payload("place", places.dissolvePlace(context, input.code, input.date, input.expectedVersion));
  }
}
