import {
  anchorGaps,
  breaksOneAtATime,
  cycleComponents,
  NO_CYCLES,
  type NoCycleType,
  exclusiveKey,
  isEveryOwnerType,
  isOneAtATime,
  kindCheck,
  ONE_AT_A_TIME,
  type OneAtATime,
  type OneAtATimeType,
  registrationOutOfService,
  REQUIRED_ANCHORS,
} from "../graph/rule-registry.js";
import { eventShapeProblem } from "../graph/rules.js";
import type { ChangeEventKind, EntityLabel, LeadershipLine } from "../graph/vocabulary.js";
import { dayBefore, overlaps, showInterval, validAt, within, type Interval } from "./dates.js";
import type { SeedEntity, SeedLink, SeedModel } from "./model.js";
import type { SeedProblem, SeedProblemCode } from "./problems.js";
import { showPath } from "./schema-check.js";
import { groupInto } from "./state.js";

/**
 * The semantic checks of a seed: dates, references, the structural rules of src/graph/rules.ts
 * and the agreement of change events with the history the seed states. Each check returns its
 * problems; none stops at the first.
 */

/** Every code in the seed, also of records that failed the schema (so they do not cascade into unknown references). */
export interface CodeRegistry {
  get(code: string): { label: EntityLabel; entity: SeedEntity | undefined; where: string } | undefined;
}

function problem(code: SeedProblemCode, entity: SeedEntity, line: number, message: string): SeedProblem {
  return { code, file: entity.record.file, line, record: entity.code, message };
}

function where(entity: SeedEntity): string {
  return entity.record.at(entity.record.line);
}

function article(label: string): string {
  return /^[AEIOU]/.test(label) ? `an ${label}` : `a ${label}`;
}

/** validFrom < validTo on the record; a names history that starts with the record and ascends. */
export function checkEntityDates(entity: SeedEntity): SeedProblem[] {
  const problems: SeedProblem[] = [];
  const { life, record } = entity;
  if (life.to !== null && !(life.from < life.to)) {
    problems.push(
      problem("SEED_INVALID_DATE_RANGE", entity, record.lineOf(["validTo"]), `validTo ${life.to} is ${life.to === life.from ? "the same day as" : "before"} validFrom ${life.from}: the record would never exist`),
    );
  }
  if (!entity.spec.dated || !Array.isArray((record.value as { names?: unknown }).names)) return problems;
  const first = entity.names[0];
  if (first && first.validFrom !== life.from) {
    problems.push(problem("SEED_NAME_HISTORY", entity, record.lineOf(["names", 0, "validFrom"]), `the first name takes effect on ${first.validFrom}, not on the record's validFrom ${life.from}`));
  }
  entity.names.forEach((name, index) => {
    const previous = entity.names[index - 1];
    if (previous && !(previous.validFrom < name.validFrom)) {
      problems.push(problem("SEED_NAME_HISTORY", entity, record.lineOf(["names", index, "validFrom"]), `names must ascend: "${name.name}" (${name.validFrom}) does not come after "${previous.name}" (${previous.validFrom})`));
    }
    if (index > 0 && life.to !== null && name.validFrom >= life.to) {
      problems.push(problem("SEED_INVALID_DATE_RANGE", entity, record.lineOf(["names", index, "validFrom"]), `"${name.name}" takes effect on ${name.validFrom}, when the record no longer exists (validTo ${life.to})`));
    }
  });
  return problems;
}

function kindOf(entity: SeedEntity): string {
  return String(entity.fields.kind);
}

const KIND_PROBLEMS: Readonly<Record<"PART_OF" | "BUILT_AT" | "LED_BY", { code: SeedProblemCode; verb: string; what: string }>> = {
  PART_OF: { code: "SEED_PLACE_NESTING", verb: "be part of", what: "parents" },
  BUILT_AT: { code: "SEED_ORGANISATION_PLACE", verb: "be built at", what: "places" },
  LED_BY: { code: "SEED_LEADER_KIND", verb: "be led by", what: "leaders" },
};

