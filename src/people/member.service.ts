import type { Transaction } from "../database/index.js";
import { HubError } from "../errors/index.js";
import type { Page } from "../graph/connection.js";
import { dayInLife } from "../temporal/index.js";
import { toEntityRecord, type EntityRecord } from "../graph/entity.record.js";
import { findEntity, listEntities } from "../graph/entity.service.js";
import type { EndArgs, LookupArgs } from "../graph/entity.input.js";
import { createAnchoredEntity, endEntity, entityAnyDate, entityOn, givenAttributes, mutateEntity, type Anchor } from "../graph/entity.writes.js";
import { assertDate, assertVersion, requireEntity, ruleViolation } from "../graph/mutation.js";
import { loadEntities, loadOne, loadRelation, type Linked, type RelationSpec } from "../graph/relation.js";
import { linkKindRule } from "../graph/rule-registry.js";
import type { EntityLabel } from "../graph/vocabulary.js";
import { closeLinksQuery, openLinkQuery, updateEntityQuery, type RelationType } from "../graph/write.queries.js";
import { asOfOrToday, type HubContext } from "../server/context.js";
import { assertMayList, assertMaySee, guarded, guardedLookup } from "./access.js";
import type { MemberAttributesInput, MembersArgs, RegisterMemberInput, UpdateMemberInput } from "./member.input.js";
import { activePairingsOfHelper, memberCount, memberPage } from "./people.queries.js";
import { assertOneAtATime, readHeldLinks } from "../graph/rule-guards.js";
import { isOneAtATime, registrationOutOfService } from "../graph/rule-registry.js";

export const MEMBER_ORGANISATION: RelationSpec = { name: "member.organisation", type: "MEMBER_OF", direction: "out", target: "Organisation" };
export const MEMBER_ORGANISATION_HISTORY: RelationSpec = { name: "member.memberships", type: "MEMBER_OF", direction: "out", target: "Organisation", history: true };
export const ORGANISATION_MEMBERS: RelationSpec = { name: "organisation.members", type: "MEMBER_OF", direction: "in", target: "Member" };
export const MEMBER_RESIDENCE: RelationSpec = { name: "member.residence", type: "RESIDES_IN", direction: "out", target: "Place" };
export const PLACE_RESIDENTS: RelationSpec = { name: "place.residents", type: "RESIDES_IN", direction: "in", target: "Member" };
export const MEMBER_REGISTRATION: RelationSpec = { name: "member.registeredWith", type: "REGISTERED_WITH", direction: "out", target: "Place" };
export const PLACE_REGISTERED_MEMBERS: RelationSpec = { name: "place.registeredMembers", type: "REGISTERED_WITH", direction: "in", target: "Member" };
export const MEMBER_EMPLOYER: RelationSpec = { name: "member.employer", type: "EMPLOYED_BY", direction: "out", target: "Unit" };
export const UNIT_EMPLOYEES: RelationSpec = { name: "unit.employees", type: "EMPLOYED_BY", direction: "in", target: "Member" };

export function findMember(context: HubContext, args: LookupArgs): Promise<EntityRecord | null> {
  return guardedLookup(context, "Member", () => findEntity(context, "Member", args, args.asOf), "The member");
}

export async function listMembers(context: HubContext, args: MembersArgs): Promise<Page<EntityRecord>> {
  await assertMayList(context, [args.within, args.organisation], asOfOrToday(context, args.asOf));
  const page = await listEntities(
    context,
    args,
    (asOf) => ({
      asOf,
      organisation: args.organisation ?? null,
      within: args.within ?? null,
      statuses: args.statuses ?? null,
      employment: args.employment ?? null,
      hardship: args.hardship ?? null,
      inService: args.inService ?? null,
      nameContains: args.nameContains ?? null,
    }),
    memberPage,
    memberCount,
  );
  await assertMaySee(context, page.edges.map((edge) => edge.node), "A member listed");
  return page;
}

/** What a member is tied to on the member's date: not personal data themselves, so not guarded again. */
export function memberLink(context: HubContext, spec: RelationSpec, member: EntityRecord): Promise<EntityRecord | null> {
  return loadOne(context.db, context.loaders, spec, member);
}

export function membershipsOf(context: HubContext, member: EntityRecord): Promise<Linked[]> {
  return loadRelation(context.db, context.loaders, MEMBER_ORGANISATION_HISTORY, member);
}

