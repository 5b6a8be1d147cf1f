import type { Page } from "../graph/connection.js";
import { toEntityRecord, type EntityRecord } from "../graph/entity.record.js";
import { findEntity, listEntities } from "../graph/entity.service.js";
import type { EndArgs, LookupArgs, RenameArgs } from "../graph/entity.input.js";
import { createAnchoredEntity, endEntity, entityOn, givenAttributes, mutateEntity, renameEntity, updateAttributes } from "../graph/entity.writes.js";
import { endDatedLink, openDatedLink, type DatedLink } from "../graph/link.writes.js";
import { assertVersion, mutate, requireEntity, ruleViolation } from "../graph/mutation.js";
import { loadEntities, loadOne, loadRelation, type Linked, type RelationSpec } from "../graph/relation.js";
import type { UnitKind } from "../graph/vocabulary.js";
import { closeLinksQuery, openLinkQuery, updateEntityQuery } from "../graph/write.queries.js";
import type { HubContext } from "../server/context.js";
import type { AssignWorkCoverageInput, CoverUnitInput, EndCoverageInput, EndWorkCoverageInput, RegisterUnitInput, UnitAttributesInput, UnitsArgs, UpdateUnitInput } from "./unit.input.js";
import { unitCount, unitDependants, unitPage } from "./unit.queries.js";
import { assertOneAtATime } from "../graph/rule-guards.js";

export const UNIT_LOCATION: RelationSpec = { name: "unit.location", type: "LOCATED_IN", direction: "out", target: "Place" };
export const UNIT_LOCATION_HISTORY: RelationSpec = { name: "unit.locationHistory", type: "LOCATED_IN", direction: "out", target: "Place", history: true };
export const PLACE_UNITS: RelationSpec = { name: "place.units", type: "LOCATED_IN", direction: "in", target: "Unit" };
export const UNIT_COVERED_BY: RelationSpec = { name: "unit.coveredBy", type: "COVERS", direction: "in", target: "Organisation" };
export const ORGANISATION_COVERS: RelationSpec = { name: "organisation.covers", type: "COVERS", direction: "out", target: "Unit" };
export const UNIT_WORK_COVERED_BY: RelationSpec = { name: "unit.workCoveredBy", type: "WORK_COVERED_BY", direction: "out", target: "Organisation" };
export const ORGANISATION_WORK_COVERS: RelationSpec = { name: "organisation.workCovers", type: "WORK_COVERED_BY", direction: "in", target: "Unit" };

/** A coverage or work coverage as the GraphQL types show it, whichever side it was reached from. */
export interface CoverageView {
  readonly organisation: EntityRecord;
  readonly unit: EntityRecord;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly [property: string]: unknown;
}

function coverageView(organisation: EntityRecord, unit: EntityRecord, link: Linked["link"]): CoverageView {
  return { ...link, organisation, unit, validFrom: link.validFrom, validTo: link.validTo ?? null };
}

export function findUnit(context: HubContext, args: LookupArgs): Promise<EntityRecord | null> {
  return findEntity(context, "Unit", args, args.asOf);
}

export function listUnits(context: HubContext, args: UnitsArgs): Promise<Page<EntityRecord>> {
  return listEntities(
    context,
    args,
    (asOf) => ({ asOf, kinds: args.kinds ?? null, within: args.within ?? null, nameContains: args.nameContains ?? null, operating: args.operating ?? null }),
    unitPage,
    unitCount,
  );
}

export function locationOf(context: HubContext, unit: EntityRecord): Promise<EntityRecord | null> {
  return loadOne(context.db, context.loaders, UNIT_LOCATION, unit);
}

export function locationHistoryOf(context: HubContext, unit: EntityRecord): Promise<Linked[]> {
  return loadRelation(context.db, context.loaders, UNIT_LOCATION_HISTORY, unit);
}

