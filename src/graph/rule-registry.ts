import { dateParam, type CypherQuery } from "../database/index.js";
import type { ErrorCode } from "../errors/catalogue.js";
import type { SeedProblemCode } from "../seeding/problems.js";
import { overlaps, overlapsCypher, validAtCypher } from "../temporal/index.js";
import {
  AGREEMENT_COMMUNITIES,
  ALLOWED_COUNCIL_CONVENERS,
  ALLOWED_ORGANISATION_PLACES,
  ALLOWED_OWN_SYSTEM_LEADERS,
  ALLOWED_PARENT_PLACES,
  ALLOWED_TERRITORIAL_LEADERS,
  BENEFICIARY_PLACES,
  BRANCH_COMMITTEE_THRESHOLD,
  CHANGE_EVENT_SHAPES,
  COMMITTEE_RULE_KINDS,
  COUNCIL_PLACES,
  JOINT_BRANCH_MAX_UNITS,
  REGISTRATION_PLACES,
  RESIDENCE_PLACES,
} from "./rules.js";
import type { ChangeEventKind, EntityLabel, LeadershipLine, OrganisationKind, PlaceKind } from "./vocabulary.js";

/**
 * The rule registry (docs/MODEL.md, "Domain rules"; issue 14): every structural rule of the
 * network once, with its id, its tables and the three paths that can enforce it —
 *
 * - `seed`: the problem code the seed validator (src/seeding/checks.ts) reports, from the TypeScript
 *   check derived here (`kindCheck`, `anchorGaps`, `eventShapeProblem`);
 * - `write`: the code (and `extensions.rule`) a mutation is refused with, from the same check run on
 *   the kinds the write transaction read;
 * - `report`: the integrity report (`ruleBreaches` or `brokenRecords`) that finds the rule broken
 *   in a stored graph, from the Cypher derived here with the same tables as parameters.
 *
 * A path a rule does not have says why (`absent`). test/graph/rule-registry.test.ts walks this list
 * and proves every declared path on a real Neo4j; a rule added without a case fails it.
 *
 * A write runs the TypeScript check on the kinds it read (locked) in its own transaction, not a
 * Cypher guard of its own: the same function the seed validator runs, so the two cannot disagree.
 *
 * What is in it: the kind rules (KIND_RULES), the anchors (ORPHAN), the event shapes, the
 * ruleBreaches fragments, and the history rules —
 *
 * - one at a time (ONE_AT_A_TIME: SINGLE_PARENT, SINGLE_LOCATION, SINGLE_LEADER_PER_LINE per line,
 *   a link without a line being TERRITORIAL, SINGLE_RESIDENCE, SINGLE_MEMBERSHIP): `breaksOneAtATime`
 *   is the seed validator's check (SEED_OVERLAPPING_LINKS) and, through src/graph/rule-guards.ts
 *   `assertOneAtATime` on the record's links read in the transaction, every write's that creates or
 *   moves such a link (place moves, unit moves, leadership, residence, transfers, the hand-overs of
 *   change events); `oneAtATimeBreachQuery` is brokenRecords' under each rule's id;
 * - no cycles (NO_CYCLES: PLACE_CYCLE, LEADERSHIP_CYCLE on whatever lines): `cycleComponents` is
 *   the seed validator's (SEED_PLACE_CYCLE, SEED_LEADERSHIP_CYCLE), `wouldCloseCycleQuery` the
 *   writes' (rule-guards.ts `assertNoCycle`) and `cycleBreachQuery` brokenRecords', the last two
 *   sharing one Cypher fragment for "links that hold on one same day" (`commonDaysCypher`).
 *   test/graph/rule-property.test.ts draws random link histories and proves the TypeScript checks
 *   and the report's Cypher find the same records.
 *
 * - registration in service (REGISTRATION_IN_SERVICE): `registrationOutOfService` is the seed
 *   validator's check (SEED_REGISTRATION_IN_SERVICE) and the member writes' (on the registrations
 *   the write leaves), `registrationInServiceBreachQuery` brokenRecords'.
 *
 * Not here: the rules of change events' dates and fates (docs/MODEL.md lists them with their codes).
 */

/** A path the rule is enforced on, or why it is not. */
export type RulePath<T> = T | { readonly absent: string };

export interface DomainRule {
  /** Stable: the `extensions.rule` of RULE_VIOLATION, the `rule` of ruleBreaches, the `problem` of brokenRecords. */
  readonly id: string;
  /** The rule in words (docs/MODEL.md lists it). */
  readonly statement: string;
  /** The tables (kinds, thresholds) the checks of every path read. */
  readonly tables: Readonly<Record<string, unknown>>;
  readonly seed: RulePath<{ readonly problem: SeedProblemCode }>;
  readonly write: RulePath<{ readonly code: ErrorCode; readonly rule?: string }>;
  readonly report: RulePath<{ readonly in: "ruleBreaches" | "brokenRecords"; readonly problem: string }>;
}

export function declared<T>(path: RulePath<T>): T | undefined {
  return "absent" in (path as object) ? undefined : (path as T);
}

// ---------------------------------------------------------------------------------------------
// One at a time: the relation types whose links of one record must not overlap in time, all of
// them or those sharing the value of a key (LED_BY: one leader per line). The seed spec
// (src/seeding/spec.ts, `oneAtATime`) and the brokenRecords one-at-a-time report (`oneAtATimeBreachQuery`)
// both read this table, so the validator and the report cannot list different types.

