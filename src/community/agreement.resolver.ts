import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { connectionType, type Page } from "../graph/connection.js";
import { LookupArgs, type EndArgs } from "../graph/entity.input.js";
import { payload, payloadType, type Payload } from "../graph/payload.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { Place } from "../places/place.type.js";
import type { HubContext } from "../server/context.js";
import { Unit } from "../units/unit.type.js";
import { CoBuildingAgreementsArgs, EndCoBuildingAgreementInput, RegisterCoBuildingAgreementInput } from "./agreement.input.js";
import * as agreements from "./agreement.service.js";
import { CoBuildingAgreement } from "./agreement.type.js";

export const CoBuildingAgreementConnection = connectionType(CoBuildingAgreement, "CoBuildingAgreement", "co-building agreement");
export const CoBuildingAgreementPayload = payloadType(CoBuildingAgreement, "CoBuildingAgreement", "coBuildingAgreement", "co-building agreement");

// Named entities: analysts and up (viewers get aggregates only; issue 6).
@Authorized("analyst")
@Resolver(() => CoBuildingAgreement)
export class CoBuildingAgreementResolver {
  @Query(() => CoBuildingAgreement, { nullable: true, description: "A co-building agreement by code or snapshot id, as it is on `asOf` (null with a NOT_FOUND error if not in force then)." })
  coBuildingAgreement(@Ctx() context: HubContext, @Args(() => LookupArgs) args: LookupArgs): Promise<EntityRecord | null> {
    return agreements.findAgreement(context, args);
  }

  @Query(() => CoBuildingAgreementConnection, { nullable: true, description: "Co-building agreements in force on `asOf`, filtered, one page at a time, ordered by code." })
  coBuildingAgreements(@Ctx() context: HubContext, @Args(() => CoBuildingAgreementsArgs) args: CoBuildingAgreementsArgs): Promise<Page<EntityRecord>> {
    return agreements.listAgreements(context, args);
  }

  @FieldResolver(() => Unit, { nullable: true, description: "The unit that is party to the agreement." })
  unit(@Root() agreement: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord | null> {
    return agreements.unitOf(context, agreement);
  }

  @FieldResolver(() => Place, { nullable: true, description: "The community that is party to the agreement." })
  community(@Root() agreement: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord | null> {
    return agreements.communityOf(context, agreement);
  }

  @Mutation(() => CoBuildingAgreementPayload, { description: "Registers a co-building agreement between a unit and a community (AGREEMENT_COMMUNITY), in force from validFrom." })
  registerCoBuildingAgreement(
    @Ctx() context: HubContext,
    @Arg("input", () => RegisterCoBuildingAgreementInput, { description: "The agreement." }) input: RegisterCoBuildingAgreementInput,
  ): Promise<Payload<"coBuildingAgreement", EntityRecord>> {
    return payload("coBuildingAgreement", agreements.registerAgreement(context, input));
  }

  @Mutation(() => CoBuildingAgreementPayload, { description: "Ends a co-building agreement on `date` (expired or terminated)." })
  endCoBuildingAgreement(@Ctx() context: HubContext, @Arg("input", () => EndCoBuildingAgreementInput, { description: "Which one, and the first day without it." }) input: EndArgs): Promise<Payload<"coBuildingAgreement", EntityRecord>> {
    return payload("coBuildingAgreement", agreements.endAgreement(context, input));
  }
}