/** The kind rule a link must obey, by relation type: the registry's `kindCheck`, as the writes run it (docs/MODEL.md, "Domain rules"). */
function ruleProblem(link: SeedLink, target: SeedEntity): SeedProblem | undefined {
  const type = link.relation.type;
  const owner = link.owner;
  if (type === "PART_OF" || type === "BUILT_AT" || type === "LED_BY") {
    const line = type === "LED_BY" ? (link.extras.line as LeadershipLine) : undefined;
    const broken = kindCheck(type, kindOf(owner), kindOf(target), line);
    if (!broken) return undefined;
    const { code, verb, what } = KIND_PROBLEMS[type];
    return problem(
      code,
      owner,
      link.line,
      `${showPath(link.path)}: ${article(kindOf(owner))} cannot ${verb} ${article(kindOf(target))} (${target.code})${line ? ` on the ${line} line` : ""}; allowed ${what}: ${broken.allowed.join(", ") || "none"} (rule ${broken.rule})`,
    );
  }
  if (!isEveryOwnerType(type)) return undefined;
  const broken = kindCheck(type, undefined, kindOf(target));
  if (!broken) return undefined;
  return problem(
    "SEED_TARGET_KIND",
    owner,
    link.line,
    `${showPath(link.path)}: ${target.code} is ${article(kindOf(target))}; allowed: ${broken.allowed.join(", ")} (rule ${broken.rule})`,
  );
}

/** A link's target exists, is of the right sort, exists over the link's span, and the link obeys its rule. */
export function checkLink(link: SeedLink, registry: CodeRegistry): SeedProblem[] {
  const { owner, relation } = link;
  const field = showPath(link.path);
  const found = registry.get(link.target);
  if (!found) {
    return [problem("SEED_UNKNOWN_REFERENCE", owner, link.line, `${field}: no record has the code ${link.target}`)];
  }
  if (!relation.targets.includes(found.label)) {
    return [
      problem("SEED_WRONG_TARGET", owner, link.line, `${field}: ${link.target} is ${article(found.label)} (${found.where}), but ${relation.field} takes ${relation.targets.map(article).join(" or ")}`),
    ];
  }
  const problems: SeedProblem[] = [];
  const span = link.span;
  if (span) {
    if (span.to !== null && !(span.from < span.to)) {
      return [problem("SEED_INVALID_DATE_RANGE", owner, link.line, `${field}: validTo ${span.to} is ${span.to === span.from ? "the same day as" : "before"} validFrom ${span.from}: the link would never hold`)];
    }
    const lifeIsValid = owner.life.to === null || owner.life.from < owner.life.to;
    if (lifeIsValid && !within(span, owner.life)) {
      problems.push(problem("SEED_LINK_OUTSIDE_LIFE", owner, link.line, `${field}: the link (${showInterval(span)}) is outside the record's life (${showInterval(owner.life)})`));
    }
  }
  const target = found.entity;
  if (!target) return problems; // the target failed its own checks: its dates cannot be trusted
  if (span && !within(span, target.life)) {
    problems.push(
      problem("SEED_REFERENCE_NOT_VALID", owner, link.line, `${field}: ${target.code} exists ${showInterval(target.life)}, not over the whole link (${showInterval(span)})`),
    );
  }
  const rule = ruleProblem(link, target);
  if (rule) problems.push(rule);
  return problems;
}

/**
 * Records placed nowhere (rule ORPHAN, the registry's REQUIRED_ANCHORS): a unit, a place of a kind
 * with parent kinds, a member… must have its anchor link (located in, part of, member of…) on
 * every day of its life; each gap is reported once, at the record's anchor field (or the record).
 * The days looked at are those the report's Cypher looks at (`anchorGaps`).
 */
export function checkAnchors(entities: readonly SeedEntity[], links: readonly SeedLink[]): SeedProblem[] {
  // The dated links of each owner, in order; an anchor's are those of its type among them.
  const byOwner = new Map<string, SeedLink[]>();
  for (const link of links) if (link.span) groupInto(byOwner, link.owner.code, link);
  const problems: SeedProblem[] = [];
  for (const entity of entities) {
    const anchors = ANCHORS_BY_LABEL.get(entity.label);
    if (!anchors) continue;
    if (entity.life.to !== null && !(entity.life.from < entity.life.to)) continue; // reported as SEED_INVALID_DATE_RANGE
    const dated = byOwner.get(entity.code) ?? NO_LINKS;
    for (const anchor of anchors) {
      if (anchor.kinds && !anchor.kinds.includes(kindOf(entity))) continue;
      // One pass: a link that never holds skips the anchor; one that spans the whole life leaves no gap
      // (what anchorGaps finds too, without its work).
      let count = 0;
      let broken = false;
      let spans = false;
      for (const link of dated) {
        if (link.relation.type !== anchor.type) continue;
        count++;
        if (neverHolds(link)) broken = true;
        else if (spansLife(link.span!, entity.life)) spans = true;
      }
      if (broken) continue; // reported as SEED_INVALID_DATE_RANGE
      if (spans) continue;
      problems.push(...orphanGaps(entity, anchor.type, count === 0 ? NO_LINKS : dated.filter((link) => link.relation.type === anchor.type)));
    }
  }
  return problems;
}