export interface OneAtATime {
  /** The rule a write is refused with (RULE_VIOLATION `extensions.rule`), the `problem` of brokenRecords. */
  readonly rule: string;
  /** Links overlap only when they share this relation property; absent: any two overlap. */
  readonly per?: string;
  /** The value of `per` a link without it counts as (a leadership link without a line is TERRITORIAL). */
  readonly missing?: string;
}

export const ONE_AT_A_TIME = {
  PART_OF: { rule: "SINGLE_PARENT" },
  LOCATED_IN: { rule: "SINGLE_LOCATION" },
  LED_BY: { rule: "SINGLE_LEADER_PER_LINE", per: "line", missing: "TERRITORIAL" },
  RESIDES_IN: { rule: "SINGLE_RESIDENCE" },
  LIVES_IN: { rule: "SINGLE_RESIDENCE" },
  MEMBER_OF: { rule: "SINGLE_MEMBERSHIP" },
} as const satisfies Readonly<Record<string, OneAtATime>>;

export type OneAtATimeType = keyof typeof ONE_AT_A_TIME;

export function isOneAtATime(type: string): type is OneAtATimeType {
  return Object.hasOwn(ONE_AT_A_TIME, type);
}

/** A dated link of one record as the checks see it: its days [from, to) and its relation properties. */
export interface HeldLink {
  readonly from: string;
  readonly to: string | null;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** What a link of `type` is exclusive on: its `per` value (a missing one counts as the table's `missing`), "" when every link of the type is. */
export function exclusiveKey(type: OneAtATimeType, properties: Readonly<Record<string, unknown>>): string {
  const entry: OneAtATime = ONE_AT_A_TIME[type];
  return entry.per === undefined ? "" : String(properties[entry.per] ?? entry.missing ?? "");
}

/**
 * The one check of every one-at-a-time rule, for the seed validator and the writes alike: two
 * links of `type` of one record break it when both hold on some day (a zero-length link never
 * holds; brokenRecords lists it as ZERO_LENGTH_LINK) and share the `per` key. The same test the
 * report's Cypher (`oneAtATimeBreachQuery`) makes.
 */
export function breaksOneAtATime(type: OneAtATimeType, a: HeldLink, b: HeldLink): boolean {
  const holds = (link: HeldLink) => link.to === null || link.from < link.to;
  return holds(a) && holds(b) && overlaps(a, b) && exclusiveKey(type, a.properties) === exclusiveKey(type, b.properties);
}

/** The first of `existing` (links of `type` of one record) that a new link `candidate` could not hold beside. */
export function oneAtATimeClash<T extends HeldLink>(type: OneAtATimeType, existing: readonly T[], candidate: HeldLink): T | undefined {
  return existing.find((link) => breaksOneAtATime(type, link, candidate));
}

/**
 * brokenRecords: two links of one record of a one-at-a-time type that hold on the same day and
 * share the `per` key, under the rule's id. The types come from the table (safe-checked), the
 * keys and their defaults are parameters.
 */
export function oneAtATimeBreachQuery(): CypherQuery {
  const types = Object.keys(ONE_AT_A_TIME);
  safe(...types);
  const entries = Object.entries(ONE_AT_A_TIME) as [OneAtATimeType, OneAtATime][];
  const per = Object.fromEntries(entries.flatMap(([type, entry]) => (entry.per === undefined ? [] : [[type, entry.per]])));
  const missing = Object.fromEntries(entries.flatMap(([type, entry]) => (entry.missing === undefined ? [] : [[type, entry.missing]])));
  const key = (alias: string) => `coalesce(${alias}[per], $missing[type(${alias})], '')`;
  return {
    name: "broken.oneAtATime",
    cypher: `
      MATCH (e:Entity)-[r1:${types.join("|")}]->(x:Entity), (e)-[r2]->(y:Entity)
      WHERE type(r2) = type(r1) AND elementId(r1) < elementId(r2)
      WITH e, r1, r2, x, y, $per[type(r1)] AS per
      WHERE (per IS NULL OR ${key("r1")} = ${key("r2")})
        AND (r1.validTo IS NULL OR r1.validTo > r1.validFrom) AND (r2.validTo IS NULL OR r2.validTo > r2.validFrom)
        AND ${overlapsCypher("r1", "r2.validFrom", "r2.validTo")}
      RETURN $rules[type(r1)] AS problem, e.code AS code, [l IN labels(e) WHERE NOT l IN ['Entity', 'Person']][0] AS label,
             type(r1) + CASE WHEN per IS NULL THEN '' ELSE ' (' + ${key("r1")} + ')' END + ' to ' + x.code + ' and to ' + y.code + ' at once, from ' +
             toString(CASE WHEN r1.validFrom > r2.validFrom THEN r1.validFrom ELSE r2.validFrom END) AS detail
      ORDER BY problem, code`,
    params: { per, missing, rules: Object.fromEntries(entries.map(([type, entry]) => [type, entry.rule])) },
  };
}

// ---------------------------------------------------------------------------------------------
// No cycles: the relation types along which a record must never reach itself through links that
// hold on one same day (a place part of its own descendant, an organisation led by an organisation
// it leads, on whatever lines). The seed validator (`cycleComponents`), the writes
// (`wouldCloseCycleQuery`) and brokenRecords (`cycleBreachQuery`) read this table.

export const NO_CYCLES = {
  PART_OF: { rule: "PLACE_CYCLE", label: "Place" },
  LED_BY: { rule: "LEADERSHIP_CYCLE", label: "Organisation" },
} as const satisfies Readonly<Record<string, { readonly rule: string; readonly label: EntityLabel }>>;

export type NoCycleType = keyof typeof NO_CYCLES;

/** The longest cycle the Cypher paths look for (the hierarchy is a dozen levels deep). */
export const CYCLE_MAX_LENGTH = 32;

export function isNoCycleType(type: string): type is NoCycleType {
  return Object.hasOwn(NO_CYCLES, type);
}

/** A link from `owner` to `target` over its days. */
export interface CycleLink extends Omit<HeldLink, "properties"> {
  readonly owner: string;
  readonly target: string;
}

/**
 * The cycles of `links` (of one type): for each day a link starts, the records that reach
 * themselves through links all holding on that day — the strongly connected components of that
 * day's links (a cycle begins when its last link begins) — with the links inside each. A record is
 * on a cycle exactly when the report's Cypher (`cycleBreachQuery`) lists it.
 */
export function cycleComponents<T extends CycleLink>(links: readonly T[]): { readonly day: string; readonly members: readonly string[]; readonly links: readonly T[] }[] {
  const holding = links.filter((link) => link.to === null || link.from < link.to);
  const edges = (among: readonly T[]) => {
    const out = new Map<string, string[]>();
    for (const link of among) out.set(link.owner, [...(out.get(link.owner) ?? []), link.target]);
    return out;
  };
  const all = edges(holding);
  const suspects = new Set(stronglyConnected([...all.keys()], (code) => all.get(code) ?? []).flat());
  const inside = holding.filter((link) => suspects.has(link.owner) && suspects.has(link.target));
  const found: { day: string; members: string[]; links: T[] }[] = [];
  for (const day of [...new Set(inside.map((link) => link.from))].sort()) {
    const active = inside.filter((link) => link.from <= day && (link.to === null || day < link.to));
    const out = edges(active);
    for (const members of stronglyConnected([...out.keys()], (code) => out.get(code) ?? [])) {
      const set = new Set(members);
      found.push({ day, members: [...members].sort(), links: active.filter((link) => set.has(link.owner) && set.has(link.target)) });
    }
  }
  return found;
}

/** Tarjan's algorithm, iterative (chains can be long in generated seeds); returns the components that hold a cycle (two or more records, or one linked to itself). */
function stronglyConnected(nodes: readonly string[], next: (node: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; edges: readonly string[]; at: number }[] = [];
    const open = (node: string) => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, edges: next(node), at: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.at < frame.edges.length) {
        const target = frame.edges[frame.at++]!;
        if (!index.has(target)) open(target);
        else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1 || next(frame.node).includes(frame.node)) components.push(component);
      }
    }
  }
  return components;
}

