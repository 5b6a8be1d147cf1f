import type { Transaction } from "../database/index.js";
import { HubError } from "../errors/index.js";
import { dayBefore, spans } from "../graph/dates.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { createAnchoredEntity, endEntity, type Anchor } from "../graph/entity.writes.js";
import { assertCodeFree, assertDate, assertMayCreateTopLevel, assertVersion, mutate, requireEntity, ruleViolation } from "../graph/mutation.js";
import type { LinkRecord } from "../graph/relation.js";
import { kindCheck, kindRuleFor, linkKindRule } from "../graph/rule-registry.js";
import { ALLOWED_PARENT_PLACES, ORGANISATION_MERGE_LEVELS, PLACE_MERGE_LEVELS } from "../graph/rules.js";
import type { ChangeEventKind } from "../graph/vocabulary.js";
import { closeLinksQuery, openLinkQuery, overlappingLinksQuery, type RelationType } from "../graph/write.queries.js";
import { activeSubordinates } from "../organisations/organisation.queries.js";
import type { HubContext } from "../server/context.js";
import { assertEventAgrees, assertEventShape, entityAnyLabel, recordEvent } from "./event.writes.js";
import type { AbsorptionInput, ChangeEventFields, ChangeResultInput, MergerInput, NewOrganisationResultInput, NewPlaceResultInput, OrganisationFateInput, ReassignInput, SplitInput, SuccessionInput } from "./history.input.js";
import { linksOn } from "./history.queries.js";
import { assertNoCycle, assertOneAtATime } from "../graph/rule-guards.js";
import { isNoCycleType, isOneAtATime } from "../graph/rule-registry.js";

/**
 * Mergers and splits of places or organisations, each one transaction (docs/MODEL.md, "Merger
 * operations"): originals end on the date with their own links; what hangs on them (their
 * dependants) is handed over to a result with dated links; organisations built at an ending place
 * are rebuilt or dissolved only as the steward says; the results start on the date; the event
 * records the lineage. Any refusal rolls everything back.
 */

type Label = "Place" | "Organisation";

/** A link into (or, for COVERS, out of) an original that holds on the date: it moves to a result. */
interface Dependant {
  readonly type: RelationType;
  readonly direction: "in" | "out";
  readonly original: string;
  readonly child: string;
  readonly childKind: string;
  readonly link: LinkRecord;
}

/** What the new owner of a dependant must be, as a kind rule, or null when any will do. */
type TargetRule = (dependant: Dependant) => { readonly allowed: readonly string[]; readonly rule: string } | null;

const anyTarget: TargetRule = () => null;

/**
 * The links that follow an ending original to its result (or to the owner `reassign` names), with
 * the rule the new owner must satisfy. Links not listed end with the original: a place's own
 * parent, an organisation's own places, leaders and seats (a result has its own).
 */
const HANDOVER: Readonly<Record<Label, ReadonlyMap<string, TargetRule>>> = {
  Place: new Map<string, TargetRule>([
    ["in:PART_OF", (d) => kindRuleFor("PART_OF", d.childKind) ?? { allowed: [], rule: "PLACE_NESTING" }],
    ["in:LOCATED_IN", anyTarget],
    ["in:SERVES", () => linkKindRule("SERVES")],
    ["in:WITH", () => linkKindRule("WITH")],
    ["in:BASED_IN", anyTarget],
    ["in:FACILITY_OF", anyTarget],
    ["in:RESIDES_IN", () => linkKindRule("RESIDES_IN")],
    ["in:REGISTERED_WITH", () => linkKindRule("REGISTERED_WITH")],
    ["in:LIVES_IN", () => linkKindRule("LIVES_IN")],
  ]),
  Organisation: new Map<string, TargetRule>([
    ["in:LED_BY", leaderRule],
    ["in:MEMBER_OF", anyTarget],
    ["in:HELPER", anyTarget],
    ["in:ORGANISED_BY", anyTarget],
    ["in:CONVENED_BY", () => linkKindRule("CONVENED_BY")],
    ["in:WORK_COVERED_BY", anyTarget],
    ["out:COVERS", anyTarget],
  ]),
};