/** SEED_ORPHAN for each gap that `own` (the entity's dated links of `type`) leaves in its life, at the link that ends where the gap starts. */
export function orphanGaps(entity: SeedEntity, type: string, own: readonly SeedLink[]): SeedProblem[] {
  const field = entity.spec.relations.find((relation) => relation.type === type)?.field ?? type;
  return anchorGaps(entity.life, own.map((link) => link.span!)).map((gap) => {
    const ending = own.find((link) => link.span!.to === gap.from) ?? own[0];
    return problem(
      "SEED_ORPHAN",
      entity,
      ending?.line ?? entity.record.line,
      `${field}: the ${entity.label} needs a ${type} link on every day of its life (${showInterval(entity.life)}); it has none ${showInterval(gap)}`,
    );
  });
}

/** REQUIRED_ANCHORS by label, in the registry's order. */
const ANCHORS_BY_LABEL: ReadonlyMap<string, readonly (typeof REQUIRED_ANCHORS)[number][]> = (() => {
  const byLabel = new Map<string, (typeof REQUIRED_ANCHORS)[number][]>();
  for (const anchor of REQUIRED_ANCHORS) groupInto(byLabel, anchor.label, anchor);
  return byLabel;
})();

const NO_LINKS: readonly SeedLink[] = [];

const neverHolds = (link: SeedLink): boolean => link.span!.to !== null && !(link.span!.from < link.span!.to);

/** The link holds on every day of `life` (so on every day anchorGaps looks at: `life.from` and the link ends inside it). */
function spansLife(span: Interval, life: Interval): boolean {
  return span.from <= life.from && (span.to === null || (life.to !== null && life.to <= span.to));
}

/**
 * Links of one field that overlap where one at a time is allowed (the registry's ONE_AT_A_TIME,
 * checked by `breaksOneAtATime` as the writes check it: a place's parent, a leader per line…),
 * and, for any field, the same target linked twice over the same days.
 */
export function checkOverlaps(links: readonly SeedLink[]): SeedProblem[] {
  const problems: SeedProblem[] = [];
  // By owner, then by field: a record's links come together (linksOf), so this is the order of
  // the owner-and-field groups as they first appear; an owner with one dated link has nothing to compare.
  const byOwner = new Map<string, SeedLink[]>();
  for (const link of links) if (link.span) groupInto(byOwner, link.owner.code, link);
  for (const dated of byOwner.values()) {
    if (dated.length < 2) continue;
    const groups = new Map<string, SeedLink[]>();
    for (const link of dated) groupInto(groups, link.relation.field, link);
    for (const group of groups.values()) if (group.length > 1) overlapsInGroup(group, problems);
  }
  return problems;
}

const held = (link: SeedLink) => ({ ...link.span!, properties: link.extras });

/** The overlaps among one owner's links of one field, each reported at the later link, against the first earlier one it overlaps. */
function overlapsInGroup(group: readonly SeedLink[], problems: SeedProblem[]): void {
  const rule = fieldRule(group[0]!);
  for (let index = 1; index < group.length; index++) {
    const link = group[index]!;
    for (let before = 0; before < index; before++) {
      const found = overlapProblem(rule, link, group[before]!);
      if (!found) continue;
      problems.push(found);
      break;
    }
  }
}

/** What one field allows at a time: the registry's one-at-a-time rule of an outgoing link type, if any. */
export interface FieldRule {
  readonly oneAtATime: OneAtATimeType | undefined;
  readonly per: string | undefined;
}

export function fieldRule(link: SeedLink): FieldRule {
  const { type, direction } = link.relation;
  const oneAtATime = direction === "out" && isOneAtATime(type) ? type : undefined;
  return { oneAtATime, per: oneAtATime ? (ONE_AT_A_TIME[oneAtATime] as OneAtATime).per : undefined };
}