/**
 * The days the relationships `rels` (a Cypher list) all hold on, within [from, to) (Cypher
 * expressions; `to` null for open): its first day and its end (null: open). The one fragment the
 * write guard and the report of a cycle share.
 */
function commonDaysCypher(rels: string, from: string, to: string): { readonly start: string; readonly end: string; readonly some: string } {
  const start = `reduce(s = ${from}, x IN ${rels} | CASE WHEN x.validFrom > s THEN x.validFrom ELSE s END)`;
  const end = `reduce(t = ${to}, x IN ${rels} | CASE WHEN x.validTo IS NULL THEN t WHEN t IS NULL OR x.validTo < t THEN x.validTo ELSE t END)`;
  return { start, end, some: `(${end} IS NULL OR ${start} < ${end})` };
}

/** A write's guard: whether a new link `$owner` → `$target` of `type` over [$from, $to) would close a cycle on some day (the target already reaches the owner through links holding together within those days). */
export function wouldCloseCycleQuery(type: NoCycleType, owner: string, target: string, from: string, to: string | null): CypherQuery {
  const { label } = NO_CYCLES[type];
  safe(type, label);
  return {
    name: `write.wouldCycle.${type}`,
    cypher: `
      MATCH (owner:${label} {code: $owner}), (target:${label} {code: $target})
      RETURN owner = target OR EXISTS {
        MATCH path = (target)(()-[r:${type}]->() WHERE ${overlapsCypher("r")}){1,${CYCLE_MAX_LENGTH}}(owner)
        WHERE ${commonDaysCypher("relationships(path)", "$from", "$to").some}
      } AS cycle`,
    params: { owner, target, from: dateParam(from), to: dateParam(to) },
  };
}

/** brokenRecords: every record on a cycle of links of a NO_CYCLES type that hold on one same day, with the first such day. */
export function cycleBreachQuery(type: NoCycleType): CypherQuery {
  const { label, rule } = NO_CYCLES[type];
  safe(type, label);
  const days = commonDaysCypher("relationships(path)", "date('0001-01-01')", "null");
  return {
    name: `broken.cycles.${type}`,
    cypher: `
      MATCH (e:${label})
      MATCH path = (e)(()-[r:${type}]->()){1,${CYCLE_MAX_LENGTH}}(e)
      WITH e, path, ${days.start} AS day
      WHERE ${days.some}
      WITH e, day, path ORDER BY day
      WITH e, collect({day: day, path: path})[0] AS first
      RETURN $rule AS problem, e.code AS code, '${label}' AS label,
             'reaches itself through ${type} ' + reduce(s = '', n IN nodes(first.path)[1..] | s + ' → ' + n.code) + ' on ' + toString(first.day) AS detail
      ORDER BY code`,
    params: { rule },
  };
}

// ---------------------------------------------------------------------------------------------
// Kind rules: which kind of target a link of a type may point at, by the owner's kind.

type KindTable = Readonly<Record<string, readonly string[]>>;

