import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { connectionType, type Page } from "../graph/connection.js";
import { LookupArgs, type EndArgs } from "../graph/entity.input.js";
import { payload, payloadType, type Payload } from "../graph/payload.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { Organisation } from "../organisations/organisation.type.js";
import { Place } from "../places/place.type.js";
import type { HubContext } from "../server/context.js";
import { AddCouncilSeatInput, CouncilsArgs, CreateCouncilInput, DissolveCouncilInput, EndCouncilSeatInput, UpdateCouncilInput } from "./council.input.js";
import * as councils from "./council.service.js";
import { Council, CouncilSeat } from "./council.type.js";

export const CouncilConnection = connectionType(Council, "Council", "council");
export const CouncilPayload = payloadType(Council, "Council", "council", "council");
export const CouncilSeatPayload = payloadType(CouncilSeat, "CouncilSeat", "councilSeat", "council seat");

// Named entities: analysts and up (viewers get aggregates only; issue 6).
@Authorized("analyst")
@Resolver(() => Council)
export class CouncilResolver {
  @Query(() => Council, { nullable: true, description: "A coordination council by code or snapshot id, as it is on `asOf` (null with a NOT_FOUND error if it did not exist then)." })
  council(@Ctx() context: HubContext, @Args(() => LookupArgs) args: LookupArgs): Promise<EntityRecord | null> {
    return councils.findCouncil(context, args);
  }

  @Query(() => CouncilConnection, { nullable: true, description: "Coordination councils valid on `asOf`, filtered, one page at a time, ordered by code." })
  councils(@Ctx() context: HubContext, @Args(() => CouncilsArgs) args: CouncilsArgs): Promise<Page<EntityRecord>> {
    return councils.listCouncils(context, args);
  }

  @FieldResolver(() => Organisation, { nullable: true, description: "The organisation convening the council, on the same date." })
  convenedBy(@Root() council: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord | null> {
    return councils.convenerOf(context, council);
  }

  @FieldResolver(() => Place, { nullable: true, description: "The community (or subdistrict) the council works for, on the same date." })
  serves(@Root() council: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord | null> {
    return councils.servedPlaceOf(context, council);
  }

  @FieldResolver(() => [CouncilSeat], { nullable: true, description: "The seats held on the same date, ordered by the holder's code." })
  seats(@Root() council: EntityRecord, @Ctx() context: HubContext): Promise<object[]> {
    return councils.seatsOf(context, council);
  }

  @Mutation(() => CouncilPayload, { description: "Creates a council, convened by an organisation (COUNCIL_CONVENER) and serving a community or subdistrict (COUNCIL_PLACE)." })
  createCouncil(@Ctx() context: HubContext, @Arg("input", () => CreateCouncilInput, { description: "The new council." }) input: CreateCouncilInput): Promise<Payload<"council", EntityRecord>> {
    return payload("council", councils.createCouncil(context, input));
  }

  @Mutation(() => CouncilPayload, { description: "Corrects a council's rules." })
  updateCouncil(@Ctx() context: HubContext, @Arg("input", () => UpdateCouncilInput, { description: "What to change." }) input: UpdateCouncilInput): Promise<Payload<"council", EntityRecord>> {
    return payload("council", councils.updateCouncil(context, input));
  }

  @Mutation(() => CouncilPayload, { description: "Ends a council on `date`, with every seat still held then." })
  dissolveCouncil(@Ctx() context: HubContext, @Arg("input", () => DissolveCouncilInput, { description: "Which one, and the first day without it." }) input: EndArgs): Promise<Payload<"council", EntityRecord>> {
    return payload("council", councils.dissolveCouncil(context, input));
  }

  @Mutation(() => CouncilSeatPayload, { description: "An organisation takes a seat on a council for a term. One seat per organisation per council at a time (SINGLE_SEAT)." })
  addCouncilSeat(@Ctx() context: HubContext, @Arg("input", () => AddCouncilSeatInput, { description: "The seat." }) input: AddCouncilSeatInput): Promise<Payload<"councilSeat", object>> {
    return payload("councilSeat", councils.addCouncilSeat(context, input));
  }

  @Mutation(() => CouncilSeatPayload, { description: "Ends on `date` the seat an organisation holds on a council (removed if it began that day); returns it as ended." })
  endCouncilSeat(@Ctx() context: HubContext, @Arg("input", () => EndCouncilSeatInput, { description: "The seat and its end." }) input: EndCouncilSeatInput): Promise<Payload<"councilSeat", object>> {
    return payload("councilSeat", councils.endCouncilSeat(context, input));
  }
}
