import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { connectionType, type Page } from "../graph/connection.js";
import { LookupArgs } from "../graph/entity.input.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { payload, payloadType, type Payload } from "../graph/payload.js";
import { Place } from "../places/place.type.js";
import type { HubContext } from "../server/context.js";
import { BeneficiariesArgs, RegisterBeneficiaryInput } from "./beneficiary.input.js";
import * as beneficiaries from "./beneficiary.service.js";
import { Beneficiary } from "./beneficiary.type.js";
import * as pairings from "./pairing.service.js";
import { Pairing } from "./pairing.type.js";

export const BeneficiaryConnection = connectionType(Beneficiary, "Beneficiary", "beneficiary");
export const BeneficiaryPayload = payloadType(Beneficiary, "Beneficiary", "beneficiary", "beneficiary");

/** Beneficiaries are personal data: every entry point needs a steward (scope checked in the services) or an admin. */
@Resolver(() => Beneficiary)
export class BeneficiaryResolver {
  @Authorized("steward")
  @Query(() => Beneficiary, { nullable: true, description: "A beneficiary by code or snapshot id, as on `asOf` (null with a NOT_FOUND error if not recorded then). Steward in scope, or admin." })
  beneficiary(@Ctx() context: HubContext, @Args(() => LookupArgs) args: LookupArgs): Promise<EntityRecord | null> {
    return beneficiaries.findBeneficiary(context, args);
  }

  @Authorized("steward")
  @Query(() => BeneficiaryConnection, { nullable: true,
    description: "Beneficiaries valid on `asOf`, filtered (kind, place, left unpaired), one page at a time, ordered by code. A steward names `within` inside the token's scope.",
  })
  beneficiaries(@Ctx() context: HubContext, @Args(() => BeneficiariesArgs) args: BeneficiariesArgs): Promise<Page<EntityRecord>> {
    return beneficiaries.listBeneficiaries(context, args);
  }

  @FieldResolver(() => Place, { nullable: true, description: "Where the beneficiary lives on the same date." })
  livesIn(@Root() beneficiary: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord | null> {
    return beneficiaries.homeOf(context, beneficiary);
  }

  @FieldResolver(() => [Pairing], { nullable: true, description: "The pairings helping the beneficiary on the same date." })
  pairings(@Root() beneficiary: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord[]> {
    return pairings.pairingsOf(context, pairings.BENEFICIARY_PAIRINGS, beneficiary);
  }

  @Mutation(() => BeneficiaryPayload, { description: "Registers a beneficiary of paired assistance, under a pseudonym, with the place they live in." })
  registerBeneficiary(
    @Ctx() context: HubContext,
    @Arg("input", () => RegisterBeneficiaryInput, { description: "The new beneficiary." }) input: RegisterBeneficiaryInput,
  ): Promise<Payload<"beneficiary", EntityRecord>> {
    return payload("beneficiary", beneficiaries.registerBeneficiary(context, input));
  }
}
