import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { connectionType, type Page } from "../graph/connection.js";
import { LookupArgs, type EndArgs } from "../graph/entity.input.js";
import { payload, payloadType, type Payload } from "../graph/payload.js";
import type { EntityRecord } from "../graph/entity.record.js";
import type { HubContext } from "../server/context.js";
import { Beneficiary } from "./beneficiary.type.js";
import { CreatePairingInput, EndPairingInput, PairingsArgs } from "./pairing.input.js";
import * as pairings from "./pairing.service.js";
import { Pairing, PairingHelper } from "./pairing.type.js";

export const PairingConnection = connectionType(Pairing, "Pairing", "pairing");
export const PairingPayload = payloadType(Pairing, "Pairing", "pairing", "pairing");

/** Pairings tie helpers to beneficiaries: every entry point needs a steward (scope checked in the services) or an admin. */
@Resolver(() => Pairing)
export class PairingResolver {
  @Authorized("steward")
  @Query(() => Pairing, { nullable: true, description: "A pairing by code or snapshot id, as on `asOf` (null with a NOT_FOUND error if not running then). Steward in scope, or admin." })
  pairing(@Ctx() context: HubContext, @Args(() => LookupArgs) args: LookupArgs): Promise<EntityRecord | null> {
    return pairings.findPairing(context, args);
  }

  @Authorized("steward")
  @Query(() => PairingConnection, { nullable: true,
    description: "Pairings running on `asOf`, filtered by kind, helper or place, one page at a time, ordered by code. A steward names `within` or `helper` inside the token's scope.",
  })
  pairings(@Ctx() context: HubContext, @Args(() => PairingsArgs) args: PairingsArgs): Promise<Page<EntityRecord>> {
    return pairings.listPairings(context, args);
  }

  @FieldResolver(() => PairingHelper, { nullable: true, description: "Who helps, on the same date: an organisation or a member." })
  helper(@Root() pairing: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord | null> {
    return pairings.pairingEnd(context, pairings.PAIRING_HELPER, pairing);
  }

  @FieldResolver(() => Beneficiary, { nullable: true, description: "Who is helped, on the same date." })
  beneficiary(@Root() pairing: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord | null> {
    return pairings.pairingEnd(context, pairings.PAIRING_BENEFICIARY, pairing);
  }

  @Mutation(() => PairingPayload, { description: "Pairs a helper (organisation or member) with a beneficiary of the same kind over a period." })
  createPairing(@Ctx() context: HubContext, @Arg("input", () => CreatePairingInput, { description: "The new pairing." }) input: CreatePairingInput): Promise<Payload<"pairing", EntityRecord>> {
    return payload("pairing", pairings.createPairing(context, input));
  }

  @Mutation(() => PairingPayload, { description: "Ends a pairing on `date`." })
  endPairing(@Ctx() context: HubContext, @Arg("input", () => EndPairingInput, { description: "Which one, and the first day without it." }) input: EndArgs): Promise<Payload<"pairing", EntityRecord>> {
    return payload("pairing", pairings.endPairing(context, input));
  }
}