function leaderRule(d: { childKind: string; link: LinkRecord }): { allowed: readonly string[]; rule: string } {
  return kindRuleFor("LED_BY", d.childKind, d.link.line === "OWN_SYSTEM" ? "OWN_SYSTEM" : "TERRITORIAL") ?? { allowed: [], rule: "LEADER_KIND" };
}

/** Links that keep an organisation from being dissolved: it still leads, has members or helps. */
const DISSOLUTION_BLOCKERS: readonly string[] = ["in:LED_BY", "in:MEMBER_OF", "in:HELPER"];

interface Plan {
  readonly operation: "applyMerger" | "applySplit" | "applySuccession" | "applyAbsorption";
  readonly kind: Extract<ChangeEventKind, "MERGER" | "SPLIT" | "SUCCESSION" | "ABSORPTION">;
  readonly fields: ChangeEventFields;
  readonly originals: readonly string[];
  readonly results: readonly ChangeResultInput[];
  readonly reassign: readonly ReassignInput[];
  readonly organisations: readonly OrganisationFateInput[];
  /** The versions the client read of originals (by code); originals not named are not checked. */
  readonly expectedVersions?: readonly { readonly code: string; readonly version: number }[];
  /** Who takes dependants nobody reassigned (the merger's result, a split's default); null: each must be reassigned. */
  readonly defaultTarget: (results: readonly string[], continuing: ReadonlySet<string>) => string | null;
}

export function resultCode(result: ChangeResultInput): string {
  const given = [result.existing, result.place?.code, result.organisation?.code].filter((code): code is string => typeof code === "string");
  if (given.length !== 1) throw new HubError("BAD_USER_INPUT", "Each result is exactly one of `existing`, `place` or `organisation`.", { argument: "result" });
  return given[0]!;
}

/** The one original's expected version as the plan's list (empty: not checked). */
function expectedVersionOf(code: string, version: number | null | undefined): { code: string; version: number }[] {
  return version === null || version === undefined ? [] : [{ code, version }];
}

export function applyMerger(context: HubContext, input: MergerInput): Promise<EntityRecord> {
  return restructure(context, {
    operation: "applyMerger",
    kind: "MERGER",
    fields: input,
    originals: input.originals,
    results: [input.result],
    reassign: input.reassign,
    organisations: input.organisations,
    expectedVersions: input.expectedVersions,
    defaultTarget: (results) => results[0]!,
  });
}

/** 撤村建居: the original ends on `date` and the result (new, or existing from `date`) takes its dependants, as in a merger of one. */
export function applySuccession(context: HubContext, input: SuccessionInput): Promise<EntityRecord> {
  return restructure(context, {
    operation: "applySuccession",
    kind: "SUCCESSION",
    fields: input,
    originals: [input.original],
    results: [input.result],
    reassign: input.reassign,
    organisations: input.organisations,
    expectedVersions: expectedVersionOf(input.original, input.expectedVersion),
    defaultTarget: (results) => results[0]!,
  });
}

/** The survivor continues with its code and history; the absorbed end on `date` and hand their dependants to it. */
export function applyAbsorption(context: HubContext, input: AbsorptionInput): Promise<EntityRecord> {
  return restructure(context, {
    operation: "applyAbsorption",
    kind: "ABSORPTION",
    fields: input,
    originals: [input.survivor, ...input.absorbed],
    results: [{ existing: input.survivor }],
    reassign: input.reassign,
    organisations: input.organisations,
    expectedVersions: input.expectedVersions,
    defaultTarget: (results) => results[0]!,
  });
}

export function applySplit(context: HubContext, input: SplitInput): Promise<EntityRecord> {
  return restructure(context, {
    operation: "applySplit",
    kind: "SPLIT",
    fields: input,
    originals: [input.original],
    results: input.results,
    reassign: input.reassign,
    organisations: input.organisations,
    expectedVersions: expectedVersionOf(input.original, input.expectedVersion),
    defaultTarget: (results, continuing) => {
      if (input.defaultResult && !results.includes(input.defaultResult)) {
        throw new HubError("BAD_USER_INPUT", `defaultResult ${input.defaultResult} is not one of the results.`, { argument: "defaultResult" });
      }
      return input.defaultResult ?? (continuing.has(input.original) ? input.original : null);
    },
  });
}

