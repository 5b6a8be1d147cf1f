import { Arg, Authorized, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { EntityRecord } from "../graph/entity.record.js";
import { FacilityKindEnum } from "../graph/enums.js";
import type { FacilityKind } from "../graph/vocabulary.js";
import { Organisation } from "../organisations/organisation.type.js";
import { Place } from "../places/place.type.js";
import type { HubContext } from "../server/context.js";
import { Unit } from "../units/unit.type.js";
import { CoBuildingAgreement } from "./agreement.type.js";
import * as agreements from "./agreement.service.js";
import { Council, CouncilSeat } from "./council.type.js";
import * as councils from "./council.service.js";
import { Facility } from "./facility.type.js";
import * as facilities from "./facility.service.js";
import { CulturalTeam, VolunteerTeam } from "./team.type.js";
import * as teams from "./team.service.js";

/** The community side of places: type-graphql merges these fields into Place. */
// Named entities: analysts and up (viewers get aggregates only; issue 6).
@Authorized("analyst")
@Resolver(() => Place)
export class PlaceCommunityResolver {
  @FieldResolver(() => [Council], { nullable: true, description: "Coordination councils serving this place on the same date." })
  councils(@Root() place: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord[]> {
    return councils.councilsServing(context, place);
  }

  @FieldResolver(() => [CoBuildingAgreement], { nullable: true, description: "Co-building agreements in force with this community on the same date." })
  agreements(@Root() place: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord[]> {
    return agreements.agreementsWithPlace(context, place);
  }

  @FieldResolver(() => [CulturalTeam], { nullable: true, description: "Cultural teams based in this place on the same date." })
  culturalTeams(@Root() place: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord[]> {
    return teams.culturalTeamsIn(context, place);
  }

  @FieldResolver(() => [Facility], { nullable: true, description: "Facilities of this place on the same date." })
  facilities(
    @Root() place: EntityRecord,
    @Ctx() context: HubContext,
    @Arg("kinds", () => [FacilityKindEnum], { nullable: true, description: "Only facilities of these kinds." }) kinds?: FacilityKind[] | null,
  ): Promise<EntityRecord[]> {
    return facilities.facilitiesOf(context, place, kinds);
  }
}

/** The community side of organisations: type-graphql merges these fields into Organisation. */
// Named entities: analysts and up (viewers get aggregates only; issue 6).
@Authorized("analyst")
@Resolver(() => Organisation)
export class OrganisationCommunityResolver {
  @FieldResolver(() => [CouncilSeat], { nullable: true, description: "Council seats this organisation holds on the same date." })
  councilSeats(@Root() organisation: EntityRecord, @Ctx() context: HubContext): Promise<object[]> {
    return councils.seatsHeldBy(context, organisation);
  }

  @FieldResolver(() => [Council], { nullable: true, description: "Councils this organisation convenes on the same date." })
  convenedCouncils(@Root() organisation: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord[]> {
    return councils.councilsConvenedBy(context, organisation);
  }

  @FieldResolver(() => [VolunteerTeam], { nullable: true, description: "Volunteer teams this organisation organises on the same date." })
  volunteerTeams(@Root() organisation: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord[]> {
    return teams.volunteerTeamsOf(context, organisation);
  }
}

/** The community side of units: type-graphql merges these fields into Unit. */
// Named entities: analysts and up (viewers get aggregates only; issue 6).
@Authorized("analyst")
@Resolver(() => Unit)
export class UnitCommunityResolver {
  @FieldResolver(() => [CoBuildingAgreement], { nullable: true, description: "Co-building agreements the unit is party to on the same date." })
  agreements(@Root() unit: EntityRecord, @Ctx() context: HubContext): Promise<EntityRecord[]> {
    return agreements.agreementsOfUnit(context, unit);
  }
}
