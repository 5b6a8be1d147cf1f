import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { connectionType, type Page } from "../graph/connection.js";
import { LookupArgs, type EndArgs, type RenameArgs } from "../graph/entity.input.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { UnitKindEnum } from "../graph/enums.js";
import { payload, payloadType, type Payload } from "../graph/payload.js";
import type { UnitKind } from "../graph/vocabulary.js";
import { Organisation } from "../organisations/organisation.type.js";
import { Place } from "../places/place.type.js";
import type { HubContext } from "../server/context.js";
import {
  AssignWorkCoverageInput,
  CoverUnitInput,
  DissolveUnitInput,
  EndCoverageInput,
  EndWorkCoverageInput,
  MoveUnitInput,
  RegisterUnitInput,
  RenameUnitInput,
  UnitsArgs,
  UpdateUnitInput,
} from "./unit.input.js";
import * as units from "./unit.service.js";
import { Coverage, Unit, UnitLocation, WorkCoverage } from "./unit.type.js";

export const UnitConnection = connectionType(Unit, "Unit", "unit");
export const UnitPayload = payloadType(Unit, "Unit", "unit", "unit");
export const CoveragePayload = payloadType(Coverage, "Coverage", "coverage", "coverage");
export const WorkCoveragePayload = payloadType(WorkCoverage, "WorkCoverage", "workCoverage", "work coverage");

// Named entities: analysts and up (viewers get aggregates only; issue 6).
@Authorized("analyst")
@Resolver(() => Unit)
export class UnitResolver {
  @Query(() => Unit, { nullable: true, description: "A unit by code or snapshot id, as it is on `asOf` (null with a NOT_FOUND error if it did not exist then)." })
  unit(@Ctx() context: HubContext, @Args(() => LookupArgs) args: LookupArgs): Promise<EntityRecord | null> {
    return units.findUnit(context, args);
  }

  @Query(() => UnitConnection, { nullable: true, description: "Units valid on `asOf`, filtered, one page at a time, ordered by code." })
  units(@Ctx() context: HubContext, @Args(() => UnitsArgs) args: UnitsArgs): Promise<Page<EntityRecord>> {
    return units.listUnits(context, args);
  }

