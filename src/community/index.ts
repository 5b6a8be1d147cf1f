import { CoBuildingAgreementResolver } from "./agreement.resolver.js";
import { CouncilResolver } from "./council.resolver.js";
import { FacilityResolver } from "./facility.resolver.js";
import { OrganisationCommunityResolver, PlaceCommunityResolver, UnitCommunityResolver } from "./neighbours.resolver.js";
import { CulturalTeamResolver, VolunteerTeamResolver } from "./team.resolver.js";

export { CoBuildingAgreementResolver, CouncilResolver, CulturalTeamResolver, FacilityResolver, OrganisationCommunityResolver, PlaceCommunityResolver, UnitCommunityResolver, VolunteerTeamResolver };
export { CoBuildingAgreementConnection } from "./agreement.resolver.js";
export { CouncilConnection } from "./council.resolver.js";
export { FacilityConnection } from "./facility.resolver.js";
export { CulturalTeamConnection, VolunteerTeamConnection } from "./team.resolver.js";
export { CoBuildingAgreement } from "./agreement.type.js";
export { Council, CouncilSeat } from "./council.type.js";
export { Facility } from "./facility.type.js";
export { CulturalTeam, VolunteerTeam } from "./team.type.js";
export * as agreementService from "./agreement.service.js";
export * as councilService from "./council.service.js";
export * as facilityService from "./facility.service.js";
export * as teamService from "./team.service.js";

/** Every resolver class of the community folder, for the schema's resolver list. */
export const COMMUNITY_RESOLVERS = [
  CouncilResolver,
  CoBuildingAgreementResolver,
  VolunteerTeamResolver,
  CulturalTeamResolver,
  FacilityResolver,
  PlaceCommunityResolver,
  OrganisationCommunityResolver,
  UnitCommunityResolver,
] as const;
