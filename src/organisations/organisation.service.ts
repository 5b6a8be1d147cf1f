import type { Transaction } from "../database/index.js";
import { HubError } from "../errors/index.js";
import type { Page } from "../graph/connection.js";
import { dayBefore } from "../graph/dates.js";
import { toEntityRecord, type EntityRecord } from "../graph/entity.record.js";
import { findEntity, listEntities } from "../graph/entity.service.js";
import { assertNoLiveDependants, assertNothingAfter, entityAnyDate, entityOn, updateAttributes } from "../graph/entity.writes.js";
import { assertCodeFree, assertSpan, assertVersion, mutate, requireEntity, ruleViolation } from "../graph/mutation.js";
import { fieldRead } from "../graph/read-plan.js";
import { loadRelation, mapMaybe, readEntities, readRelation, type Linked, type MaybePromise, type RelationSpec } from "../graph/relation.js";
import { LEADERS } from "../graph/relations.js";
import type { Selection } from "../graph/selection.js";
import { kindCheck } from "../graph/rule-registry.js";
import type { LeadershipLine, OrganisationKind } from "../graph/vocabulary.js";
import {
  closeLinksQuery,
  createEntityQuery,
  dissolveEntityQuery,
  openLinkQuery,
  renameEntityQuery,
  updateEntityQuery,
} from "../graph/write.queries.js";
import type { HubContext } from "../server/context.js";
import type { CreateOrganisationInput, OrganisationsArgs, UpdateOrganisationInput } from "./organisation.input.js";
import {
  activeSubordinates,
  leadershipChains,
  organisationCount,
  organisationPage,
  placeAlignment,
  territorialLeaderAt,
} from "./organisation.queries.js";
import { assertNoCycle, assertOneAtATime } from "../graph/rule-guards.js";

export { BUILT_AT, BUILT_HERE, LEADER_HISTORY, LEADERS, SUBORDINATES } from "../graph/relations.js";

/** A write that succeeded, with the rules it bent (see docs/MODEL.md: misaligned leadership is a warning). */
export interface OrganisationOutcome {
  readonly organisation: EntityRecord;
  readonly warnings: readonly { rule: string; message: string }[];
}

export function findOrganisation(
  context: HubContext,
  by: { id?: string | null; code?: string | null },
  asOf: string | null | undefined,
  selection: Selection | null = null,
): Promise<EntityRecord | null> {
  return findEntity(context, "Organisation", by, asOf, selection);
}

export function listOrganisations(context: HubContext, args: OrganisationsArgs): Promise<Page<EntityRecord>> {
  return listEntities(
    context,
    args,
    (asOf) => ({ asOf, kinds: args.kinds ?? null, forms: args.forms ?? null, within: args.within ?? null, nameContains: args.nameContains ?? null }),
    organisationPage,
    organisationCount,
  );
}

/** The far ends of `spec` from `entity` of the kinds asked (all when null), shaped by the selection below the field. */
export function related(
  context: HubContext,
  spec: RelationSpec,
  entity: EntityRecord,
  kinds: readonly OrganisationKind[] | null = null,
  selection: Selection | null = null,
): MaybePromise<EntityRecord[]> {
  return readEntities(context.db, context.loaders, spec, entity, fieldRead(spec, kinds, selection));
}

/** Its leader on `line` as of its date, or null, shaped by the selection below the field. */
export function leaderOn(context: HubContext, organisation: EntityRecord, line: LeadershipLine, selection: Selection | null): MaybePromise<EntityRecord | null> {
  return mapMaybe(readRelation(context.db, context.loaders, LEADERS, organisation, fieldRead(LEADERS, null, selection)), (links) => links.find((linked) => linked.link.line === line)?.entity ?? null);
}

export function leadershipLinks(context: HubContext, spec: RelationSpec, organisation: EntityRecord): Promise<Linked[]> {
  return loadRelation(context.db, context.loaders, spec, organisation);
}

export function leadershipChain(context: HubContext, organisation: EntityRecord, line: LeadershipLine): Promise<EntityRecord[]> {
  const loader = context.loaders.get<EntityRecord, EntityRecord[]>(
    `organisation.chain.${line}`,
    async (organisations) => {
      const byDate = new Map<string, EntityRecord[]>();
      for (const item of organisations) byDate.set(item.asOf, [...(byDate.get(item.asOf) ?? []), item]);
      const found = new Map<string, EntityRecord[]>();
      for (const [asOf, group] of byDate) {
        const rows = await context.db.read(leadershipChains(group.map((item) => item.id), line, asOf));
        for (const row of rows) found.set(`${asOf}|${String(row.key)}`, (row.chain as unknown[]).map((map) => toEntityRecord(map, asOf)));
      }
      return organisations.map((item) => found.get(`${item.asOf}|${item.id}`) ?? []);
    },
    (item) => `${item.asOf}|${item.id}`,
  );
  return loader.load(organisation);
}