/**
 * The members tied to a place, an organisation or a unit on its date. The owner is checked first:
 * out of scope, even an empty list is refused.
 */
export async function membersAt(context: HubContext, spec: RelationSpec, owner: EntityRecord): Promise<EntityRecord[]> {
  await assertMaySee(context, [owner], `This ${owner.label.toLowerCase()}`);
  return guarded(context, loadEntities(context.db, context.loaders, spec, owner), "A member listed");
}

function attributes(input: MemberAttributesInput & { status?: string | null }): Record<string, unknown> {
  return givenAttributes(input, ["status", "employment", "hardship", "inService"]);
}

/** The relations a member has one of at a time, with the rule a wrong kind of target breaks. */
const MEMBER_LINKS = {
  residence: { type: "RESIDES_IN", target: "Place", kinds: linkKindRule("RESIDES_IN") },
  registeredWith: { type: "REGISTERED_WITH", target: "Place", kinds: linkKindRule("REGISTERED_WITH") },
  employer: { type: "EMPLOYED_BY", target: "Unit" },
} as const satisfies Record<string, { type: RelationType; target: EntityLabel; kinds?: Anchor["kinds"] }>;

type MemberLinkName = keyof typeof MEMBER_LINKS;

function anchor(name: MemberLinkName, code: string): Anchor {
  return { ...MEMBER_LINKS[name], code, role: name };
}

function registrationNeedsService(member: string, held?: { readonly code: string; readonly from: string }): HubError {
  const registration = held ? ` yet it would stay registered with ${held.code} (since ${held.from}) to the end of its record; end the registration on the day it left service` : "";
  return ruleViolation("REGISTRATION_IN_SERVICE", `Only an in-service member registers with a residential community (雙報到); ${member} is not in service,${registration || " so it cannot register"}.`, {
    code: member,
    ...(held ? { registeredWith: held.code } : {}),
  });
}

/**
 * The write path of REGISTRATION_IN_SERVICE (the registry's `registrationOutOfService`, which
 * the seed validator runs too): the member's registrations as this transaction leaves them, judged
 * against the in-service flag it leaves. Called after the write's links changed and before commit,
 * so a refusal rolls the whole write back.
 */
async function assertRegistrationsInService(tx: Transaction, member: EntityRecord, inService: boolean | null | undefined): Promise<void> {
  const registrations = await readHeldLinks(tx, "REGISTERED_WITH", member.code);
  const held = registrationOutOfService(inService, { from: member.validFrom, to: member.validTo }, registrations);
  if (held) throw registrationNeedsService(member.code, held);
}

export function registerMember(context: HubContext, input: RegisterMemberInput): Promise<EntityRecord> {
  return mutateEntity(context, "registerMember", async (tx) => {
    const life = { from: input.validFrom, to: input.validTo ?? null };
    if (registrationOutOfService(input.inService, life, input.registeredWith ? [life] : [])) throw registrationNeedsService(input.code);
    const anchors: Anchor[] = [{ type: "MEMBER_OF", target: "Organisation", code: input.organisation, role: "organisation" }];
    for (const name of ["residence", "registeredWith", "employer"] as const) {
      const code = input[name];
      if (code) anchors.push(anchor(name, code));
    }
    const properties = { hardship: false, inService: false, ...attributes(input) };
    const written = await createAnchoredEntity(tx, "Member", input, properties, anchors);
    return written;
  });
}


/** Replaces a one-at-a-time link from `date` on: the open one ends, the new one runs to the member's end. */
async function relink(tx: Transaction, member: EntityRecord, name: MemberLinkName, code: string, date: string): Promise<void> {
  const spec = MEMBER_LINKS[name];
  const target = await requireEntity(tx, spec.target, code, { from: date, to: member.validTo }, name);
  if ("kinds" in spec && !spec.kinds.allowed.includes(target.kind as never)) {
    throw ruleViolation(spec.kinds.rule, `The ${name} of a member must be a place of kind ${spec.kinds.allowed.join(", ")}; ${code} is a ${String(target.kind)}.`, {
      code,
      kind: target.kind,
      allowed: spec.kinds.allowed,
    });
  }
  await tx.run(closeLinksQuery(spec.type, member.code, "out", date));
  if (isOneAtATime(spec.type)) await assertOneAtATime(tx, spec.type, member.code, { from: date, to: member.validTo });
  await tx.run(openLinkQuery({ type: spec.type, fromCode: member.code, toCode: code, validFrom: date, validTo: member.validTo }));
}