/** A kind rule that depends on the owner's kind: the allowed target kinds per owner kind (per leadership line where the type has lines). */
interface ByOwnerKindRule {
  readonly id: string;
  readonly type: "PART_OF" | "BUILT_AT" | "LED_BY";
  readonly owner: EntityLabel;
  readonly target: EntityLabel;
  /** Owner kinds the rule applies to. */
  readonly owners: readonly string[];
  readonly tables: { readonly TERRITORIAL: KindTable; readonly OWN_SYSTEM?: KindTable };
}

/** A kind rule on every owner of its label, whatever its kind (a council, an agreement, a member has none): the allowed target kinds. */
interface EveryOwnerRule {
  readonly id: string;
  readonly type: "CONVENED_BY" | "SERVES" | "WITH" | "RESIDES_IN" | "REGISTERED_WITH" | "LIVES_IN";
  readonly owner: EntityLabel;
  readonly target: EntityLabel;
  readonly allowed: readonly string[];
}

type KindRule = ByOwnerKindRule | EveryOwnerRule;
export type KindRuleType = KindRule["type"];
export type EveryOwnerType = EveryOwnerRule["type"];

const ORGANISATION_KINDS = Object.keys(ALLOWED_ORGANISATION_PLACES) as OrganisationKind[];
const NOT_GROUP = ORGANISATION_KINDS.filter((kind) => kind !== "GROUP");

const KIND_RULES: readonly KindRule[] = [
  { id: "PLACE_NESTING", type: "PART_OF", owner: "Place", target: "Place", owners: Object.keys(ALLOWED_PARENT_PLACES), tables: { TERRITORIAL: ALLOWED_PARENT_PLACES } },
  { id: "ORGANISATION_PLACE", type: "BUILT_AT", owner: "Organisation", target: "Place", owners: NOT_GROUP, tables: { TERRITORIAL: ALLOWED_ORGANISATION_PLACES } },
  { id: "GROUP_PLACE", type: "BUILT_AT", owner: "Organisation", target: "Place", owners: ["GROUP"], tables: { TERRITORIAL: ALLOWED_ORGANISATION_PLACES } },
  {
    id: "LEADER_KIND",
    type: "LED_BY",
    owner: "Organisation",
    target: "Organisation",
    owners: NOT_GROUP,
    tables: { TERRITORIAL: ALLOWED_TERRITORIAL_LEADERS, OWN_SYSTEM: ALLOWED_OWN_SYSTEM_LEADERS },
  },
  {
    id: "GROUP_LEADER",
    type: "LED_BY",
    owner: "Organisation",
    target: "Organisation",
    owners: ["GROUP"],
    tables: { TERRITORIAL: ALLOWED_TERRITORIAL_LEADERS, OWN_SYSTEM: ALLOWED_OWN_SYSTEM_LEADERS },
  },
  { id: "COUNCIL_CONVENER", type: "CONVENED_BY", owner: "Council", target: "Organisation", allowed: ALLOWED_COUNCIL_CONVENERS },
  { id: "COUNCIL_PLACE", type: "SERVES", owner: "Council", target: "Place", allowed: COUNCIL_PLACES },
  { id: "AGREEMENT_COMMUNITY", type: "WITH", owner: "CoBuildingAgreement", target: "Place", allowed: AGREEMENT_COMMUNITIES },
  { id: "MEMBER_RESIDENCE", type: "RESIDES_IN", owner: "Member", target: "Place", allowed: RESIDENCE_PLACES },
  { id: "REGISTRATION_PLACE", type: "REGISTERED_WITH", owner: "Member", target: "Place", allowed: REGISTRATION_PLACES },
  { id: "BENEFICIARY_PLACE", type: "LIVES_IN", owner: "Beneficiary", target: "Place", allowed: BENEFICIARY_PLACES },
];

const everyOwner = (rule: KindRule): rule is EveryOwnerRule => "allowed" in rule;

/** The kind rule a link of `type` from an owner of `ownerKind` obeys (on `line`, for leadership): its id and the target kinds it allows. */
export function kindRuleFor(type: KindRuleType, ownerKind?: string, line: LeadershipLine = "TERRITORIAL"): { readonly rule: string; readonly allowed: readonly string[] } | undefined {
  const rule = KIND_RULES.find((candidate) => candidate.type === type && (everyOwner(candidate) || (ownerKind !== undefined && candidate.owners.includes(ownerKind))));
  if (!rule) return undefined;
  if (everyOwner(rule)) return { rule: rule.id, allowed: rule.allowed };
  return { rule: rule.id, allowed: (line === "OWN_SYSTEM" ? rule.tables.OWN_SYSTEM : rule.tables.TERRITORIAL)?.[ownerKind!] ?? [] };
}

/** Whether links of `type` obey a kind rule whatever their owner's kind. */
export function isEveryOwnerType(type: string): type is EveryOwnerType {
  return KIND_RULES.some((rule) => everyOwner(rule) && rule.type === type);
}

/** The kind rule of a link whose owner's kind does not matter (a council's convener, a member's residence…), for the writes' anchors. */
export function linkKindRule(type: EveryOwnerType): { readonly rule: string; readonly allowed: readonly string[] } {
  return kindRuleFor(type)!;
}

/**
 * The one check of every kind rule, for the seed validator and the writes alike: null when a link
 * of `type` from an owner of `ownerKind` may point at a target of `targetKind` (on `line`, for
 * leadership), else the rule it breaks and the kinds it allows.
 */