function restructure(context: HubContext, plan: Plan): Promise<EntityRecord> {
  return mutate(context, plan.operation, async (tx) => {
    const date = plan.fields.date;
    assertDate(date, "date");
    const resultCodes = plan.results.map(resultCode);
    assertEventShape({ kind: plan.kind, date, originals: plan.originals, results: resultCodes });
    await assertCodeFree(tx, plan.fields.code);
    const originals = await loadOriginals(tx, plan.originals, date);
    const label = originals[0]!.label as Label;
    const level = levelOf(label, String(originals[0]!.kind));
    for (const original of originals) assertLevel(level, original);
    for (const expected of plan.expectedVersions ?? []) {
      const original = originals.find((entity) => entity.code === expected.code);
      if (!original) throw new HubError("BAD_USER_INPUT", `expectedVersions names ${expected.code}, which is not an original.`, { argument: "expectedVersions", code: expected.code });
      assertVersion(original, expected.version);
    }
    const originalSet = new Set(plan.originals);
    const continuing = new Set(resultCodes.filter((code) => originalSet.has(code)));
    const ending = new Set(plan.originals.filter((code) => !continuing.has(code)));
    const notEnding = (code: string, what: string) => {
      if (ending.has(code)) {
        throw ruleViolation("ENDING_TARGET", `${code} ends on ${date} in this ${plan.kind}; it cannot be the ${what}.`, { code, role: what });
      }
    };

    const leaders: { result: string; kind: string; organisation: string; line: string }[] = [];
    for (const result of plan.results) {
      await openResult(tx, result, { label, level, date, continuing, notEnding, leaders });
    }

    const { dependants, builtHere } = await dependantsOf(tx, label, originals, date);
    const defaultTarget = plan.defaultTarget(resultCodes, continuing);
    const moves = planMoves(plan.reassign, dependants, { continuing, ending, defaultTarget, date });
    const fates = planFates(plan.organisations, builtHere, { continuing, date, defaultTarget });

    for (const move of moves) await handOver(tx, label, move.dependant, move.target, date, notEnding);
    for (const fate of fates) await settleOrganisation(tx, fate, date, notEnding);
    for (const code of ending) await endOriginal(tx, label, code, date);
    for (const leader of leaders) await leadResult(tx, leader, date, notEnding);

    const sides = { kind: plan.kind, date, originals: plan.originals, results: resultCodes };
    await assertEventAgrees(tx, sides);
    const event = await recordEvent(tx, plan.fields, sides);
    return { result: event, entityCodes: [plan.fields.code, ...plan.originals, ...resultCodes, ...moves.map((move) => move.dependant.child)] };
  });
}

/** Originals exist the day before and still on the date (the event is what ends them); places or organisations only, of one label. */
async function loadOriginals(tx: Transaction, codes: readonly string[], date: string): Promise<EntityRecord[]> {
  const before = dayBefore(date);
  const originals: EntityRecord[] = [];
  for (const code of codes) {
    const entity = await entityAnyLabel(tx, code, before, "original", date);
    if (!spans(entity.validFrom, entity.validTo, before) || !spans(entity.validFrom, entity.validTo, date)) {
      throw new HubError("NOT_FOUND", `${entity.label} ${code} exists from ${entity.validFrom} to ${entity.validTo ?? "now"}: an original must exist on ${before} and still on ${date}.`, {
        code,
        validFrom: entity.validFrom,
        validTo: entity.validTo,
      });
    }
    originals.push(entity);
  }
  const labels = new Set(originals.map((entity) => entity.label));
  if (labels.size !== 1 || !["Place", "Organisation"].includes(originals[0]!.label)) {
    throw ruleViolation("MERGER_LABELS", `Places merge or split with places, organisations with organisations; got ${[...labels].join(", ")}.`, { labels: [...labels] });
  }
  return originals;
}