/** The organisation whatever its dates, seen on `asOf` (name and all). */
function organisationAnyDate(tx: Transaction, code: string, asOf: string): Promise<EntityRecord> {
  return entityAnyDate(tx, "Organisation", code, asOf);
}

/** The place rule: a group at a building or courtyard, a branch at a compound or zone… (rules.ts). */
async function assertBuildable(tx: Transaction, kind: OrganisationKind, placeCode: string, span: { from: string; to: string | null }): Promise<void> {
  const place = await requireEntity(tx, "Place", placeCode, span, "builtAt");
  const broken = kindCheck("BUILT_AT", kind, String(place.kind));
  if (broken) {
    throw ruleViolation(
      broken.rule,
      `A ${kind} is built at a ${broken.allowed.join(" or ")}, not at a ${String(place.kind)} (${placeCode}).`,
      { kind, place: placeCode, placeKind: place.kind },
    );
  }
}

/**
 * Checks a leadership link organisation → leader on `line` over `span`: kind rule, no cycle, one
 * leader per line. Returns the warnings it raises (misaligned places), never throws for them.
 */
async function checkLeadership(
  tx: Transaction,
  organisation: { code: string; kind: OrganisationKind },
  leaderCode: string,
  line: LeadershipLine,
  span: { from: string; to: string | null },
): Promise<{ rule: string; message: string }[]> {
  const leader = await requireEntity(tx, "Organisation", leaderCode, span, "leader");
  // A cycle first: it is what a leader led by the organisation is, whatever the kinds say.
  await assertNoCycle(tx, "LED_BY", organisation.code, leaderCode, span);
  const broken = kindCheck("LED_BY", organisation.kind, String(leader.kind), line);
  if (broken) {
    throw ruleViolation(
      broken.rule,
      organisation.kind === "GROUP"
        ? `A group is led by a branch on the territorial line; ${leaderCode} is a ${String(leader.kind)} on the ${line} line.`
        : `A ${organisation.kind} cannot be led by a ${String(leader.kind)} on the ${line} line (allowed: ${broken.allowed.join(", ") || "none"}).`,
      { kind: organisation.kind, leader: leaderCode, leaderKind: leader.kind, line },
    );
  }
  await assertOneAtATime(tx, "LED_BY", organisation.code, span, { line });
  return line === "TERRITORIAL" ? misalignmentWarnings(tx, organisation.code, leaderCode, span.from) : [];
}

/** A territorial leader whose places do not contain the organisation's: warned, not refused. */
async function misalignmentWarnings(tx: Transaction, code: string, leaderCode: string, date: string): Promise<{ rule: string; message: string }[]> {
  const alignment = await tx.run(placeAlignment(code, leaderCode, date));
  return alignment
    .filter((row) => (row.leaderPlaces as string[]).length > 0 && (row.containing as string[]).length === 0)
    .map((row) => ({
      rule: "LEADER_PLACE_MISMATCH",
      message: `${code} is built at ${String(row.place)}, which is not inside the places of its leader ${leaderCode} (${(row.leaderPlaces as string[]).join(", ")}) on ${date}.`,
    }));
}