  @FieldResolver(() => Place, { nullable: true, description: "The place the unit is located in, on the same date." })
  location(@Root() unit: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord | null> {
    return units.locationOf(context, unit);
  }

  @FieldResolver(() => [UnitLocation], { nullable: true, description: "Every place the unit has been located in, with dates (all of history, whatever the date asked)." })
  async locationHistory(@Root() unit: EntityRecord, @Ctx() context: HubContext): Promise<object[]> {
    const links = await units.locationHistoryOf(context, unit);
    return links.map((link) => ({ place: link.entity, validFrom: link.link.validFrom, validTo: link.link.validTo ?? null }));
  }

  @FieldResolver(() => [Coverage], { nullable: true, description: "The party organisations covering the unit on the same date (own, joint or regional)." })
  coveredBy(@Root() unit: EntityRecord, @Ctx() context: HubContext): Promise<object[]> {
    return units.coveredBy(context, unit);
  }

  @FieldResolver(() => [WorkCoverage], { nullable: true, description: "The organisations reaching the unit through an instructor or liaison on the same date." })
  workCoveredBy(@Root() unit: EntityRecord, @Ctx() context: HubContext): Promise<object[]> {
    return units.workCoveredBy(context, unit);
  }

  @Mutation(() => UnitPayload, { description: "Registers a unit, located in a place from validFrom on." })
  registerUnit(@Ctx() context: HubContext, @Arg("input", () => RegisterUnitInput, { description: "The new unit." }) input: RegisterUnitInput): Promise<Payload<"unit", EntityRecord>> {
    return payload("unit", units.registerUnit(context, input));
  }

  @Mutation(() => UnitPayload, { description: "Corrects a unit's attributes (sector, formal party members, operating)." })
  updateUnit(@Ctx() context: HubContext, @Arg("input", () => UpdateUnitInput, { description: "What to change." }) input: UpdateUnitInput): Promise<Payload<"unit", EntityRecord>> {
    return payload("unit", units.updateUnit(context, input));
  }

  @Mutation(() => UnitPayload, { description: "Gives a unit a new name from `date` on; its identity and history stay." })
  renameUnit(@Ctx() context: HubContext, @Arg("input", () => RenameUnitInput, { description: "The new name." }) input: RenameArgs): Promise<Payload<"unit", EntityRecord>> {
    return payload("unit", units.renameUnit(context, input));
  }

  @Mutation(() => UnitPayload, { description: "Re-locates a unit from `date` on (the old location is closed, not erased). One place at a time (SINGLE_LOCATION)." })
  moveUnit(@Ctx() context: HubContext, @Arg("input", () => MoveUnitInput, { description: "The move." }) input: MoveUnitInput): Promise<Payload<"unit", EntityRecord>> {
    return payload("unit", units.moveUnit(context, input.code, input.place, input.date, input.expectedVersion));
  }

  @Mutation(() => UnitPayload, {
    description: "Ends a unit on `date`, with its location and coverage. Refused (ACTIVE_SUBORDINATES) while a co-building agreement it is party to still runs.",
  })
  dissolveUnit(@Ctx() context: HubContext, @Arg("input", () => DissolveUnitInput, { description: "Which one, and the first day without it." }) input: EndArgs): Promise<Payload<"unit", EntityRecord>> {
    return payload("unit", units.dissolveUnit(context, input));
  }

  @Mutation(() => CoveragePayload, { description: "A party organisation covers a unit over dates. The same pair once at a time (OVERLAPPING_LINK)." })
  coverUnit(@Ctx() context: HubContext, @Arg("input", () => CoverUnitInput, { description: "The coverage." }) input: CoverUnitInput): Promise<Payload<"coverage", object>> {
    return payload("coverage", units.coverUnit(context, input));
  }

  @Mutation(() => CoveragePayload, { description: "Ends on `date` the coverage of a unit by an organisation (removed if it began that day); returns it as ended." })
  endCoverage(@Ctx() context: HubContext, @Arg("input", () => EndCoverageInput, { description: "The coverage and its end." }) input: EndCoverageInput): Promise<Payload<"coverage", object>> {
    return payload("coverage", units.endCoverage(context, input));
  }

  @Mutation(() => WorkCoveragePayload, { description: "An organisation reaches a unit through an instructor or liaison over dates. The same pair once at a time (OVERLAPPING_LINK)." })
  assignWorkCoverage(
    @Ctx() context: HubContext,
    @Arg("input", () => AssignWorkCoverageInput, { description: "The work coverage." }) input: AssignWorkCoverageInput,
  ): Promise<Payload<"workCoverage", object>> {
    return payload("workCoverage", units.assignWorkCoverage(context, input));
  }

  @Mutation(() => WorkCoveragePayload, { description: "Ends on `date` the work coverage of a unit by an organisation (removed if it began that day); returns it as ended." })
  endWorkCoverage(
    @Ctx() context: HubContext,
    @Arg("input", () => EndWorkCoverageInput, { description: "The work coverage and its end." }) input: EndWorkCoverageInput,
  ): Promise<Payload<"workCoverage", object>> {
    return payload("workCoverage", units.endWorkCoverage(context, input));
  }
}

/** The units side of places: type-graphql merges these fields into Place. */
// Named entities: analysts and up (viewers get aggregates only; issue 6).
@Authorized("analyst")
@Resolver(() => Place)
export class PlaceUnitsResolver {
  @FieldResolver(() => [Unit], { nullable: true, description: "Units located directly in this place on the same date, ordered by code." })
  units(
    @Root() place: EntityRecord,
    @Ctx() context: HubContext,
    @Arg("kinds", () => [UnitKindEnum], { nullable: true, description: "Only units of these kinds." }) kinds?: UnitKind[] | null,
  ): Promise<EntityRecord[]> {
    return units.unitsIn(context, place, kinds);
  }
}

/** The units side of organisations: type-graphql merges these fields into Organisation. */
// Named entities: analysts and up (viewers get aggregates only; issue 6).
@Authorized("analyst")
@Resolver(() => Organisation)
export class OrganisationUnitsResolver {
  @FieldResolver(() => [Coverage], { nullable: true, description: "The units this organisation covers on the same date (own, joint or regional)." })
  covers(@Root() organisation: EntityRecord, @Ctx() context: HubContext): Promise<object[]> {
    return units.coveredUnits(context, organisation);
  }

  @FieldResolver(() => [WorkCoverage], { nullable: true, description: "The units this organisation reaches through an instructor or liaison on the same date." })
  workCovers(@Root() organisation: EntityRecord, @Ctx() context: HubContext): Promise<object[]> {
    return units.workCoveredUnits(context, organisation);
  }
}