function levelOf(label: Label, kind: string): readonly string[] {
  const levels: readonly (readonly string[])[] = label === "Place" ? PLACE_MERGE_LEVELS : ORGANISATION_MERGE_LEVELS;
  return levels.find((level) => level.includes(kind)) ?? [kind];
}

function assertLevel(level: readonly string[], entity: { readonly code: string; readonly kind?: unknown }): void {
  if (!level.includes(String(entity.kind))) {
    throw ruleViolation("MERGER_KINDS", `${entity.code} is a ${String(entity.kind)}; this event's originals and results are of the level ${level.join(" / ")}.`, {
      code: entity.code,
      kind: entity.kind,
      level,
    });
  }
}

interface ResultContext {
  readonly label: Label;
  readonly level: readonly string[];
  readonly date: string;
  readonly continuing: ReadonlySet<string>;
  readonly notEnding: (code: string, what: string) => void;
  readonly leaders: { result: string; kind: string; organisation: string; line: string }[];
}

/** Checks an existing result or creates a new one, starting on the date. Leaders of a new organisation are linked later (after the hand-over, to check cycles). */
async function openResult(tx: Transaction, result: ChangeResultInput, at: ResultContext): Promise<void> {
  if (result.existing) {
    const entity = await entityAnyLabel(tx, result.existing, at.date, "result");
    if (entity.label !== at.label) throw ruleViolation("MERGER_LABELS", `The result ${entity.code} is a ${entity.label}; the originals are ${at.label}s.`, { code: entity.code });
    assertLevel(at.level, entity);
    if (!at.continuing.has(entity.code) && entity.validFrom !== at.date) {
      throw ruleViolation("EVENT_RESULT_NOT_STARTED", `${entity.code} starts on ${entity.validFrom}; a result must start on ${at.date} (or be one of the originals, which continues).`, {
        code: entity.code,
        validFrom: entity.validFrom,
      });
    }
    return;
  }
  if (result.place) await createPlaceResult(tx, result.place, at);
  else if (result.organisation) await createOrganisationResult(tx, result.organisation, at);
}

async function createPlaceResult(tx: Transaction, place: NewPlaceResultInput, at: ResultContext): Promise<void> {
  if (at.label !== "Place") throw ruleViolation("MERGER_LABELS", `The originals are organisations; the result ${place.code} cannot be a place.`, { code: place.code });
  assertLevel(at.level, place);
  const allowed = ALLOWED_PARENT_PLACES[place.kind];
  if (!place.parent) assertMayCreateTopLevel(tx, place.code);
  if (!place.parent && allowed.length > 0) throw ruleViolation("PLACE_NESTING", `A ${place.kind} needs a parent (one of ${allowed.join(", ")}).`, { kind: place.kind });
  if (place.parent) at.notEnding(place.parent, `parent of ${place.code}`);
  const anchors: Anchor[] = place.parent ? [{ type: "PART_OF", target: "Place", code: place.parent, role: "parent", kinds: { allowed, rule: "PLACE_NESTING" } }] : [];
  await createAnchoredEntity(tx, "Place", { code: place.code, name: place.name, validFrom: at.date }, { kind: place.kind }, anchors);
}