export function createOrganisation(context: HubContext, input: CreateOrganisationInput): Promise<OrganisationOutcome> {
  return mutate(context, "createOrganisation", async (tx) => {
    assertSpan(input.validFrom, input.validTo, "organisation");
    await assertCodeFree(tx, input.code);
    const span = { from: input.validFrom, to: input.validTo ?? null };
    if (new Set(input.leaders.map((leader) => leader.line)).size !== input.leaders.length) {
      throw ruleViolation("SINGLE_LEADER_PER_LINE", "At most one leader per line.", { organisation: input.code });
    }
    // A place named twice would be linked twice: two BUILT_AT relations for one fact.
    if (new Set(input.builtAt).size !== input.builtAt.length) {
      throw new HubError("BAD_USER_INPUT", "builtAt names the same place more than once.", { argument: "builtAt" });
    }
    if (input.kind === "GROUP") {
      if (input.builtAt.length === 0) throw ruleViolation("GROUP_PLACE", "A group is built at a building or courtyard: give builtAt.");
      if (!input.leaders.some((leader) => leader.line === "TERRITORIAL")) throw ruleViolation("GROUP_LEADER", "A group is led by a branch: give its leader.");
    }
    for (const place of input.builtAt) await assertBuildable(tx, input.kind, place, span);
    const properties = {
      kind: input.kind,
      form: input.form,
      formalMembers: input.formalMembers ?? 0,
      probationaryMembers: input.probationaryMembers ?? 0,
      committeeElected: input.committeeElected ?? false,
    };
    await tx.run(createEntityQuery("Organisation", { code: input.code, name: input.name, validFrom: span.from, validTo: span.to, properties }, false));
    for (const place of input.builtAt) {
      await tx.run(openLinkQuery({ type: "BUILT_AT", fromCode: input.code, toCode: place, validFrom: span.from, validTo: span.to }));
    }
    const warnings = [];
    for (const leader of input.leaders) {
      warnings.push(...(await checkLeadership(tx, { code: input.code, kind: input.kind }, leader.organisation, leader.line, span)));
      await tx.run(
        openLinkQuery({ type: "LED_BY", fromCode: input.code, toCode: leader.organisation, validFrom: span.from, validTo: span.to, properties: { line: leader.line } }),
      );
    }
    const organisation = await organisationAnyDate(tx, input.code, span.from);
    return {
      result: { organisation, warnings },
      entityCodes: [input.code, ...input.builtAt, ...input.leaders.map((leader) => leader.organisation)],
      asOf: span.from,
    };
  });
}

export function updateOrganisation(context: HubContext, input: UpdateOrganisationInput): Promise<EntityRecord> {
  return mutate(
    context,
    "updateOrganisation",
    async (tx) => {
      const changes = organisationCorrections(input);
      const { entity } = await updateAttributes(tx, "Organisation", input.code, () => changes, input.expectedVersion, context.today);
      // Of these attributes only the form is a coverage fact (a territorial organisation covers its place).
      return { result: entity, entityCodes: [input.code], coverageCodes: changes.form === undefined ? [] : [input.code] };
    },
    { touches: [input.code] },
  );
}

/** The attributes an update names (an omitted or null field is left as it is). */
function organisationCorrections(input: UpdateOrganisationInput): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  if (input.formalMembers !== undefined && input.formalMembers !== null) changes.formalMembers = input.formalMembers;
  if (input.probationaryMembers !== undefined && input.probationaryMembers !== null) changes.probationaryMembers = input.probationaryMembers;
  if (input.committeeElected !== undefined && input.committeeElected !== null) changes.committeeElected = input.committeeElected;
  if (input.form !== undefined && input.form !== null) changes.form = input.form;
  return changes;
}

async function currentOrganisation(tx: Transaction, code: string, date: string, expectedVersion: number | null | undefined): Promise<EntityRecord> {
  const organisation = await entityOn(tx, "Organisation", code, date);
  assertVersion(organisation, expectedVersion);
  return organisation;
}

export function renameOrganisation(context: HubContext, code: string, name: string, date: string, expectedVersion: number | null | undefined): Promise<EntityRecord> {
  return mutate(context, "renameOrganisation", async (tx) => {
    await currentOrganisation(tx, code, date, expectedVersion);
    const [row] = await tx.run(renameEntityQuery("Organisation", code, name, date));
    return { result: toEntityRecord(row!.entity, date), entityCodes: [code] };
  });
}

/** Ends an organisation; refused while it still leads others (they must be re-led or dissolved first). */
export function dissolveOrganisation(context: HubContext, code: string, date: string, expectedVersion: number | null | undefined): Promise<EntityRecord> {
  return mutate(context, "dissolveOrganisation", async (tx) => {
    const organisation = await currentOrganisation(tx, code, date, expectedVersion);
    if (organisation.validFrom >= date) throw new HubError("INVALID_DATE_RANGE", `Organisation ${code} starts on ${organisation.validFrom}; it cannot end on ${date}.`);
    const [subordinates] = await tx.run(activeSubordinates(code, date));
    const codes = (subordinates?.codes as string[] | undefined) ?? [];
    if (codes.length > 0) {
      throw ruleViolation("ACTIVE_SUBORDINATES", `${code} still leads ${codes.join(", ")} on ${date}; reassign or dissolve them first.`, { subordinates: codes });
    }
    await assertNoLiveDependants(tx, "Organisation", code, date);
    await assertNothingAfter(tx, "Organisation", code, date);
    const [row] = await tx.run(dissolveEntityQuery("Organisation", code, date));
    return { result: toEntityRecord(row!.entity, dayBefore(date)), entityCodes: [code], asOf: date };
  });
}

