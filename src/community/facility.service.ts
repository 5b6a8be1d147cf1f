import type { Page } from "../graph/connection.js";
import type { EndArgs, LookupArgs } from "../graph/entity.input.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { findEntity, listEntities } from "../graph/entity.service.js";
import { createAnchoredEntity, endEntity, givenAttributes, mutateEntity, updateAttributes } from "../graph/entity.writes.js";
import { loadEntities, loadOne, type RelationSpec } from "../graph/relation.js";
import type { FacilityKind } from "../graph/vocabulary.js";
import type { HubContext } from "../server/context.js";
import type { CreateFacilityInput, FacilitiesArgs, UpdateFacilityInput } from "./facility.input.js";
import { facilityCount, facilityPage } from "./facility.queries.js";

export const FACILITY_PLACE: RelationSpec = { name: "facility.facilityOf", type: "FACILITY_OF", direction: "out", target: "Place" };
export const PLACE_FACILITIES: RelationSpec = { name: "place.facilities", type: "FACILITY_OF", direction: "in", target: "Facility" };

const ATTRIBUTES = ["kind", "areaSqm", "requirement"] as const;

export function findFacility(context: HubContext, args: LookupArgs): Promise<EntityRecord | null> {
  return findEntity(context, "Facility", args, args.asOf);
}

export function listFacilities(context: HubContext, args: FacilitiesArgs): Promise<Page<EntityRecord>> {
  return listEntities(
    context,
    args,
    (asOf) => ({ asOf, within: args.within ?? null, nameContains: args.nameContains ?? null, kinds: args.kinds ?? null }),
    facilityPage,
    facilityCount,
  );
}

export function placeOf(context: HubContext, facility: EntityRecord): Promise<EntityRecord | null> {
  return loadOne(context.db, context.loaders, FACILITY_PLACE, facility);
}

export async function facilitiesOf(context: HubContext, place: EntityRecord, kinds: readonly FacilityKind[] | null | undefined): Promise<EntityRecord[]> {
  const facilities = await loadEntities(context.db, context.loaders, PLACE_FACILITIES, place);
  return facilities.filter((facility) => !kinds || kinds.includes(facility.kind as FacilityKind));
}

export function createFacility(context: HubContext, input: CreateFacilityInput): Promise<EntityRecord> {
  return mutateEntity(context, "createFacility", (tx) =>
    createAnchoredEntity(tx, "Facility", input, givenAttributes(input, ATTRIBUTES), [{ type: "FACILITY_OF", target: "Place", code: input.facilityOf, role: "place" }]),
  );
}

export function updateFacility(context: HubContext, input: UpdateFacilityInput): Promise<EntityRecord> {
  return mutateEntity(context, "updateFacility", (tx) => updateAttributes(tx, "Facility", input.code, () => givenAttributes(input, ATTRIBUTES), input.expectedVersion, context.today), { touches: [input.code] });
}

export function dissolveFacility(context: HubContext, { code, date, expectedVersion }: EndArgs): Promise<EntityRecord> {
  return mutateEntity(context, "dissolveFacility", (tx) => endEntity(tx, "Facility", code, date, expectedVersion));
}
