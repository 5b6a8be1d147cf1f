import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { connectionType, type Page } from "../graph/connection.js";
import { LookupArgs, type EndArgs } from "../graph/entity.input.js";
import { payload, payloadType, type Payload } from "../graph/payload.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { Place } from "../places/place.type.js";
import type { HubContext } from "../server/context.js";
import { CreateFacilityInput, DissolveFacilityInput, FacilitiesArgs, UpdateFacilityInput } from "./facility.input.js";
import * as facilities from "./facility.service.js";
import { Facility } from "./facility.type.js";

export const FacilityConnection = connectionType(Facility, "Facility", "facility");
export const FacilityPayload = payloadType(Facility, "Facility", "facility", "facility");

// Named entities: analysts and up (viewers get aggregates only; issue 6).
@Authorized("analyst")
@Resolver(() => Facility)
export class FacilityResolver {
  @Query(() => Facility, { nullable: true, description: "A facility by code or snapshot id, as it is on `asOf` (null with a NOT_FOUND error if it did not exist then)." })
  facility(@Ctx() context: HubContext, @Args(() => LookupArgs) args: LookupArgs): Promise<EntityRecord | null> {
    return facilities.findFacility(context, args);
  }

  @Query(() => FacilityConnection, { nullable: true, description: "Facilities valid on `asOf`, filtered, one page at a time, ordered by code." })
  facilities(@Ctx() context: HubContext, @Args(() => FacilitiesArgs) args: FacilitiesArgs): Promise<Page<EntityRecord>> {
    return facilities.listFacilities(context, args);
  }

  @FieldResolver(() => Place, { nullable: true, description: "The place the facility belongs to, on the same date." })
  facilityOf(@Root() facility: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord | null> {
    return facilities.placeOf(context, facility);
  }

  @Mutation(() => FacilityPayload, { description: "Creates a facility of a place." })
  createFacility(@Ctx() context: HubContext, @Arg("input", () => CreateFacilityInput, { description: "The new facility." }) input: CreateFacilityInput): Promise<Payload<"facility", EntityRecord>> {
    return payload("facility", facilities.createFacility(context, input));
  }

  @Mutation(() => FacilityPayload, { description: "Corrects a facility's kind, area or requirement." })
  updateFacility(@Ctx() context: HubContext, @Arg("input", () => UpdateFacilityInput, { description: "What to change." }) input: UpdateFacilityInput): Promise<Payload<"facility", EntityRecord>> {
    return payload("facility", facilities.updateFacility(context, input));
  }

  @Mutation(() => FacilityPayload, { description: "Ends a facility on `date` (closed, demolished or given up)." })
  dissolveFacility(@Ctx() context: HubContext, @Arg("input", () => DissolveFacilityInput, { description: "Which one, and the first day without it." }) input: EndArgs): Promise<Payload<"facility", EntityRecord>> {
    return payload("facility", facilities.dissolveFacility(context, input));
  }
}
