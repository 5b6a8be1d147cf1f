import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { connectionType, type Page } from "../graph/connection.js";
import { EndArgs, LookupArgs } from "../graph/entity.input.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { Place } from "../places/place.type.js";
import type { HubContext } from "../server/context.js";
import { Unit } from "../units/unit.type.js";
import { CoBuildingAgreementsArgs, RegisterCoBuildingAgreementInput } from "./agreement.input.js";
import * as agreements from "./agreement.service.js";
import { CoBuildingAgreement } from "./agreement.type.js";

export const CoBuildingAgreementConnection = connectionType(CoBuildingAgreement, "CoBuildingAgreement", "co-building agreement");

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

  @Mutation(() => CoBuildingAgreement, { description: "Registers a co-building agreement between a unit and a community (AGREEMENT_COMMUNITY), in force from validFrom." })
  registerCoBuildingAgreement(
    @Ctx() context: HubContext,
    @Arg("input", () => RegisterCoBuildingAgreementInput, { description: "The agreement." }) input: RegisterCoBuildingAgreementInput,
  ): Promise<EntityRecord> {
    return agreements.registerAgreement(context, input);
  }

  @Mutation(() => CoBuildingAgreement, { description: "Ends a co-building agreement on `date` (expired or terminated)." })
  endCoBuildingAgreement(@Ctx() context: HubContext, @Args(() => EndArgs) args: EndArgs): Promise<EntityRecord> {
    return agreements.endAgreement(context, args);
  }
}