export async function unitsIn(context: HubContext, place: EntityRecord, kinds: readonly UnitKind[] | null | undefined): Promise<EntityRecord[]> {
  const units = await loadEntities(context.db, context.loaders, PLACE_UNITS, place);
  return units.filter((unit) => !kinds || kinds.includes(unit.kind as UnitKind));
}

export async function coveredBy(context: HubContext, unit: EntityRecord): Promise<CoverageView[]> {
  return (await loadRelation(context.db, context.loaders, UNIT_COVERED_BY, unit)).map(({ entity, link }) => coverageView(entity, unit, link));
}

export async function coveredUnits(context: HubContext, organisation: EntityRecord): Promise<CoverageView[]> {
  return (await loadRelation(context.db, context.loaders, ORGANISATION_COVERS, organisation)).map(({ entity, link }) => coverageView(organisation, entity, link));
}

export async function workCoveredBy(context: HubContext, unit: EntityRecord): Promise<CoverageView[]> {
  return (await loadRelation(context.db, context.loaders, UNIT_WORK_COVERED_BY, unit)).map(({ entity, link }) => coverageView(entity, unit, link));
}

export async function workCoveredUnits(context: HubContext, organisation: EntityRecord): Promise<CoverageView[]> {
  return (await loadRelation(context.db, context.loaders, ORGANISATION_WORK_COVERS, organisation)).map(({ entity, link }) => coverageView(organisation, entity, link));
}

function unitAttributes(input: UnitAttributesInput): Record<string, unknown> {
  return givenAttributes(input, ["sector", "formalPartyMembers", "operating"]);
}

export function registerUnit(context: HubContext, input: RegisterUnitInput): Promise<EntityRecord> {
  const properties = { operating: true, ...unitAttributes(input), kind: input.kind };
  return mutateEntity(context, "registerUnit", (tx) =>
    createAnchoredEntity(tx, "Unit", input, properties, [{ type: "LOCATED_IN", target: "Place", code: input.location, role: "location" }]),
  );
}

export function updateUnit(context: HubContext, input: UpdateUnitInput): Promise<EntityRecord> {
  return mutateEntity(context, "updateUnit", (tx) => updateAttributes(tx, "Unit", input.code, () => unitAttributes(input), input.expectedVersion, context.today), { touches: [input.code] });
}

export function renameUnit(context: HubContext, args: RenameArgs): Promise<EntityRecord> {
  return mutateEntity(context, "renameUnit", (tx) => renameEntity(tx, "Unit", args.code, args.name, args.date, args.expectedVersion));
}

/** Ends a unit on `date` with its location, coverage and work coverage; refused while a co-building agreement it is party to still runs. */
export function dissolveUnit(context: HubContext, { code, date, expectedVersion }: EndArgs): Promise<EntityRecord> {
  return mutateEntity(context, "dissolveUnit", (tx) =>
    endEntity(tx, "Unit", code, date, expectedVersion, async () => {
      const [row] = await tx.run(unitDependants(code, date));
      const agreements = (row?.agreements as string[] | undefined) ?? [];
      if (agreements.length > 0) {
        throw ruleViolation(
          "ACTIVE_SUBORDINATES",
          `Unit ${code} is still party to ${agreements.length} co-building agreement(s) on ${date} (${agreements.join(", ")}); end them first.`,
          { agreements },
        );
      }
    }),
  );
}

/**
 * Re-locates a unit from `date` on: the location holding then ends, a new one starts and runs to
 * the unit's end; history stays. A unit is in one place at a time, so a location already planned
 * after `date` is a conflict to resolve by hand (SINGLE_LOCATION).
 */
