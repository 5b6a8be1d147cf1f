import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { connectionType, type Page } from "../graph/connection.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { PlaceKindEnum } from "../graph/enums.js";
import { LocalDate } from "../graph/scalars.js";
import type { PlaceKind } from "../graph/vocabulary.js";
import type { HubContext } from "../server/context.js";
import { CreatePlaceInput, PlacesArgs, UpdatePlaceInput } from "./place.input.js";
import * as places from "./place.service.js";
import { Place, PlaceLink } from "./place.type.js";

export const PlaceConnection = connectionType(Place, "Place", "place");

/** Entities by name are analyst data; viewers see aggregates only (coverage). */
@Authorized("analyst")
@Resolver(() => Place)
export class PlaceResolver {
  @Query(() => Place, { nullable: true, description: "A place by code or snapshot id, as it is on `asOf` (null with a NOT_FOUND error if it did not exist then)." })
  place(
    @Ctx() context: HubContext,
    @Arg("id", () => ID, { nullable: true, description: "A snapshot id from an earlier answer: it carries its date, so `asOf` may be left out (or must agree)." }) id?: string | null,
    @Arg("code", () => String, { nullable: true, description: "Code." }) code?: string | null,
    @Arg("asOf", () => LocalDate, { nullable: true, description: "Date to see the place at (default: today)." }) asOf?: string | null,
  ): Promise<EntityRecord | null> {
    return places.findPlace(context, { id, code }, asOf);
  }

  @Query(() => PlaceConnection, { nullable: true, description: "Places valid on `asOf`, filtered, one page at a time, ordered by code." })
  places(@Ctx() context: HubContext, @Args(() => PlacesArgs) args: PlacesArgs): Promise<Page<EntityRecord>> {
    return places.listPlaces(context, args);
  }

  @FieldResolver(() => Place, { nullable: true, description: "The place this one is part of, on the same date." })
  parent(@Root() place: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord | null> {
    return places.parentOf(context, place);
  }

  @FieldResolver(() => [Place], { nullable: true, description: "Places directly part of this one on the same date, ordered by code." })
  children(
    @Root() place: EntityRecord,
    @Ctx() context: HubContext,
    @Arg("kinds", () => [PlaceKindEnum], { nullable: true, description: "Only children of these kinds." }) kinds?: PlaceKind[] | null,
  ): Promise<EntityRecord[]> {
    return places.childrenOf(context, place, kinds);
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

  @Mutation(() => Place, { description: "Creates a place, with its parent from validFrom on." })
  createPlace(@Ctx() context: HubContext, @Arg("input", () => CreatePlaceInput, { description: "The new place." }) input: CreatePlaceInput): Promise<EntityRecord> {
    return places.createPlace(context, input);
  }

  @Mutation(() => Place, { description: "Corrects a place's attributes (compound kind, property management, staff counts…)." })
  updatePlace(@Ctx() context: HubContext, @Arg("input", () => UpdatePlaceInput, { description: "What to change." }) input: UpdatePlaceInput): Promise<EntityRecord> {
    return places.updatePlace(context, input);
  }

  @Mutation(() => Place, { description: "Gives a place a new name from `date` on; its identity and history stay." })
  renamePlace(
    @Ctx() context: HubContext,
    @Arg("code", () => String, { description: "The place." }) code: string,
    @Arg("name", () => String, { description: "The new name." }) name: string,
    @Arg("date", () => LocalDate, { description: "The day the new name takes effect." }) date: string,
    @Arg("expectedVersion", () => Int, { nullable: true, description: "The version you read (CONFLICT if it changed)." }) expectedVersion?: number | null,
  ): Promise<EntityRecord> {
    return places.renamePlace(context, code, name, date, expectedVersion);
  }

  @Mutation(() => Place, { description: "Moves a place under another parent from `date` on (the old link is closed, not erased)." })
  movePlace(
    @Ctx() context: HubContext,
    @Arg("code", () => String, { description: "The place to move." }) code: string,
    @Arg("parent", () => String, { description: "Code of the new parent." }) parent: string,
    @Arg("date", () => LocalDate, { description: "The day the move takes effect." }) date: string,
    @Arg("expectedVersion", () => Int, { nullable: true, description: "The version you read (CONFLICT if it changed)." }) expectedVersion?: number | null,
  ): Promise<EntityRecord> {
    return places.movePlace(context, code, parent, date, expectedVersion);
  }

  @Mutation(() => Place, { description: "Ends a place on `date`. Refused (ACTIVE_SUBORDINATES) while children or organisations remain." })
  dissolvePlace(
    @Ctx() context: HubContext,
    @Arg("code", () => String, { description: "The place to end." }) code: string,
    @Arg("date", () => LocalDate, { description: "First day it no longer exists." }) date: string,
    @Arg("expectedVersion", () => Int, { nullable: true, description: "The version you read (CONFLICT if it changed)." }) expectedVersion?: number | null,
  ): Promise<EntityRecord> {
    return places.dissolvePlace(context, code, date, expectedVersion);
  }
}