export function kindCheck(
  type: KindRuleType,
  ownerKind: string | undefined,
  targetKind: string,
  line: LeadershipLine = "TERRITORIAL",
): { readonly rule: string; readonly allowed: readonly string[] } | null {
  const rule = kindRuleFor(type, ownerKind, line);
  return !rule || rule.allowed.includes(targetKind) ? null : rule;
}

function safe(...names: string[]): void {
  for (const name of names) if (!/^[A-Z][A-Za-z_]*$/.test(name)) throw new Error(`unsafe name in a rule: ${name}`);
}

/** brokenRecords: every link (any day) breaking a kind rule; the tables are parameters. */
function kindBreachQuery(rule: KindRule): CypherQuery {
  safe(rule.owner, rule.target, rule.type);
  const allowed = everyOwner(rule)
    ? "$allowed"
    : rule.tables.OWN_SYSTEM
      ? "CASE r.line WHEN 'OWN_SYSTEM' THEN $ownSystem[a.kind] ELSE $territorial[a.kind] END"
      : "$territorial[a.kind]";
  return {
    name: `broken.kinds.${rule.id}`,
    cypher: `
      MATCH (a:${rule.owner})-[r:${rule.type}]->(b:${rule.target})
      WHERE ($owners IS NULL OR a.kind IN $owners) AND NOT b.kind IN coalesce(${allowed}, [])
      RETURN $rule AS problem, a.code AS code, '${rule.owner}' AS label,
             coalesce(a.kind, '${rule.owner}') + ' ' + type(r) + coalesce(' (' + r.line + ')', '') + ' ' + b.kind + ' ' + b.code + ' from ' + toString(r.validFrom) AS detail
      ORDER BY code`,
    params: everyOwner(rule)
      ? { rule: rule.id, owners: null, allowed: rule.allowed }
      : { rule: rule.id, owners: rule.owners, territorial: rule.tables.TERRITORIAL, ownSystem: rule.tables.OWN_SYSTEM ?? null },
  };
}

// ---------------------------------------------------------------------------------------------
// Anchors: what a record cannot be without on any day of its life.

export interface Anchor {
  readonly label: EntityLabel;
  readonly type: string;
  /** Only records of these kinds need the anchor (a place of a kind that has parent kinds). */
  readonly kinds?: readonly string[];
}

/** What each kind of record cannot be without, on any day of its life: the link that says where it lies or whom it belongs to. */
export const REQUIRED_ANCHORS: readonly Anchor[] = [
  { label: "Place", type: "PART_OF", kinds: (Object.keys(ALLOWED_PARENT_PLACES) as PlaceKind[]).filter((kind) => ALLOWED_PARENT_PLACES[kind].length > 0) },
  { label: "Unit", type: "LOCATED_IN" },
  { label: "Member", type: "MEMBER_OF" },
  { label: "Beneficiary", type: "LIVES_IN" },
  { label: "Facility", type: "FACILITY_OF" },
  { label: "CulturalTeam", type: "BASED_IN" },
  { label: "VolunteerTeam", type: "ORGANISED_BY" },
  { label: "Council", type: "SERVES" },
  { label: "Council", type: "CONVENED_BY" },
  { label: "CoBuildingAgreement", type: "WITH" },
  { label: "CoBuildingAgreement", type: "PARTY" },
  { label: "Pairing", type: "HELPER" },
  { label: "Pairing", type: "HELPS" },
];

interface Span {
  readonly from: string;
  readonly to: string | null;
}

/**
 * The days of `life` on which none of `links` holds, as gaps [from, to): the anchor can only stop
 * holding on the record's first day or on a day one of its links ends. The same days the report's
 * Cypher (`orphanQueries`) looks at.
 */
export function anchorGaps(life: Span, links: readonly Span[]): Span[] {
  const holds = (day: string) => links.some((link) => link.from <= day && (link.to === null || day < link.to));
  const days = [life.from, ...links.map((link) => link.to).filter((to): to is string => to !== null && to > life.from && (life.to === null || to < life.to))];
  const gaps: Span[] = [];
  for (const day of [...new Set(days)].sort()) {
    if (holds(day) || gaps.some((gap) => gap.from <= day && (gap.to === null || day < gap.to))) continue;
    const next = links.map((link) => link.from).filter((from) => from > day && (life.to === null || from < life.to)).sort()[0];
    gaps.push({ from: day, to: next ?? life.to });
  }
  return gaps;
}