async function createOrganisationResult(tx: Transaction, organisation: NewOrganisationResultInput, at: ResultContext): Promise<void> {
  if (at.label !== "Organisation") throw ruleViolation("MERGER_LABELS", `The originals are places; the result ${organisation.code} cannot be an organisation.`, { code: organisation.code });
  assertLevel(at.level, organisation);
  if (new Set(organisation.leaders.map((leader) => leader.line)).size !== organisation.leaders.length) {
    throw ruleViolation("SINGLE_LEADER_PER_LINE", "At most one leader per line.", { organisation: organisation.code });
  }
  const { allowed, rule } = kindRuleFor("BUILT_AT", organisation.kind)!;
  for (const place of organisation.builtAt) at.notEnding(place, `place of ${organisation.code}`);
  const anchors: Anchor[] = organisation.builtAt.map((place) => ({ type: "BUILT_AT", target: "Place", code: place, role: "builtAt", kinds: { allowed, rule } }));
  const properties = {
    kind: organisation.kind,
    form: organisation.form,
    formalMembers: organisation.formalMembers ?? 0,
    probationaryMembers: organisation.probationaryMembers ?? 0,
    committeeElected: organisation.committeeElected ?? false,
  };
  await createAnchoredEntity(tx, "Organisation", { code: organisation.code, name: organisation.name, validFrom: at.date }, properties, anchors);
  for (const leader of organisation.leaders) at.leaders.push({ result: organisation.code, kind: organisation.kind, organisation: leader.organisation, line: leader.line });
}

/** What hangs on the originals on the date: dependants that follow, and (for places) the organisations built there. */
async function dependantsOf(tx: Transaction, label: Label, originals: readonly EntityRecord[], date: string) {
  const dependants: Dependant[] = [];
  const builtHere: { organisation: string; kind: string; original: string; link: LinkRecord }[] = [];
  const originalCodes = new Set(originals.map((entity) => entity.code));
  for (const original of originals) {
    for (const row of await tx.run(linksOn(original.code, date))) {
      const key = `${String(row.direction)}:${String(row.type)}`;
      const child = String(row.code);
      // Another original ends too: what links the two ends with them.
      if (originalCodes.has(child)) continue;
      if (label === "Place" && key === "in:BUILT_AT") {
        builtHere.push({ organisation: child, kind: String(row.kind), original: original.code, link: row.link as LinkRecord });
      } else if (HANDOVER[label].has(key)) {
        dependants.push({ type: row.type as RelationType, direction: row.direction as "in" | "out", original: original.code, child, childKind: String(row.kind), link: row.link as LinkRecord });
      }
    }
  }
  return { dependants, builtHere };
}

/** Where each dependant goes: `reassign`, else the default target; a continuing original keeps what is not reassigned. */
function planMoves(
  reassign: readonly ReassignInput[],
  dependants: readonly Dependant[],
  at: { continuing: ReadonlySet<string>; ending: ReadonlySet<string>; defaultTarget: string | null; date: string },
): { dependant: Dependant; target: string }[] {
  const targets = new Map<string, string>();
  const children = new Set(dependants.map((dependant) => dependant.child));
  for (const entry of reassign) {
    if (targets.has(entry.child)) throw new HubError("BAD_USER_INPUT", `${entry.child} is reassigned twice.`, { argument: "reassign", code: entry.child });
    if (!children.has(entry.child)) {
      throw new HubError("BAD_USER_INPUT", `${entry.child} is not linked to any original on ${at.date}; only what hangs on an original can be reassigned.`, {
        argument: "reassign",
        code: entry.child,
      });
    }
    targets.set(entry.child, entry.parent);
  }
  const moves: { dependant: Dependant; target: string }[] = [];
  const unassigned = new Set<string>();
  for (const dependant of dependants) {
    const target = targets.get(dependant.child) ?? (at.continuing.has(dependant.original) ? dependant.original : at.defaultTarget);
    if (target === null) unassigned.add(dependant.child);
    else if (target !== dependant.original) moves.push({ dependant, target });
  }
  if (unassigned.size > 0) {
    throw ruleViolation("SPLIT_UNASSIGNED", `Say where each dependant of the original goes (reassign, or defaultResult): ${[...unassigned].join(", ")}.`, {
      dependants: [...unassigned],
    });
  }
  return moves;
}

interface Fate {
  readonly organisation: string;
  readonly kind: string;
  readonly action: "REBUILD" | "DISSOLVE";
  readonly place: string | null;
  readonly links: readonly { original: string; link: LinkRecord }[];
}

