import { HubError } from "../errors/index.js";
import type { Page } from "../graph/connection.js";
import { dayBefore } from "../graph/dates.js";
import { findEntity, listEntities } from "../graph/entity.service.js";
import { assertNoLiveDependants, assertNothingAfter, entityAnyDate, entityOn } from "../graph/entity.writes.js";
import { toEntityRecord, type EntityRecord } from "../graph/entity.record.js";
import {
  assertCodeFree,
  assertDate,
  assertMayCreateTopLevel,
  assertSpan,
  assertVersion,
  mutate,
  requireEntity,
  ruleViolation,
} from "../graph/mutation.js";
import { fieldRead } from "../graph/read-plan.js";
import { loadRelation, readEntities, readOne, type Linked, type MaybePromise } from "../graph/relation.js";
import { PLACE_CHILDREN, PLACE_PARENT, PLACE_PARENT_HISTORY } from "../graph/relations.js";
import type { Selection } from "../graph/selection.js";
import { kindCheck } from "../graph/rule-registry.js";
import { ALLOWED_PARENT_PLACES } from "../graph/rules.js";
import type { PlaceKind } from "../graph/vocabulary.js";
import {
  closeLinksQuery,
  createEntityQuery,
  dissolveEntityQuery,
  openLinkQuery,
  renameEntityQuery,
  updateEntityQuery,
} from "../graph/write.queries.js";
import type { Transaction } from "../database/index.js";
import type { HubContext } from "../server/context.js";
import type { CreatePlaceInput, PlaceAttributesInput, PlacesArgs, UpdatePlaceInput } from "./place.input.js";
import { placeAncestors, placeCount, placeDependants, placePage } from "./place.queries.js";
import { assertNoCycle, assertOneAtATime } from "../graph/rule-guards.js";

export { PLACE_CHILDREN, PLACE_PARENT, PLACE_PARENT_HISTORY } from "../graph/relations.js";

export function findPlace(
  context: HubContext,
  by: { id?: string | null; code?: string | null },
  asOf: string | null | undefined,
  selection: Selection | null = null,
): Promise<EntityRecord | null> {
  return findEntity(context, "Place", by, asOf, selection);
}

export function listPlaces(context: HubContext, args: PlacesArgs): Promise<Page<EntityRecord>> {
  return listEntities(
    context,
    args,
    (asOf) => ({ asOf, kinds: args.kinds ?? null, within: args.within ?? null, nameContains: args.nameContains ?? null }),
    placePage,
    placeCount,
  );
}

export function parentOf(context: HubContext, place: EntityRecord, selection: Selection | null = null): MaybePromise<EntityRecord | null> {
  return readOne(context.db, context.loaders, PLACE_PARENT, place, fieldRead(PLACE_PARENT, null, selection));
}

/** Children of the kinds asked (all when null), as of the place's date, ordered by code. */
export function childrenOf(context: HubContext, place: EntityRecord, kinds: readonly PlaceKind[] | null | undefined, selection: Selection | null = null): MaybePromise<EntityRecord[]> {
  return readEntities(context.db, context.loaders, PLACE_CHILDREN, place, fieldRead(PLACE_CHILDREN, kinds, selection));
}

export function parentHistoryOf(context: HubContext, place: EntityRecord): Promise<Linked[]> {
  return loadRelation(context.db, context.loaders, PLACE_PARENT_HISTORY, place);
}

export function ancestorsOf(context: HubContext, place: EntityRecord): Promise<EntityRecord[]> {
  const loader = context.loaders.get<EntityRecord, EntityRecord[]>(
    "place.ancestors",
    async (places) => {
      const byDate = new Map<string, EntityRecord[]>();
      for (const item of places) byDate.set(item.asOf, [...(byDate.get(item.asOf) ?? []), item]);
      const found = new Map<string, EntityRecord[]>();
      for (const [asOf, group] of byDate) {
        const rows = await context.db.read(placeAncestors(group.map((item) => item.id), asOf));
        for (const row of rows) found.set(`${asOf}|${String(row.key)}`, (row.ancestors as unknown[]).map((map) => toEntityRecord(map, asOf)));
      }
      return places.map((item) => found.get(`${item.asOf}|${item.id}`) ?? []);
    },
    (item) => `${item.asOf}|${item.id}`,
  );
  return loader.load(place);
}

const ATTRIBUTE_KINDS: Record<keyof PlaceAttributesInput, readonly PlaceKind[]> = {
  compoundKind: ["COMPOUND"],
  propertyManaged: ["COMPOUND"],
  staffCount: ["COMMUNITY"],
  delegatedTaskCategories: ["COMMUNITY"],
  delegatedTasks: ["COMMUNITY"],
  facilityInvestmentYuan: ["SUBDISTRICT"],
};

/** Only the attributes that make sense for the kind; anything else is a mistake worth reporting. */
function placeAttributes(kind: PlaceKind, input: PlaceAttributesInput): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const [key, kinds] of Object.entries(ATTRIBUTE_KINDS) as [keyof PlaceAttributesInput, readonly PlaceKind[]][]) {
    const value = input[key];
    if (value === undefined || value === null) continue;
    if (!kinds.includes(kind)) {
      throw new HubError("BAD_USER_INPUT", `${key} applies to ${kinds.join(", ")} places, not to ${kind}.`, { argument: key });
    }
    attributes[key] = value;
  }
  return attributes;
}

async function assertParentAllowed(tx: Transaction, kind: PlaceKind, parentCode: string, span: { from: string; to: string | null }): Promise<EntityRecord> {
  const parent = await requireEntity(tx, "Place", parentCode, span, "parent");
  const broken = kindCheck("PART_OF", kind, String(parent.kind));
  if (broken) {
    throw ruleViolation(broken.rule, `A ${kind} cannot be part of a ${String(parent.kind)} (allowed: ${broken.allowed.join(", ") || "none"}).`, {
      kind,
      parentKind: parent.kind,
    });
  }
  return parent;
}

