export { OrganisationResolver, PlaceOrganisationsResolver } from "./organisation.resolver.js";
export { Organisation, Leadership } from "./organisation.type.js";
export * as organisationService from "./organisation.service.js";