/** Every organisation built at an ending place must have its fate stated; none is moved silently. */
function planFates(
  given: readonly OrganisationFateInput[],
  builtHere: readonly { organisation: string; kind: string; original: string; link: LinkRecord }[],
  at: { continuing: ReadonlySet<string>; date: string; defaultTarget: string | null },
): Fate[] {
  const fates: Fate[] = [];
  // Grouped once, so each check below is a look-up: linear in the request, whatever its length.
  const linksOf = new Map<string, (typeof builtHere)[number][]>();
  for (const built of builtHere) {
    const list = linksOf.get(built.organisation);
    if (list) list.push(built);
    else linksOf.set(built.organisation, [built]);
  }
  const stated = new Set<string>();
  for (const entry of given) {
    const links = linksOf.get(entry.organisation) ?? [];
    if (links.length === 0) {
      throw new HubError("BAD_USER_INPUT", `${entry.organisation} is not built at an original on ${at.date}.`, { argument: "organisations", code: entry.organisation });
    }
    if (stated.has(entry.organisation)) {
      throw new HubError("BAD_USER_INPUT", `${entry.organisation} is listed twice.`, { argument: "organisations", code: entry.organisation });
    }
    const place = entry.action === "REBUILD" ? (entry.place ?? at.defaultTarget) : null;
    if (entry.action === "REBUILD" && place === null) {
      throw new HubError("BAD_USER_INPUT", `Say where to rebuild ${entry.organisation} (place).`, { argument: "organisations", code: entry.organisation });
    }
    stated.add(entry.organisation);
    fates.push({ organisation: entry.organisation, kind: links[0]!.kind, action: entry.action, place, links });
  }
  const unresolved = [...new Set(builtHere.filter((built) => !at.continuing.has(built.original)).map((built) => built.organisation))].filter((code) => !stated.has(code));
  if (unresolved.length > 0) {
    throw ruleViolation(
      "MERGER_UNRESOLVED_ORGANISATIONS",
      `Organisations built at an ending place are never moved silently: say for each whether to REBUILD it elsewhere or DISSOLVE it (organisations): ${unresolved.join(", ")}.`,
      { organisations: unresolved },
    );
  }
  return fates;
}

function linkProperties(link: LinkRecord): Record<string, unknown> {
  const { validFrom: _from, validTo: _to, ...properties } = link;
  return properties;
}

/** Moves one dependant's link from the original to `target` from the date on, keeping its end and properties. */
async function handOver(tx: Transaction, label: Label, dependant: Dependant, target: string, date: string, notEnding: (code: string, what: string) => void): Promise<void> {
  notEnding(target, `new parent of ${dependant.child}`);
  const validTo = (dependant.link.validTo as string | null | undefined) ?? null;
  const owner = await requireEntity(tx, label, target, { from: date, to: validTo }, `new parent of ${dependant.child}`);
  const rule = HANDOVER[label].get(`${dependant.direction}:${dependant.type}`)!(dependant);
  if (rule && !rule.allowed.includes(String(owner.kind))) {
    throw ruleViolation(rule.rule, `${dependant.child} (${dependant.childKind}, ${dependant.type}) cannot go to ${target}, a ${String(owner.kind)} (allowed: ${rule.allowed.join(", ") || "none"}).`, {
      code: dependant.child,
      target,
      targetKind: owner.kind,
    });
  }
  await tx.run(closeLinksQuery(dependant.type, dependant.original, dependant.direction, date, null, dependant.child));
  const [from, to] = dependant.direction === "in" ? [dependant.child, target] : [target, dependant.child];
  const span = { from: date, to: validTo };
  if (isNoCycleType(dependant.type)) await assertNoCycle(tx, dependant.type, from, to, span);
  const [existing] = await tx.run(overlappingLinksQuery(dependant.type, from, "out", date, validTo, null, to));
  // Two originals linked to the same dependant hand it over once.
  if (existing) return;
  if (isOneAtATime(dependant.type)) await assertOneAtATime(tx, dependant.type, from, span, linkProperties(dependant.link));
  await tx.run(openLinkQuery({ type: dependant.type, fromCode: from, toCode: to, validFrom: date, validTo, properties: linkProperties(dependant.link) }));
}

