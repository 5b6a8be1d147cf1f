import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { connectionType, type Page } from "../graph/connection.js";
import { EndArgs, LookupArgs } from "../graph/entity.input.js";
import type { EntityRecord } from "../graph/entity.record.js";
import type { HubContext } from "../server/context.js";
import { Beneficiary } from "./beneficiary.type.js";
import { CreatePairingInput, PairingsArgs } from "./pairing.input.js";
import * as pairings from "./pairing.service.js";
import { Pairing, PairingHelper } from "./pairing.type.js";

export const PairingConnection = connectionType(Pairing, "Pairing", "pairing");

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

  @Mutation(() => Pairing, { description: "Pairs a helper (organisation or member) with a beneficiary of the same kind over a period." })
  createPairing(@Ctx() context: HubContext, @Arg("input", () => CreatePairingInput, { description: "The new pairing." }) input: CreatePairingInput): Promise<EntityRecord> {
    return pairings.createPairing(context, input);
  }

  @Mutation(() => Pairing, { description: "Ends a pairing on `date`." })
  endPairing(@Ctx() context: HubContext, @Args(() => EndArgs) args: EndArgs): Promise<EntityRecord> {
    return pairings.endPairing(context, args);
  }
}
