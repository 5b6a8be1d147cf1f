import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { connectionType, type Page } from "../graph/connection.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { LocalDate } from "../graph/scalars.js";
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
  @Query(() => Pairing, { nullable: true, description: "A pairing by id or code, as on `asOf` (null if not running then). Steward in scope, or admin." })
  pairing(
    @Ctx() context: HubContext,
    @Arg("id", () => ID, { nullable: true, description: "Global id." }) id?: string | null,
    @Arg("code", () => String, { nullable: true, description: "Code." }) code?: string | null,
    @Arg("asOf", () => LocalDate, { nullable: true, description: "Date to see the pairing at (default: today)." }) asOf?: string | null,
  ): Promise<EntityRecord | null> {
    return pairings.findPairing(context, { id, code }, asOf);
  }

  @Authorized("steward")
  @Query(() => PairingConnection, {
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
  endPairing(
    @Ctx() context: HubContext,
    @Arg("code", () => String, { description: "The pairing." }) code: string,
    @Arg("date", () => LocalDate, { description: "First day it no longer runs." }) date: string,
    @Arg("expectedVersion", () => Int, { nullable: true, description: "The version you read (CONFLICT if it changed)." }) expectedVersion?: number | null,
  ): Promise<EntityRecord> {
    return pairings.endPairing(context, code, date, expectedVersion);
  }
}
