import type { Page } from "../graph/connection.js";
import type { EndArgs, LookupArgs } from "../graph/entity.input.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { findEntity, listEntities } from "../graph/entity.service.js";
import { createAnchoredEntity, endEntity, givenAttributes, mutateEntity, updateAttributes } from "../graph/entity.writes.js";
import { endDatedLink, openDatedLink, type DatedLink, type LinkEnd } from "../graph/link.writes.js";
import { mutate } from "../graph/mutation.js";
import { loadEntities, loadOne, loadRelation, type LinkRecord, type RelationSpec } from "../graph/relation.js";
import { linkKindRule } from "../graph/rule-registry.js";
import type { HubContext } from "../server/context.js";
import type { AddCouncilSeatInput, CouncilsArgs, CreateCouncilInput, EndCouncilSeatInput, UpdateCouncilInput } from "./council.input.js";
import { councilCount, councilPage } from "./council.queries.js";

export const COUNCIL_CONVENER: RelationSpec = { name: "council.convenedBy", type: "CONVENED_BY", direction: "out", target: "Organisation" };
export const ORGANISATION_CONVENES: RelationSpec = { name: "organisation.convenedCouncils", type: "CONVENED_BY", direction: "in", target: "Council" };
export const COUNCIL_SERVES: RelationSpec = { name: "council.serves", type: "SERVES", direction: "out", target: "Place" };
export const PLACE_COUNCILS: RelationSpec = { name: "place.councils", type: "SERVES", direction: "in", target: "Council" };
export const COUNCIL_SEATS: RelationSpec = { name: "council.seats", type: "HOLDS_SEAT", direction: "in", target: "Organisation" };
export const ORGANISATION_SEATS: RelationSpec = { name: "organisation.councilSeats", type: "HOLDS_SEAT", direction: "out", target: "Council" };

/** A seat as the CouncilSeat type shows it, whichever side it was reached from. */
export interface SeatView {
  readonly council: EntityRecord;
  readonly organisation: EntityRecord;
  readonly responsibilities: string | null;
  readonly partTime: boolean;
  readonly validFrom: string;
  readonly validTo: string | null;
}

function seatView(council: EntityRecord, organisation: EntityRecord, link: LinkRecord): SeatView {
  return {
    council,
    organisation,
    responsibilities: (link.responsibilities as string | null | undefined) ?? null,
    // A seat stored without the flag (seeds may omit it) is a full seat.
    partTime: link.partTime === true,
    validFrom: link.validFrom,
    validTo: link.validTo ?? null,
  };
}

export function findCouncil(context: HubContext, args: LookupArgs): Promise<EntityRecord | null> {
  return findEntity(context, "Council", args, args.asOf);
}

export function listCouncils(context: HubContext, args: CouncilsArgs): Promise<Page<EntityRecord>> {
  return listEntities(
    context,
    args,
    (asOf) => ({ asOf, within: args.within ?? null, nameContains: args.nameContains ?? null, convenedBy: args.convenedBy ?? null }),
    councilPage,
    councilCount,
  );
}

export function convenerOf(context: HubContext, council: EntityRecord): Promise<EntityRecord | null> {
  return loadOne(context.db, context.loaders, COUNCIL_CONVENER, council);
}

export function servedPlaceOf(context: HubContext, council: EntityRecord): Promise<EntityRecord | null> {
  return loadOne(context.db, context.loaders, COUNCIL_SERVES, council);
}

export async function seatsOf(context: HubContext, council: EntityRecord): Promise<SeatView[]> {
  return (await loadRelation(context.db, context.loaders, COUNCIL_SEATS, council)).map(({ entity, link }) => seatView(council, entity, link));
}

export async function seatsHeldBy(context: HubContext, organisation: EntityRecord): Promise<SeatView[]> {
  return (await loadRelation(context.db, context.loaders, ORGANISATION_SEATS, organisation)).map(({ entity, link }) => seatView(entity, organisation, link));
}

export function councilsConvenedBy(context: HubContext, organisation: EntityRecord): Promise<EntityRecord[]> {
  return loadEntities(context.db, context.loaders, ORGANISATION_CONVENES, organisation);
}

export function councilsServing(context: HubContext, place: EntityRecord): Promise<EntityRecord[]> {
  return loadEntities(context.db, context.loaders, PLACE_COUNCILS, place);
}

/** A council is convened by a committee or general branch (COUNCIL_CONVENER) and serves a community or subdistrict (COUNCIL_PLACE). */
export function createCouncil(context: HubContext, input: CreateCouncilInput): Promise<EntityRecord> {
  return mutateEntity(context, "createCouncil", (tx) =>
    createAnchoredEntity(tx, "Council", input, givenAttributes(input, ["rules"]), [
      { type: "CONVENED_BY", target: "Organisation", code: input.convenedBy, role: "convener", kinds: linkKindRule("CONVENED_BY") },
      { type: "SERVES", target: "Place", code: input.serves, role: "served place", kinds: linkKindRule("SERVES") },
    ]),
  );
}

export function updateCouncil(context: HubContext, input: UpdateCouncilInput): Promise<EntityRecord> {
  return mutateEntity(context, "updateCouncil", (tx) => updateAttributes(tx, "Council", input.code, () => givenAttributes(input, ["rules"]), input.expectedVersion, context.today), { touches: [input.code] });
}

/** Ends the council and, with it, every seat still held then. */
export function dissolveCouncil(context: HubContext, { code, date, expectedVersion }: EndArgs): Promise<EntityRecord> {
  return mutateEntity(context, "dissolveCouncil", (tx) => endEntity(tx, "Council", code, date, expectedVersion));
}

const SEAT_HOLDER = (code: string): LinkEnd => ({ label: "Organisation", code, role: "seat holder" });
const SEAT_COUNCIL = (code: string): LinkEnd => ({ label: "Council", code, role: "council" });

function seatOutcome({ from, to, link, effective }: DatedLink): { result: SeatView; entityCodes: string[]; asOf: string } {
  // The ends are seen on the seat's first day (opened) or last day (ended): the scope is checked then.
  return { result: seatView(to, from, link), entityCodes: [to.code, from.code], asOf: effective };
}

/** One seat per organisation per council at a time (SINGLE_SEAT); both must exist over the whole term. */
export function addCouncilSeat(context: HubContext, input: AddCouncilSeatInput): Promise<SeatView> {
  return mutate(context, "addCouncilSeat", async (tx) =>
    seatOutcome(
      await openDatedLink(tx, {
        type: "HOLDS_SEAT",
        from: SEAT_HOLDER(input.organisation),
        to: SEAT_COUNCIL(input.council),
        validFrom: input.validFrom,
        validTo: input.validTo,
        properties: { ...givenAttributes(input, ["responsibilities"]), partTime: input.partTime ?? false },
        overlap: { rule: "SINGLE_SEAT", verb: "holds a seat on" },
        owner: "from",
      }),
    ),
  );
}

/** Ends the seat on `date`; `expectedVersion` is the seat holder's (a seat belongs to its organisation). */
export function endCouncilSeat(context: HubContext, input: EndCouncilSeatInput): Promise<SeatView> {
  return mutate(context, "endCouncilSeat", async (tx) =>
    seatOutcome(
      await endDatedLink(tx, {
        type: "HOLDS_SEAT",
        from: SEAT_HOLDER(input.organisation),
        to: SEAT_COUNCIL(input.council),
        date: input.date,
        owner: "from",
        expectedVersion: input.expectedVersion,
      }),
    ),
  );
}