export function moveUnit(context: HubContext, code: string, place: string, date: string, expectedVersion: number | null | undefined): Promise<EntityRecord> {
  return mutate(context, "moveUnit", async (tx) => {
    const unit = await entityOn(tx, "Unit", code, date);
    assertVersion(unit, expectedVersion);
    const span = { from: date, to: unit.validTo };
    await requireEntity(tx, "Place", place, span, "location");
    await tx.run(closeLinksQuery("LOCATED_IN", code, "out", date));
    await assertOneAtATime(tx, "LOCATED_IN", code, span);
    await tx.run(openLinkQuery({ type: "LOCATED_IN", fromCode: code, toCode: place, validFrom: span.from, validTo: span.to }));
    const [row] = await tx.run(updateEntityQuery("Unit", code, {}, null));
    return { result: toEntityRecord(row!.entity, date), entityCodes: [code, place] };
  });
}

function linkOutcome(link: DatedLink, organisation: "from" | "to"): { result: CoverageView; entityCodes: string[]; asOf: string } {
  const [org, unit] = organisation === "from" ? [link.from, link.to] : [link.to, link.from];
  // The ends are seen on the link's first day (opened) or last day (ended): the scope is checked then.
  return { result: coverageView(org, unit, link.link), entityCodes: [org.code, unit.code], asOf: link.effective };
}

/** The organisation covers the unit over the dates; the same pair once at a time (OVERLAPPING_LINK). */
export function coverUnit(context: HubContext, input: CoverUnitInput): Promise<CoverageView> {
  return mutate(context, "coverUnit", async (tx) =>
    linkOutcome(
      await openDatedLink(tx, {
        type: "COVERS",
        from: { label: "Organisation", code: input.organisation, role: "covering organisation" },
        to: { label: "Unit", code: input.unit, role: "covered unit" },
        validFrom: input.validFrom,
        validTo: input.validTo,
        properties: { mode: input.mode },
        overlap: { rule: "OVERLAPPING_LINK", verb: "covers" },
        owner: "from",
      }),
      "from",
    ),
  );
}

/** Ends the coverage on `date`; `expectedVersion` is the organisation's (a coverage belongs to its organisation). */
export function endCoverage(context: HubContext, input: EndCoverageInput): Promise<CoverageView> {
  return mutate(context, "endCoverage", async (tx) =>
    linkOutcome(
      await endDatedLink(tx, {
        type: "COVERS",
        from: { label: "Organisation", code: input.organisation, role: "covering organisation" },
        to: { label: "Unit", code: input.unit, role: "covered unit" },
        date: input.date,
        owner: "from",
        expectedVersion: input.expectedVersion,
      }),
      "from",
    ),
  );
}

/** The organisation reaches the unit through an instructor or liaison; the same pair once at a time (OVERLAPPING_LINK). */
export function assignWorkCoverage(context: HubContext, input: AssignWorkCoverageInput): Promise<CoverageView> {
  return mutate(context, "assignWorkCoverage", async (tx) =>
    linkOutcome(
      await openDatedLink(tx, {
        type: "WORK_COVERED_BY",
        from: { label: "Unit", code: input.unit, role: "unit reached" },
        to: { label: "Organisation", code: input.organisation, role: "sending organisation" },
        validFrom: input.validFrom,
        validTo: input.validTo,
        properties: { role: input.role },
        overlap: { rule: "OVERLAPPING_LINK", verb: "is work-covered by" },
        owner: "to",
      }),
      "to",
    ),
  );
}

/** Ends the work coverage on `date`; `expectedVersion` is the sending organisation's (the link belongs to it). */
export function endWorkCoverage(context: HubContext, input: EndWorkCoverageInput): Promise<CoverageView> {
  return mutate(context, "endWorkCoverage", async (tx) =>
    linkOutcome(
      await endDatedLink(tx, {
        type: "WORK_COVERED_BY",
        from: { label: "Unit", code: input.unit, role: "unit reached" },
        to: { label: "Organisation", code: input.organisation, role: "sending organisation" },
        date: input.date,
        owner: "to",
        expectedVersion: input.expectedVersion,
      }),
      "to",
    ),
  );
}