/** REBUILD: the organisation's links to ending places end and one to the new place starts; DISSOLVE: it ends, unless something still depends on it. */
async function settleOrganisation(tx: Transaction, fate: Fate, date: string, notEnding: (code: string, what: string) => void): Promise<void> {
  if (fate.action === "DISSOLVE") {
    await endEntity(tx, "Organisation", fate.organisation, date, null, async () => {
      const blockers = (await tx.run(linksOn(fate.organisation, date))).filter((row) => DISSOLUTION_BLOCKERS.includes(`${String(row.direction)}:${String(row.type)}`));
      const [subordinates] = await tx.run(activeSubordinates(fate.organisation, date));
      const codes = [...new Set([...blockers.map((row) => String(row.code)), ...((subordinates?.codes as string[] | undefined) ?? [])])];
      if (codes.length > 0) {
        throw ruleViolation("ACTIVE_SUBORDINATES", `${fate.organisation} still leads, has as members or helps through ${codes.join(", ")} on ${date}; rebuild it, or move those first.`, {
          organisation: fate.organisation,
          subordinates: codes,
        });
      }
    });
    return;
  }
  const place = fate.place!;
  notEnding(place, `place of ${fate.organisation}`);
  const target = await requireEntity(tx, "Place", place, { from: date, to: null }, `place of ${fate.organisation}`);
  const broken = kindCheck("BUILT_AT", fate.kind, String(target.kind));
  if (broken) {
    throw ruleViolation(broken.rule, `A ${fate.kind} is built at a ${broken.allowed.join(" or ")}, not at a ${String(target.kind)} (${place}).`, {
      organisation: fate.organisation,
      place,
    });
  }
  for (const built of fate.links) await tx.run(closeLinksQuery("BUILT_AT", fate.organisation, "out", date, null, built.original));
  const [already] = await tx.run(overlappingLinksQuery("BUILT_AT", fate.organisation, "out", date, null, null, place));
  if (!already) {
    const validTo = (fate.links[0]?.link.validTo as string | null | undefined) ?? null;
    await tx.run(openLinkQuery({ type: "BUILT_AT", fromCode: fate.organisation, toCode: place, validFrom: date, validTo }));
  }
}

/**
 * Ends an original with its links. A link that began on the very day (an organisation rebuilt at
 * a merged place, then merged itself the same day) never held: it is removed, not left at zero length.
 */
async function endOriginal(tx: Transaction, label: Label, code: string, date: string): Promise<void> {
  for (const row of await tx.run(linksOn(code, date))) {
    if ((row.link as LinkRecord).validFrom === date) await tx.run(closeLinksQuery(row.type as RelationType, code, row.direction as "in" | "out", date, null, String(row.code)));
  }
  await endEntity(tx, label, code, date, null);
}

/** Links a new organisation to its leader once the hand-over is done, so a cycle through moved subordinates is seen. */
async function leadResult(tx: Transaction, leader: { result: string; kind: string; organisation: string; line: string }, date: string, notEnding: (code: string, what: string) => void): Promise<void> {
  notEnding(leader.organisation, `leader of ${leader.result}`);
  const found = await requireEntity(tx, "Organisation", leader.organisation, { from: date, to: null }, `leader of ${leader.result}`);
  const rule = leaderRule({ childKind: leader.kind, link: { validFrom: date, validTo: null, line: leader.line } });
  if (!rule.allowed.includes(String(found.kind))) {
    throw ruleViolation(rule.rule, `A ${leader.kind} cannot be led by a ${String(found.kind)} on the ${leader.line} line (allowed: ${rule.allowed.join(", ") || "none"}).`, {
      organisation: leader.result,
      leader: leader.organisation,
    });
  }
  await assertNoCycle(tx, "LED_BY", leader.result, leader.organisation, { from: date, to: null });
  await tx.run(openLinkQuery({ type: "LED_BY", fromCode: leader.result, toCode: leader.organisation, validFrom: date, validTo: null, properties: { line: leader.line } }));
}
