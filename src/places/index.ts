export { PlaceResolver } from "./place.resolver.js";
export { Place, PlaceLink } from "./place.type.js";
export * as placeService from "./place.service.js";