/** SEED_OVERLAPPING_LINKS at `link` when it overlaps `earlier` (a link of the same owner and field) to the same target or against the field's rule; else undefined. */
export function overlapProblem({ oneAtATime, per }: FieldRule, link: SeedLink, earlier: SeedLink): SeedProblem | undefined {
  if (!overlaps(link.span!, earlier.span!)) return undefined;
  const sameTarget = earlier.target === link.target && JSON.stringify(earlier.extras) === JSON.stringify(link.extras);
  const exclusive = oneAtATime !== undefined && breaksOneAtATime(oneAtATime, held(earlier), held(link));
  if (!sameTarget && !exclusive) return undefined;
  const what = sameTarget
    ? `links to ${link.target} twice over the same days`
    : per === undefined
      ? `allows one ${link.relation.field} at a time (rule ${ONE_AT_A_TIME[oneAtATime!].rule})`
      : `allows one ${link.relation.field} per ${per} at a time (${exclusiveKey(oneAtATime!, link.extras)}), rule ${ONE_AT_A_TIME[oneAtATime!].rule}`;
  return problem(
    "SEED_OVERLAPPING_LINKS",
    link.owner,
    link.line,
    `${showPath(link.path)}: ${link.target} (${showInterval(link.span!)}) overlaps ${earlier.target} (${showInterval(earlier.span!)}, ${earlier.owner.record.at(earlier.line)}); ${link.relation.field} ${what}`,
  );
}

/**
 * A member not in service registered (雙報到) to the end of its record (rule
 * REGISTRATION_IN_SERVICE, the registry's `registrationOutOfService`, as the member writes check
 * it): reported at the registration that is still held.
 */
export function checkRegistrationsInService(links: readonly SeedLink[]): SeedProblem[] {
  const byMember = new Map<string, SeedLink[]>();
  for (const link of links) if (link.relation.type === "REGISTERED_WITH" && link.span) groupInto(byMember, link.owner.code, link);
  const problems: SeedProblem[] = [];
  for (const registrations of byMember.values()) {
    const member = registrations[0]!.owner;
    const held = registrationOutOfService(member.fields.inService as boolean | undefined, member.life, registrations.map((link) => ({ ...link.span!, link })));
    if (!held) continue;
    problems.push(
      problem(
        "SEED_REGISTRATION_IN_SERVICE",
        member,
        held.link.line,
        `${showPath(held.link.path)}: the member is not in service (inService: ${String(member.fields.inService ?? false)}), yet registered with ${held.link.target} (${showInterval(held)}) to the end of its record (${showInterval(member.life)}); only an in-service member registers (雙報到): end the registration when the member left service, or set inService: true (rule REGISTRATION_IN_SERVICE)`,
      ),
    );
  }
  return problems;
}

const CYCLE_PROBLEMS: Readonly<Record<NoCycleType, { readonly code: SeedProblemCode; readonly what: string }>> = {
  PART_OF: { code: "SEED_PLACE_CYCLE", what: "place cycle" },
  LED_BY: { code: "SEED_LEADERSHIP_CYCLE", what: "leadership cycle" },
};

/**
 * No cycle on any date along the registry's NO_CYCLES types (a place part of its own descendant,
 * a leadership cycle on whatever lines): the registry's `cycleComponents`, the records the
 * brokenRecords report would list. Each cycle is reported once, at the link that closes it (the
 * one starting last).
 */
export function checkCycles(links: readonly SeedLink[], model: SeedModel): SeedProblem[] {
  const problems: SeedProblem[] = [];
  for (const type of Object.keys(NO_CYCLES) as NoCycleType[]) {
    const typed = links
      .filter((link) => link.relation.type === type && link.relation.direction === "out" && link.span && model.byCode.has(link.target))
      .map((link) => ({ owner: link.owner.code, target: link.target, from: link.span!.from, to: link.span!.to, link }));
    const reported = new Set<string>();
    for (const component of cycleComponents(typed)) {
      const key = component.members.join(",");
      if (reported.has(key)) continue;
      reported.add(key);
      const closing = [...component.links].sort((a, b) => (a.from < b.from ? 1 : a.from > b.from ? -1 : 0))[0]!;
      const path = cyclePath(component.links, closing);
      problems.push(problem(CYCLE_PROBLEMS[type].code, closing.link.owner, closing.link.line, `${showPath(closing.link.path)}: ${CYCLE_PROBLEMS[type].what} on ${component.day}: ${path.join(" → ")}`));
    }
  }
  return problems;
}