/** Adds a place the organisation is built at, from `date` (to its end). */
export function buildOrganisationAt(context: HubContext, code: string, place: string, date: string, expectedVersion: number | null | undefined): Promise<EntityRecord> {
  return mutate(context, "buildOrganisationAt", async (tx) => {
    const organisation = await currentOrganisation(tx, code, date, expectedVersion);
    const span = { from: date, to: organisation.validTo };
    await assertBuildable(tx, organisation.kind as OrganisationKind, place, span);
    await tx.run(openLinkQuery({ type: "BUILT_AT", fromCode: code, toCode: place, validFrom: date, validTo: span.to }));
    await tx.run(updateEntityQuery("Organisation", code, {}, null));
    return { result: await organisationAnyDate(tx, code, date), entityCodes: [code, place] };
  });
}

/** Moves the organisation: every place it is built at ends on `date`, the new one starts. */
export function moveOrganisation(context: HubContext, code: string, place: string, date: string, expectedVersion: number | null | undefined): Promise<OrganisationOutcome> {
  return mutate(context, "moveOrganisation", async (tx) => {
    const organisation = await currentOrganisation(tx, code, date, expectedVersion);
    const span = { from: date, to: organisation.validTo };
    await assertBuildable(tx, organisation.kind as OrganisationKind, place, span);
    // The old places are touched too: a link opened that same day is deleted, not closed (roll-ups).
    const closed = await tx.run(closeLinksQuery("BUILT_AT", code, "out", date));
    await tx.run(openLinkQuery({ type: "BUILT_AT", fromCode: code, toCode: place, validFrom: date, validTo: span.to }));
    await tx.run(updateEntityQuery("Organisation", code, {}, null));
    const warnings = [];
    for (const leader of await tx.run(territorialLeaderAt(code, date))) {
      warnings.push(...(await misalignmentWarnings(tx, code, String(leader.code), date)));
    }
    const moved = await organisationAnyDate(tx, code, date);
    return { result: { organisation: moved, warnings }, entityCodes: [code, place, ...closed.map((link) => String(link.code))], asOf: date };
  });
}

/** Sets the leader on `line` from `date` on: the current one on that line ends, the new one starts. */
export function setLeadership(context: HubContext, code: string, leader: string, line: LeadershipLine, date: string, expectedVersion: number | null | undefined): Promise<OrganisationOutcome> {
  return mutate(context, "setLeadership", async (tx) => {
    const organisation = await currentOrganisation(tx, code, date, expectedVersion);
    const span = { from: date, to: organisation.validTo };
    await tx.run(closeLinksQuery("LED_BY", code, "out", date, { property: "line", value: line }));
    const warnings = await checkLeadership(tx, { code, kind: organisation.kind as OrganisationKind }, leader, line, span);
    await tx.run(openLinkQuery({ type: "LED_BY", fromCode: code, toCode: leader, validFrom: date, validTo: span.to, properties: { line } }));
    await tx.run(updateEntityQuery("Organisation", code, {}, null));
    const updated = await organisationAnyDate(tx, code, date);
    return { result: { organisation: updated, warnings }, entityCodes: [code, leader], asOf: date };
  });
}

/** Ends the leadership on `line` on `date` (a group may not be left without its branch). */
export function endLeadership(context: HubContext, code: string, line: LeadershipLine, date: string, expectedVersion: number | null | undefined): Promise<EntityRecord> {
  return mutate(context, "endLeadership", async (tx) => {
    const organisation = await currentOrganisation(tx, code, date, expectedVersion);
    if (organisation.kind === "GROUP" && line === "TERRITORIAL") {
      throw ruleViolation("GROUP_LEADER", "A group is always led by a branch: use setLeadership to change it, or dissolve the group.", { organisation: code });
    }
    const closed = await tx.run(closeLinksQuery("LED_BY", code, "out", date, { property: "line", value: line }));
    if (closed.length === 0) throw new HubError("NOT_FOUND", `${code} has no ${line} leader on ${date}.`, { code, line, asOf: date });
    await tx.run(updateEntityQuery("Organisation", code, {}, null));
    return { result: await organisationAnyDate(tx, code, date), entityCodes: [code, ...closed.map((row) => String(row.code))] };
  });
}
