export { ChangeEventResolver, ChangeEventConnection, OrganisationEventsResolver, PlaceEventsResolver } from "./history.resolver.js";
export { ChangeEvent, Lineage, LineageStep, LineageDirectionEnum } from "./change-event.type.js";
export * as historyService from "./history.service.js";
export * as restructureService from "./restructure.service.js";