async function unlink(tx: Transaction, member: EntityRecord, name: MemberLinkName, date: string): Promise<void> {
  const closed = await tx.run(closeLinksQuery(MEMBER_LINKS[name].type, member.code, "out", date));
  if (closed.length === 0) throw new HubError("NOT_FOUND", `Member ${member.code} has no ${name} on ${date} to end.`, { code: member.code, asOf: date });
}

export function updateMember(context: HubContext, input: UpdateMemberInput): Promise<EntityRecord> {
  return mutateEntity(context, "updateMember", async (tx) => {
    const dated = Boolean(input.residence || input.registeredWith || input.employer || input.endRegistration || input.endEmployment);
    if (dated && !input.date) {
      throw new HubError("BAD_USER_INPUT", "Give `date`: residence, registration and employer changes take effect on a day.", { argument: "date" });
    }
    if (input.date) assertDate(input.date, "date");
    const member = input.date ? await entityOn(tx, "Member", input.code, input.date) : await entityAnyDate(tx, "Member", input.code, context.today);
    assertVersion(member, input.expectedVersion);
    // Without a date, a correction is seen on the day of the member's life closest to today.
    const date = input.date ?? dayInLife(member, context.today);

    const inService = (input.inService ?? member.inService) as boolean | null;
    if (input.registeredWith && !inService) throw registrationNeedsService(member.code);
    if (input.endRegistration) await unlink(tx, member, "registeredWith", date);
    if (input.endEmployment) await unlink(tx, member, "employer", date);
    for (const name of ["residence", "registeredWith", "employer"] as const) {
      const code = input[name];
      if (code) await relink(tx, member, name, code, date);
    }
    await assertRegistrationsInService(tx, member, inService);
    const [row] = await tx.run(updateEntityQuery("Member", member.code, attributes(input), member.version));
    if (!row) throw new HubError("CONFLICT", `Member ${member.code} changed while it was being updated.`, { code: member.code });
    return { entity: toEntityRecord(row.entity, date), codes: [member.code, input.residence, input.registeredWith, input.employer].filter((code): code is string => Boolean(code)) };
  });
}

/** Refuses to end a helper (member or organisation) while pairings it helps in still run. */
export async function assertNoActivePairings(tx: Transaction, helper: string, date: string): Promise<void> {
  const [row] = await tx.run(activePairingsOfHelper(helper, date));
  const pairings = (row?.codes as string[] | undefined) ?? [];
  if (pairings.length > 0) {
    throw ruleViolation("ACTIVE_PAIRINGS", `${helper} still helps in ${pairings.length} pairing(s) on ${date} (${pairings.join(", ")}); end them first.`, { pairings });
  }
}

/** Ends a member's record on `date` (left the party, moved away): every link of it ends too. */
export function endMembership(context: HubContext, { code, date, expectedVersion }: EndArgs): Promise<EntityRecord> {
  return mutateEntity(context, "endMembership", (tx) =>
    endEntity(tx, "Member", code, date, expectedVersion, () => assertNoActivePairings(tx, code, date)),
  );
}

/** Moves a member's party membership to another organisation from `date` (組織關係轉接); the old membership is closed, not erased. */
export function transferMember(context: HubContext, code: string, organisation: string, date: string, expectedVersion: number | null | undefined): Promise<EntityRecord> {
  return mutateEntity(context, "transferMember", async (tx) => {
    const member = await entityOn(tx, "Member", code, date);
    assertVersion(member, expectedVersion);
    await requireEntity(tx, "Organisation", organisation, { from: date, to: member.validTo }, "organisation");
    const closed = await tx.run(closeLinksQuery("MEMBER_OF", code, "out", date));
    if (closed.some((row) => row.code === organisation)) {
      throw ruleViolation("TRANSFER_SAME_ORGANISATION", `Member ${code} already belongs to ${organisation} on ${date}.`, { code, organisation });
    }
    await assertOneAtATime(tx, "MEMBER_OF", code, { from: date, to: member.validTo });
    await tx.run(openLinkQuery({ type: "MEMBER_OF", fromCode: code, toCode: organisation, validFrom: date, validTo: member.validTo }));
    const [row] = await tx.run(updateEntityQuery("Member", code, {}, null));
    return { entity: toEntityRecord(row!.entity, date), codes: [code, organisation, ...closed.map((link) => String(link.code))] };
  });
}