export function createPlace(context: HubContext, input: CreatePlaceInput): Promise<EntityRecord> {
  return mutate(context, "createPlace", async (tx) => {
    assertSpan(input.validFrom, input.validTo, "place");
    await assertCodeFree(tx, input.code);
    const properties = { kind: input.kind, ...placeAttributes(input.kind, input) };
    const span = { from: input.validFrom, to: input.validTo ?? null };
    if (input.parent) await assertParentAllowed(tx, input.kind, input.parent, span);
    else {
      assertMayCreateTopLevel(tx, input.code);
      if (ALLOWED_PARENT_PLACES[input.kind].length > 0) {
        throw ruleViolation("PLACE_NESTING", `A ${input.kind} needs a parent (one of ${ALLOWED_PARENT_PLACES[input.kind].join(", ")}).`, { kind: input.kind });
      }
    }
    const [row] = await tx.run(
      createEntityQuery("Place", { code: input.code, name: input.name, validFrom: input.validFrom, validTo: input.validTo ?? null, properties }, false),
    );
    if (input.parent) {
      await tx.run(openLinkQuery({ type: "PART_OF", fromCode: input.code, toCode: input.parent, validFrom: span.from, validTo: span.to }));
    }
    return { result: toEntityRecord(row!.entity, input.validFrom), entityCodes: [input.code, ...(input.parent ? [input.parent] : [])] };
  });
}

function currentPlace(tx: Transaction, code: string, at: string): Promise<EntityRecord> {
  return entityOn(tx, "Place", code, at);
}

export function updatePlace(context: HubContext, input: UpdatePlaceInput): Promise<EntityRecord> {
  return mutate(context, "updatePlace", async (tx) => {
    const today = context.today;
    // Attributes are corrections, not history: a place that has ended can still be corrected.
    const place = await entityAnyDate(tx, "Place", input.code, today);
    assertVersion(place, input.expectedVersion);
    const attributes = placeAttributes(place.kind as PlaceKind, input);
    const [row] = await tx.run(updateEntityQuery("Place", input.code, attributes, place.version));
    if (!row) throw new HubError("CONFLICT", `Place ${input.code} changed while it was being updated.`, { code: input.code });
    return { result: toEntityRecord(row.entity, today), entityCodes: [input.code] };
  });
}

export function renamePlace(context: HubContext, code: string, name: string, date: string, expectedVersion: number | null | undefined): Promise<EntityRecord> {
  return mutate(context, "renamePlace", async (tx) => {
    assertDate(date, "date");
    const place = await currentPlace(tx, code, date);
    assertVersion(place, expectedVersion);
    const [row] = await tx.run(renameEntityQuery("Place", code, name, date));
    return { result: toEntityRecord(row!.entity, date), entityCodes: [code] };
  });
}

/** Re-parents a place from `date` on: the old part-of link ends, a new one starts; history stays. */
export function movePlace(context: HubContext, code: string, parent: string, date: string, expectedVersion: number | null | undefined): Promise<EntityRecord> {
  return mutate(context, "movePlace", async (tx) => {
    assertDate(date, "date");
    const place = await currentPlace(tx, code, date);
    assertVersion(place, expectedVersion);
    const span = { from: date, to: place.validTo };
    // The rules of the place's own history first (a parent inside it, a parent already planned
    // after the date), then the kind of the new parent; a refusal rolls the closed link back.
    await assertNoCycle(tx, "PART_OF", code, parent, span);
    // The old parent is touched too: a link opened that same day is deleted, not closed, and then
    // nothing reaches it from here (its compound's branch count must still follow).
    const closed = await tx.run(closeLinksQuery("PART_OF", code, "out", date));
    await assertOneAtATime(tx, "PART_OF", code, span);
    await assertParentAllowed(tx, place.kind as PlaceKind, parent, span);
    await tx.run(openLinkQuery({ type: "PART_OF", fromCode: code, toCode: parent, validFrom: date, validTo: place.validTo }));
    const [row] = await tx.run(updateEntityQuery("Place", code, {}, null));
    return { result: toEntityRecord(row!.entity, date), entityCodes: [code, parent, ...closed.map((link) => String(link.code))] };
  });
}

/** Ends a place on `date`; refused while children or organisations still hang below it. */
export function dissolvePlace(context: HubContext, code: string, date: string, expectedVersion: number | null | undefined): Promise<EntityRecord> {
  return mutate(context, "dissolvePlace", async (tx) => {
    assertDate(date, "date");
    const place = await currentPlace(tx, code, date);
    assertVersion(place, expectedVersion);
    if (place.validFrom >= date) throw new HubError("INVALID_DATE_RANGE", `Place ${code} starts on ${place.validFrom}; it cannot end on ${date}.`);
    const [dependants] = await tx.run(placeDependants(code, date));
    const children = (dependants?.children as string[] | undefined) ?? [];
    const organisations = (dependants?.organisations as string[] | undefined) ?? [];
    if (children.length > 0 || organisations.length > 0) {
      throw ruleViolation(
        "ACTIVE_SUBORDINATES",
        `Place ${code} still has ${children.length} child place(s) and ${organisations.length} organisation(s) on ${date}; move or dissolve them first.`,
        { children, organisations },
      );
    }
    await assertNoLiveDependants(tx, "Place", code, date);
    await assertNothingAfter(tx, "Place", code, date);
    const [row] = await tx.run(dissolveEntityQuery("Place", code, date));
    return { result: toEntityRecord(row!.entity, dayBefore(date)), entityCodes: [code], asOf: date };
  });
}