/** The cycle through `closing` inside its component (the shortest way back from its target), starting at its smallest code and closed. */
function cyclePath(links: readonly { owner: string; target: string }[], closing: { owner: string; target: string }): string[] {
  const previous = new Map<string, string>();
  const queue = [closing.target];
  const seen = new Set(queue);
  while (queue.length > 0 && !seen.has(closing.owner)) {
    const at = queue.shift()!;
    for (const link of links) {
      if (link.owner !== at || seen.has(link.target)) continue;
      seen.add(link.target);
      previous.set(link.target, at);
      queue.push(link.target);
    }
  }
  const back = [closing.owner];
  for (let at = closing.owner; at !== closing.target && previous.has(at); ) back.push((at = previous.get(at)!));
  const nodes = [closing.owner, ...back.reverse().slice(0, -1)];
  const start = nodes.indexOf([...nodes].sort()[0]!);
  const rotated = [...nodes.slice(start), ...nodes.slice(0, start)];
  return [...rotated, rotated[0]!];
}

/**
 * A change event agrees with the history the seed states: originals exist on the day before the
 * event and end at its date; results start at its date. An entity that is both an original and a
 * result (an absorbing merger, an absorption's survivor), and every entity of a RENAME or
 * TRANSFER (identity survives those), continues: it exists on the day before and on the date.
 * First of all, the event has the shape of its kind (`CHANGE_EVENT_SHAPES`), as a write requires.
 */
export function checkEvent(event: SeedEntity, links: readonly SeedLink[], registry: CodeRegistry): SeedProblem[] {
  const date = String(event.fields.date);
  const before = dayBefore(date);
  const continuesByKind = event.fields.kind === "RENAME" || event.fields.kind === "TRANSFER";
  const own = links.filter((link) => link.owner === event);
  const originals = new Set(own.filter((link) => link.relation.type === "ORIGINAL").map((link) => link.target));
  const results = new Set(own.filter((link) => link.relation.type === "RESULTING").map((link) => link.target));
  const problems: SeedProblem[] = [];
  const shape = eventShapeProblem(event.fields.kind as ChangeEventKind, [...originals], [...results]);
  if (shape !== null) problems.push(problem("SEED_EVENT_SHAPE", event, event.record.line, shape));
  for (const link of own) {
    const target = registry.get(link.target)?.entity;
    if (!target || target.label === "ChangeEvent") continue; // unknown or wrong references are reported by checkLink
    const life = showInterval(target.life);
    const field = showPath(link.path);
    const continuing = continuesByKind || (originals.has(link.target) && results.has(link.target));
    if (link.relation.type === "ORIGINAL") {
      if (!validAt(target.life, before)) {
        problems.push(problem("SEED_EVENT_ORIGINAL_ABSENT", event, link.line, `${field}: ${target.code} (${life}) does not exist on ${before}, the day before the ${String(event.fields.kind)} of ${date}`));
      } else if (!continuing && target.life.to !== date) {
        problems.push(
          problem(
            "SEED_EVENT_ORIGINAL_NOT_ENDED",
            event,
            link.line,
            `${field}: ${target.code} (${life}) ${target.life.to === null ? "never ends" : `ends on ${target.life.to}`}; as an original of the ${String(event.fields.kind)} of ${date} it must end on ${date} (set its validTo: ${date} in ${where(target)})`,
          ),
        );
      }
      if (continuing && !results.has(link.target) && !validAt(target.life, date) && validAt(target.life, before)) {
        problems.push(problem("SEED_EVENT_RESULT_NOT_STARTED", event, link.line, `${field}: ${target.code} (${life}) continues through the ${String(event.fields.kind)} of ${date} but does not exist on ${date}`));
      }
    } else if (continuing) {
      if (!validAt(target.life, date) || (!originals.has(link.target) && !validAt(target.life, before))) {
        problems.push(problem("SEED_EVENT_RESULT_NOT_STARTED", event, link.line, `${field}: ${target.code} (${life}) continues through the ${String(event.fields.kind)} of ${date}, so it must exist on ${before} and on ${date}`));
      }
    } else if (target.life.from !== date) {
      problems.push(
        problem(
          "SEED_EVENT_RESULT_NOT_STARTED",
          event,
          link.line,
          `${field}: ${target.code} (${life}) starts on ${target.life.from}; as a result of the ${String(event.fields.kind)} of ${date} it must start on ${date} (set its validFrom: ${date} in ${where(target)})`,
        ),
      );
    }
  }
  return problems;
}

