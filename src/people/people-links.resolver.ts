import { Authorized, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { EntityRecord } from "../graph/entity.record.js";
import { Organisation } from "../organisations/organisation.type.js";
import { Place } from "../places/place.type.js";
import type { HubContext } from "../server/context.js";
import { Unit } from "../units/unit.type.js";
import * as beneficiaries from "./beneficiary.service.js";
import { Beneficiary } from "./beneficiary.type.js";
import * as members from "./member.service.js";
import { Member } from "./member.type.js";
import * as pairings from "./pairing.service.js";
import { Pairing } from "./pairing.type.js";

/**
 * The people side of places, organisations and units: type-graphql merges these fields into those
 * types. Each needs a steward whose scope covers the place, organisation or unit, or an admin.
 */
@Resolver(() => Place)
export class PlacePeopleResolver {
  @Authorized("steward")
  @FieldResolver(() => [Member], { nullable: true, description: "Members living in this building on the same date (personal data: steward in scope, or admin)." })
  residents(@Root() place: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord[]> {
    return members.membersAt(context, members.PLACE_RESIDENTS, place);
  }

  @Authorized("steward")
  @FieldResolver(() => [Member], { nullable: true, description: "In-service members registered with this community on the same date, 雙報到 (personal data: steward in scope, or admin)." })
  registeredMembers(@Root() place: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord[]> {
    return members.membersAt(context, members.PLACE_REGISTERED_MEMBERS, place);
  }

  @Authorized("steward")
  @FieldResolver(() => [Beneficiary], { nullable: true, description: "Beneficiaries living directly in this place on the same date (personal data: steward in scope, or admin)." })
  beneficiaries(@Root() place: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord[]> {
    return beneficiaries.beneficiariesIn(context, place);
  }
}

@Resolver(() => Organisation)
export class OrganisationPeopleResolver {
  @Authorized("steward")
  @FieldResolver(() => [Member], { nullable: true,
    description: "The organisation's members on the same date (personal data: steward in scope, or admin). Counts for analytics come from formalMembers, not from here.",
  })
  members(@Root() organisation: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord[]> {
    return members.membersAt(context, members.ORGANISATION_MEMBERS, organisation);
  }

  @Authorized("steward")
  @FieldResolver(() => [Pairing], { nullable: true, description: "Pairings in which the organisation helps, on the same date (steward in scope, or admin)." })
  pairings(@Root() organisation: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord[]> {
    return pairings.pairingsOf(context, pairings.HELPER_PAIRINGS, organisation);
  }
}

@Resolver(() => Unit)
export class UnitPeopleResolver {
  @Authorized("steward")
  @FieldResolver(() => [Member], { nullable: true, description: "Members employed by the unit on the same date (personal data: steward in scope, or admin)." })
  employees(@Root() unit: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord[]> {
    return members.membersAt(context, members.UNIT_EMPLOYEES, unit);
  }
}
