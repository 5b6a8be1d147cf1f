export { OrganisationUnitsResolver, PlaceUnitsResolver, UnitResolver, UnitConnection } from "./unit.resolver.js";
export { Coverage, Unit, UnitLocation, WorkCoverage } from "./unit.type.js";
export * as unitService from "./unit.service.js";