/** brokenRecords: records left without their anchor on some day of their life (a building whose compound was dissolved under it). */
export function orphanQueries(): CypherQuery[] {
  return REQUIRED_ANCHORS.map(({ label, type, kinds }) => {
    safe(label, type);
    return {
      name: `broken.orphans.${label}.${type}`,
      cypher: `
        MATCH (e:${label})
        WHERE $kinds IS NULL OR e.kind IN $kinds
        WITH e, [e.validFrom] + [(e)-[r:${type}]->() WHERE r.validTo IS NOT NULL AND r.validTo > e.validFrom AND (e.validTo IS NULL OR r.validTo < e.validTo) | r.validTo] AS days
        UNWIND days AS day
        WITH e, day
        WHERE NOT EXISTS { MATCH (e)-[r:${type}]->() WHERE ${validAtCypher("r", "day")} }
        WITH e, min(day) AS day
        RETURN 'ORPHAN' AS problem, e.code AS code, '${label}' AS label, 'no ${type} link on ' + toString(day) AS detail`,
      params: { kinds: kinds ?? null },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Change events: the shape of each kind (CHANGE_EVENT_SHAPES; `eventShapeProblem` in rules.ts is the TypeScript check).

/** brokenRecords: a stored change event without the originals and results its kind needs. */
export function eventShapeBreachQuery(): CypherQuery {
  const shapes = Object.fromEntries(
    (Object.keys(CHANGE_EVENT_SHAPES) as ChangeEventKind[]).map((kind) => {
      const shape = CHANGE_EVENT_SHAPES[kind];
      const bound = (value: number) => (Number.isFinite(value) ? value : null);
      return [kind, { originalsMin: shape.originals[0], originalsMax: bound(shape.originals[1]), resultsMin: shape.results[0], resultsMax: bound(shape.results[1]), sides: shape.sides ?? null }];
    }),
  );
  return {
    name: "broken.eventShape",
    cypher: `
      MATCH (e:ChangeEvent)
      WITH e, $shapes[e.kind] AS shape,
           COUNT { (e)-[:ORIGINAL]->() } AS originals, COUNT { (e)-[:RESULTING]->() } AS results,
           COUNT { MATCH (e)-[:ORIGINAL]->(x)<-[:RESULTING]-(e) } AS shared
      WHERE shape IS NOT NULL AND NOT (
        originals >= shape.originalsMin AND (shape.originalsMax IS NULL OR originals <= shape.originalsMax)
        AND results >= shape.resultsMin AND (shape.resultsMax IS NULL OR results <= shape.resultsMax)
        AND CASE shape.sides
              WHEN 'same' THEN originals = results AND shared = originals
              WHEN 'survivor' THEN shared = 1 AND results = 1
              WHEN 'distinct' THEN shared = 0
              ELSE true END)
      RETURN 'EVENT_SHAPE' AS problem, e.code AS code, 'ChangeEvent' AS label,
             'a ' + e.kind + ' with ' + toString(originals) + ' original(s), ' + toString(results) + ' result(s), ' + toString(shared) + ' on both sides' AS detail
      ORDER BY code`,
    params: { shapes },
  };
}

// ---------------------------------------------------------------------------------------------
// Registration in service (雙報到): only an in-service member registers with a residential
// community. `inService` is a flag of the record, not a dated fact: it says what the member is at
// the end of its record (today, for a member still in the party). So a member not in service may
// keep only registrations that ended before then — those of the years it was in service.

/** The first registration of a member that breaks REGISTRATION_IN_SERVICE: one still held on the last day of its life (`life.to` open: still held today) while the member is not in service. */
export function registrationOutOfService<T extends Span>(inService: boolean | null | undefined, life: Span, registrations: readonly T[]): T | undefined {
  if (inService === true) return undefined;
  const heldAtEnd = (link: T) => (link.to === null || link.from < link.to) && (link.to === null || (life.to !== null && link.to >= life.to));
  return registrations.find(heldAtEnd);
}

/** brokenRecords: a member not in service with a registration still held at the end of its record (the same test as `registrationOutOfService`). */
export function registrationInServiceBreachQuery(): CypherQuery {
  return {
    name: "broken.registrationInService",
    cypher: `
      MATCH (m:Member)-[r:REGISTERED_WITH]->(p:Place)
      WHERE coalesce(m.inService, false) = false
        AND (r.validTo IS NULL OR r.validTo > r.validFrom)
        AND (r.validTo IS NULL OR (m.validTo IS NOT NULL AND r.validTo >= m.validTo))
      WITH m, min(r.validFrom) AS since
      RETURN 'REGISTRATION_IN_SERVICE' AS problem, m.code AS code, 'Member' AS label,
             'not in service, yet registered (雙報到) since ' + toString(since) + ' to the end of its record' AS detail
      ORDER BY code`,
  };
}

// ---------------------------------------------------------------------------------------------
// ruleBreaches fragments: per organisation valid at `$asOf` (integrity.queries.ts assembles them).

/** One rule's part of the ruleBreaches statement: which organisations it looks at, what it measures (a COUNT {} per organisation), and the breach row. */
export interface BreachFragment {
  readonly rule: string;
  readonly applies: string;
  readonly measure?: string;
  readonly breach: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export const BREACH_FRAGMENTS: readonly BreachFragment[] = [
  {
    rule: "BRANCH_COMMITTEE",
    applies: "o.kind IN $committeeKinds",
    breach: "CASE WHEN o.kind IN $committeeKinds AND coalesce(o.formalMembers, 0) >= $committeeThreshold AND NOT coalesce(o.committeeElected, false) THEN {rule: 'BRANCH_COMMITTEE', measured: o.formalMembers, threshold: $committeeThreshold} END",
    params: { committeeKinds: COMMITTEE_RULE_KINDS, committeeThreshold: BRANCH_COMMITTEE_THRESHOLD },
  },
  {
    rule: "JOINT_BRANCH_SIZE",
    applies: "o.form = 'JOINT'",
    measure: `CASE WHEN o.form = 'JOINT' THEN COUNT { MATCH (o)-[c:COVERS]->(u:Unit) WHERE ${validAtCypher("c")} AND ${validAtCypher("u")} } END AS unitsCovered`,
    breach: "CASE WHEN unitsCovered > $jointMax THEN {rule: 'JOINT_BRANCH_SIZE', measured: unitsCovered, threshold: $jointMax} END",
    params: { jointMax: JOINT_BRANCH_MAX_UNITS },
  },
  {
    rule: "GROUP_PLACE",
    applies: "o.kind IN $groupKinds",
    measure: `CASE WHEN o.kind IN $groupKinds THEN COUNT { MATCH (o)-[b:BUILT_AT]->(gp:Place) WHERE ${validAtCypher("b")} AND gp.kind IN $groupPlaces } END AS groupPlaces`,
    breach: "CASE WHEN groupPlaces = 0 THEN {rule: 'GROUP_PLACE', measured: 0, threshold: 1} END",
    params: { groupKinds: ["GROUP"], groupPlaces: ALLOWED_ORGANISATION_PLACES.GROUP },
  },
  {
    rule: "GROUP_LEADER",
    applies: "o.kind IN $groupKinds",
    measure: `CASE WHEN o.kind IN $groupKinds THEN COUNT {
      MATCH (o)-[t:LED_BY]->(gl:Organisation) WHERE coalesce(t.line, 'TERRITORIAL') = 'TERRITORIAL' AND ${validAtCypher("t")} AND ${validAtCypher("gl")} AND gl.kind IN $groupLeaders } END AS branchLeaders`,
    breach: "CASE WHEN branchLeaders = 0 THEN {rule: 'GROUP_LEADER', measured: 0, threshold: 1} END",
    params: { groupKinds: ["GROUP"], groupLeaders: ALLOWED_TERRITORIAL_LEADERS.GROUP },
  },
];

// ---------------------------------------------------------------------------------------------
// The registry.

const kindTables = (id: string) => {
  const rule = KIND_RULES.find((candidate) => candidate.id === id)!;
  return everyOwner(rule) ? { allowed: rule.allowed } : { owners: rule.owners, ...rule.tables };
};

/** A kind rule on every owner of its label: the seed's SEED_TARGET_KIND, the write's RULE_VIOLATION, brokenRecords. */
const everyOwnerEntry = (id: string, statement: string, table: string): DomainRule => ({
  id,
  statement,
  tables: { [table]: kindTables(id) },
  seed: { problem: "SEED_TARGET_KIND" },
  write: { code: "RULE_VIOLATION", rule: id },
  report: { in: "brokenRecords", problem: id },
});

/** A one-at-a-time rule (ONE_AT_A_TIME): the seed's SEED_OVERLAPPING_LINKS, the write's RULE_VIOLATION, brokenRecords under its id. */
const oneAtATimeEntry = (id: string, statement: string): DomainRule => ({
  id,
  statement,
  tables: { ONE_AT_A_TIME: Object.fromEntries(Object.entries(ONE_AT_A_TIME).filter(([, entry]) => entry.rule === id)) },
  seed: { problem: "SEED_OVERLAPPING_LINKS" },
  write: { code: "RULE_VIOLATION", rule: id },
  report: { in: "brokenRecords", problem: id },
});

/** A no-cycle rule (NO_CYCLES): the seed's cycle problem, the write's RULE_VIOLATION, brokenRecords under its id. */
const noCycleEntry = (type: NoCycleType, statement: string, problem: SeedProblemCode): DomainRule => ({
  id: NO_CYCLES[type].rule,
  statement,
  tables: { NO_CYCLES: { [type]: NO_CYCLES[type] }, CYCLE_MAX_LENGTH },
  seed: { problem },
  write: { code: "RULE_VIOLATION", rule: NO_CYCLES[type].rule },
  report: { in: "brokenRecords", problem: NO_CYCLES[type].rule },
});

export const RULE_REGISTRY: readonly DomainRule[] = [
  {
    id: "PLACE_NESTING",
    statement: "A place is part of a place of an allowed kind (a building in a compound or courtyard, a compound in a community…).",
    tables: { ALLOWED_PARENT_PLACES: kindTables("PLACE_NESTING") },
    seed: { problem: "SEED_PLACE_NESTING" },
    write: { code: "RULE_VIOLATION", rule: "PLACE_NESTING" },
    report: { in: "brokenRecords", problem: "PLACE_NESTING" },
  },
  {
    id: "ORGANISATION_PLACE",
    statement: "An organisation other than a group is built at a place of an allowed kind (a branch at a compound or zone, a general branch at a community…).",
    tables: { ALLOWED_ORGANISATION_PLACES: kindTables("ORGANISATION_PLACE") },
    seed: { problem: "SEED_ORGANISATION_PLACE" },
    write: { code: "RULE_VIOLATION", rule: "ORGANISATION_PLACE" },
    report: { in: "brokenRecords", problem: "ORGANISATION_PLACE" },
  },
  {
    id: "GROUP_PLACE",
    statement: "A group (黨小組) is built at a building or a courtyard, on every day of its life.",
    tables: { ALLOWED_ORGANISATION_PLACES: kindTables("GROUP_PLACE") },
    seed: { problem: "SEED_ORGANISATION_PLACE" },
    write: { code: "RULE_VIOLATION", rule: "GROUP_PLACE" },
    report: { in: "ruleBreaches", problem: "GROUP_PLACE" },
  },
  {
    id: "LEADER_KIND",
    statement: "An organisation other than a group is led by an allowed kind on each line (a branch by a general branch, a committee or the working committee; a system committee on the own-system line…).",
    tables: { ALLOWED_LEADERS: kindTables("LEADER_KIND") },
    seed: { problem: "SEED_LEADER_KIND" },
    write: { code: "RULE_VIOLATION", rule: "LEADER_KIND" },
    report: { in: "brokenRecords", problem: "LEADER_KIND" },
  },
  {
    id: "GROUP_LEADER",
    statement: "A group is led by a branch on the territorial line, and has no own-system leader.",
    tables: { ALLOWED_LEADERS: kindTables("GROUP_LEADER") },
    seed: { problem: "SEED_LEADER_KIND" },
    write: { code: "RULE_VIOLATION", rule: "GROUP_LEADER" },
    report: { in: "ruleBreaches", problem: "GROUP_LEADER" },
  },
  oneAtATimeEntry("SINGLE_PARENT", "A place is part of one place at a time."),
  oneAtATimeEntry("SINGLE_LOCATION", "A unit is located in one place at a time."),
  oneAtATimeEntry("SINGLE_LEADER_PER_LINE", "An organisation has one leader per leadership line at a time (a link without a line is on the territorial line)."),
  oneAtATimeEntry("SINGLE_RESIDENCE", "A member resides in one building, and a beneficiary lives in one place, at a time."),
  oneAtATimeEntry("SINGLE_MEMBERSHIP", "A member belongs to one party organisation at a time."),
  noCycleEntry("PART_OF", "A place is never part of itself or of its own descendant, on any day.", "SEED_PLACE_CYCLE"),
  noCycleEntry("LED_BY", "An organisation is never led, directly or not, by itself or an organisation it leads, on any day (through links of whatever lines).", "SEED_LEADERSHIP_CYCLE"),
  everyOwnerEntry("COUNCIL_CONVENER", "A council is convened by a district committee, a working committee, a community committee or a general branch.", "ALLOWED_COUNCIL_CONVENERS"),
  everyOwnerEntry("COUNCIL_PLACE", "A council serves a community or a subdistrict (or a pre-merger village committee or old town district).", "COUNCIL_PLACES"),
  everyOwnerEntry("AGREEMENT_COMMUNITY", "A co-building agreement's community is a community-level place (a community, or a pre-merger village committee or old town district).", "AGREEMENT_COMMUNITIES"),
  everyOwnerEntry("MEMBER_RESIDENCE", "A member resides in a building.", "RESIDENCE_PLACES"),
  everyOwnerEntry("REGISTRATION_PLACE", "A member registers (雙報到) with a residential community.", "REGISTRATION_PLACES"),
  everyOwnerEntry("BENEFICIARY_PLACE", "A beneficiary lives in a building, a courtyard, a compound or a community-level place.", "BENEFICIARY_PLACES"),
  {
    id: "REGISTRATION_IN_SERVICE",
    statement: "Only an in-service member registers with a residential community (雙報到): a member not in service keeps only registrations that ended before the end of its record.",
    tables: { REGISTRATION_PLACES },
    seed: { problem: "SEED_REGISTRATION_IN_SERVICE" },
    write: { code: "RULE_VIOLATION", rule: "REGISTRATION_IN_SERVICE" },
    report: { in: "brokenRecords", problem: "REGISTRATION_IN_SERVICE" },
  },
  {
    id: "BRANCH_COMMITTEE",
    statement: `A branch with ${BRANCH_COMMITTEE_THRESHOLD} or more formal members elects a branch committee.`,
    tables: { COMMITTEE_RULE_KINDS, BRANCH_COMMITTEE_THRESHOLD },
    seed: { absent: "party practice, not a property of the data: a branch grows past the threshold before its next election, so the seed records it as it is" },
    write: { absent: "the same: a write that adds members is not wrong, it makes an election due; the report lists the branch" },
    report: { in: "ruleBreaches", problem: "BRANCH_COMMITTEE" },
  },
  {
    id: "JOINT_BRANCH_SIZE",
    statement: `A joint branch (聯合支部) covers at most ${JOINT_BRANCH_MAX_UNITS} units.`,
    tables: { JOINT_BRANCH_MAX_UNITS },
    seed: { absent: "a threshold of party practice measured on a date: a seed states the coverage as it was, the report says where it is exceeded" },
    write: { absent: "the same: covering a sixth unit is recorded, and the report lists the branch until it is split" },
    report: { in: "ruleBreaches", problem: "JOINT_BRANCH_SIZE" },
  },
  {
    id: "EVENT_SHAPE",
    statement: "A change event has the originals and results its kind needs (a merger two or more originals, a split two or more results, a succession one original and one other result…).",
    tables: { CHANGE_EVENT_SHAPES },
    seed: { problem: "SEED_EVENT_SHAPE" },
    write: { code: "RULE_VIOLATION", rule: "EVENT_SHAPE" },
    report: { in: "brokenRecords", problem: "EVENT_SHAPE" },
  },
  {
    id: "ORPHAN",
    statement:
      "A record is placed somewhere, or belongs to someone, on every day of its life: a place of a kind that has parent kinds is part of a place, a unit is located in one, a member belongs to an organisation, a council serves a place and has its convener… (`REQUIRED_ANCHORS`).",
    tables: { REQUIRED_ANCHORS },
    seed: { problem: "SEED_ORPHAN" },
    // A record is created with its anchor (the inputs require it) and moved from one to the next; what
    // could still leave it placed nowhere is the end of what it depends on, which is refused.
    write: { code: "LIVE_DEPENDANTS" },
    report: { in: "brokenRecords", problem: "ORPHAN" },
  },
];

/** brokenRecords' statements of the registry's rules. */
export function registryBrokenQueries(): CypherQuery[] {
  return [
    oneAtATimeBreachQuery(),
    ...(Object.keys(NO_CYCLES) as NoCycleType[]).map(cycleBreachQuery),
    ...KIND_RULES.filter((rule) => RULE_REGISTRY.find((entry) => entry.id === rule.id && declared(entry.report)?.in === "brokenRecords")).map(kindBreachQuery),
    eventShapeBreachQuery(),
    registrationInServiceBreachQuery(),
  ];
}
