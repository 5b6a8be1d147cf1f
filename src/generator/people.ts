import type { BeneficiaryKind, EmploymentSituation } from "../graph/vocabulary.js";
import { iso, LAST_CHANGE, spanOf, targetAt, type Month } from "./calendar.js";
import { pad, randomFor, singleName, type BuildingInfo, type CommunityInfo, type OrgInfo, type SubdistrictContext, type UnitInfo } from "./context.js";
import type { GeneratedMember, OrganisationLink, PlaceLink } from "./model.js";
import { surname } from "./names.js";
import type { Random } from "./random.js";

/**
 * People (personal data, pseudonymous names): party members of every organisation valid at the
 * reference date — exactly its `formalMembers` FORMAL and `probationaryMembers` PROBATIONARY
 * records valid then — plus members who left earlier and members who moved from the community's
 * organisation into a branch; in-service members of units registered with their residential
 * community (雙報到). Beneficiaries of paired assistance (households, students, young people) and
 * their pairings with organisations or members; some beneficiaries are left unpaired.
 */

const EMPLOYMENT: readonly (readonly [EmploymentSituation, number])[] = [
  ["RETIRED", 38],
  ["EMPLOYED", 30],
  ["OTHER", 12],
  ["LAID_OFF", 7],
  ["UNEMPLOYED", 6],
  ["STUDENT", 7],
];

interface Helper {
  readonly code: string;
  readonly from: Month;
  readonly to: Month | null;
}

interface People {
  readonly random: Random;
  count: number;
  /** Standing buildings (never demolished) by community, with their start month. */
  readonly homes: Map<CommunityInfo, BuildingInfo[]>;
  /** Members by community, to act as helpers in pairings. */
  readonly helpers: Map<CommunityInfo, Helper[]>;
}

function standing(people: People, community: CommunityInfo, from: Month): BuildingInfo[] {
  return (people.homes.get(community) ?? []).filter((building) => building.from <= from);
}

/** Where a member lives: a building of the branch's compound, else of the community; moving out of a demolished one. */
function residence(people: People, community: CommunityInfo, pool: readonly BuildingInfo[], from: Month, to: Month | null): Residence | undefined {
  const { random } = people;
  const usable = pool.filter((building) => building.to === null || building.to > from + 1);
  const nearby = standing(people, community, from);
  // Every community has standing buildings; one built after `from` moves the member's start to its completion.
  const candidates = usable.length > 0 ? usable : nearby.length > 0 ? nearby : (people.homes.get(community) ?? []);
  if (candidates.length === 0) return undefined;
  const building = random.pick(candidates);
  const start = Math.max(from, building.from);
  if (to !== null && start >= to) return undefined;
  if (building.to === null || (to !== null && to <= building.to)) return { from: start, links: [{ place: building.code, ...spanOf(start, to) }], last: building, lastFrom: start };
  const next = standing(people, community, building.to);
  if (next.length === 0) return undefined;
  const moved = random.pick(next);
  return { from: start, links: [{ place: building.code, ...spanOf(start, building.to) }, { place: moved.code, ...spanOf(building.to, to) }], last: moved, lastFrom: building.to };
}

interface Residence {
  readonly from: Month;
  readonly links: PlaceLink[];
  /** The building lived in last, and since when. */
  readonly last: BuildingInfo;
  readonly lastFrom: Month;
}

/** The community a building is in at a month; undefined while it is in a village (雙報到 needs a community). */
function communityOfBuilding(context: SubdistrictContext, building: BuildingInfo, month: Month): CommunityInfo | undefined {
  const target = targetAt(building.estate.home, month);
  return target === undefined ? undefined : context.communityByCode.get(target);
}

export function buildPeople(context: SubdistrictContext): void {
  const people: People = { random: randomFor(context, "people"), count: 0, homes: new Map(), helpers: new Map() };
  for (const community of context.communities) {
    people.homes.set(
      community,
      community.estates.flatMap((estate) => estate.buildings.filter((building) => building.to === null)),
    );
  }
  // Members of organisations valid at the reference date; a group's members are its branch's, so groups get none of their own.
  const organisations = context.chunk.organisations.filter((organisation) => organisation.validTo === null && organisation.kind !== "GROUP" && organisation.formalMembers !== undefined);
  const orgCommunity = new Map<string, CommunityInfo>();
  const orgPool = new Map<string, BuildingInfo[]>();
  for (const community of context.communities) {
    orgCommunity.set(community.org.code, community);
    for (const estate of community.estates) {
      if (estate.branch) {
        orgCommunity.set(estate.branch.code, community);
        orgPool.set(estate.branch.code, estate.buildings);
      }
    }
    for (const zone of community.zones) if (zone.branch) orgCommunity.set(zone.branch.code, community);
    for (const joint of [1, 2]) if (context.orgs.has(`${community.code}-JBR${joint}`)) orgCommunity.set(`${community.code}-JBR${joint}`, community);
  }
  const unitOf = new Map<string, UnitInfo>();
  for (const unit of context.units) {
    if (unit.org) {
      unitOf.set(unit.org.code, unit);
      orgCommunity.set(unit.org.code, unit.community);
    }
  }
  for (const organisation of organisations) {
    const info = context.orgs.get(organisation.code)!;
    const community = orgCommunity.get(organisation.code);
    if (!community) continue; // the working committee's own members are not generated
    const unit = unitOf.get(organisation.code);
    for (let index = 0; index < (organisation.formalMembers ?? 0); index++) addMember(context, people, info, community, orgPool.get(info.code) ?? [], unit, "FORMAL");
    for (let index = 0; index < (organisation.probationaryMembers ?? 0); index++) addMember(context, people, info, community, orgPool.get(info.code) ?? [], unit, "PROBATIONARY");
    // Members who left before the reference date.
    const left = Math.round((organisation.formalMembers ?? 0) * 0.06);
    for (let index = 0; index < left; index++) addMember(context, people, info, community, orgPool.get(info.code) ?? [], unit, "LEFT");
  }
  buildBeneficiaries(context, people);
}

function addMember(context: SubdistrictContext, people: People, org: OrgInfo, community: CommunityInfo, pool: readonly BuildingInfo[], unit: UnitInfo | undefined, status: "FORMAL" | "PROBATIONARY" | "LEFT"): void {
  const { random } = people;
  let from = status === "PROBATIONARY" ? random.int(Math.max(org.from, 300), LAST_CHANGE) : random.int(org.from, Math.max(org.from, status === "LEFT" ? 290 : 300));
  let to: Month | null = null;
  if (status === "LEFT") {
    to = from + random.int(12, 120);
    if (to > LAST_CHANGE) to = LAST_CHANGE;
    if (to <= from) return;
  }
  if (unit && unit.to !== null) to = to === null ? unit.to : Math.min(to, unit.to);
  const home = residence(people, community, unit ? [] : pool, from, to);
  if (!home) return;
  from = home.from;
  // Some branch members came over from the community's organisation when the branch was founded or later.
  let memberOf: OrganisationLink[] = [{ organisation: org.code, ...spanOf(from, to) }];
  if (status === "FORMAL" && org.code !== community.org.code && !unit && community.org.from <= from && random.chance(0.04)) {
    const moved = random.int(Math.max(from, org.from) + 1, LAST_CHANGE + 1);
    if (moved <= LAST_CHANGE && moved > from) memberOf = [{ organisation: community.org.code, ...spanOf(from, moved) }, { organisation: org.code, ...spanOf(moved, to) }];
  }
  people.count++;
  const code = `${context.prefix}-M${pad(people.count, 5)}`;
  const inService = unit !== undefined;
  const employment: EmploymentSituation = inService ? "EMPLOYED" : status === "PROBATIONARY" ? random.weighted<EmploymentSituation>([["EMPLOYED", 60], ["STUDENT", 40]]) : random.weighted(EMPLOYMENT);
  const hardship = employment === "LAID_OFF" || employment === "UNEMPLOYED" ? random.chance(0.5) : random.chance(employment === "RETIRED" ? 0.06 : 0.02);
  const registeredWith: PlaceLink[] = [];
  if (inService && random.chance(0.6)) {
    // 雙報到: registered with the residential community, once the building is in one (not a village).
    const start = Math.max(from + random.int(0, 24), home.lastFrom);
    const registered = start <= LAST_CHANGE && (to === null || start < to) ? communityOfBuilding(context, home.last, start) : undefined;
    if (registered) registeredWith.push({ place: registered.code, ...spanOf(start, to) });
  }
  const member: GeneratedMember = {
    code,
    names: singleName(`黨員${surname(random)}${pad(people.count, 5)}`, from),
    validFrom: iso(from),
    validTo: to === null ? null : iso(to),
    status: status === "PROBATIONARY" ? "PROBATIONARY" : "FORMAL",
    employment,
    hardship,
    inService,
    memberOf,
    residesIn: home.links,
    registeredWith,
    employedBy: unit ? [{ unit: unit.code, ...spanOf(from, to) }] : [],
  };
  context.chunk.members.push(member);
  if (to === null) {
    const list = people.helpers.get(community) ?? [];
    list.push({ code, from, to });
    people.helpers.set(community, list);
  }
}

const BENEFICIARIES: readonly (readonly [BeneficiaryKind, string, string, number, number])[] = [
  ["HOUSEHOLD", "BH", "困難戶", 22, 42],
  ["STUDENT", "BS", "特困生", 15, 32],
  ["YOUNG_PERSON", "BY", "幫教青年", 5, 14],
];

function buildBeneficiaries(context: SubdistrictContext, people: People): void {
  const { random } = people;
  const counters = new Map<string, number>();
  let pairings = 0;
  const schools = context.units.filter((unit) => unit.org && unit.sector === "學校" && unit.org.to === null);
  const police = context.units.filter((unit) => unit.org && unit.sector === "公安");
  for (const community of context.communities) {
    const branches = community.estates.flatMap((estate) => (estate.branch ? [estate.branch] : []));
    for (const [kind, prefix, title, min, max] of BENEFICIARIES) {
      const count = random.int(min, max);
      for (let index = 0; index < count; index++) {
        const from = random.int(216, 305);
        const to = random.chance(0.04) ? Math.min(from + random.int(12, 60), LAST_CHANGE) : null;
        const homes = standing(people, community, from);
        const estates = community.estates.filter((estate) => estate.from <= from);
        const roll = random.next();
        // Mostly a building; sometimes only the compound or the community is known.
        const place =
          roll < 0.8 && homes.length > 0
            ? random.pick(homes).code
            : roll < 0.95 && estates.length > 0
              ? random.pick(estates).code
              : community.from <= from
                ? community.code
                : homes.length > 0
                  ? random.pick(homes).code
                  : estates[0]?.code;
        if (place === undefined) continue;
        const number = (counters.get(prefix) ?? 0) + 1;
        counters.set(prefix, number);
        const code = `${context.prefix}-${prefix}${pad(number, 4)}`;
        context.chunk.beneficiaries.push({
          code,
          names: singleName(`${title}${surname(random)}${pad(number, 4)}`, from),
          validFrom: iso(from),
          validTo: to === null ? null : iso(to),
          kind,
          livesIn: [{ place, ...spanOf(from, to) }],
        });
        // About one in twelve is left unpaired.
        if (!random.chance(0.92)) continue;
        let start = random.int(from, Math.min(from + 12, to === null ? LAST_CHANGE : to - 1));
        for (let round = 0; round < 2 && start <= LAST_CHANGE && (to === null || start < to); round++) {
          const yearLong = random.chance(0.55);
          const end = yearLong && start + 12 <= LAST_CHANGE && (to === null || start + 12 < to) ? start + 12 : to;
          const helper = pickHelper(context, people, community, branches, kind === "STUDENT" ? schools : kind === "YOUNG_PERSON" ? police : [], start, end);
          pairings++;
          context.chunk.pairings.push({
            code: `${context.prefix}-P${pad(pairings, 5)}`,
            names: singleName(`結對幫扶${title}${pad(number, 4)}`, start),
            validFrom: iso(start),
            validTo: end === null ? null : iso(end),
            kind,
            helper,
            beneficiary: code,
          });
          // Some one-year pairings are followed by another.
          if (end === null || end === to || !random.chance(0.2)) break;
          start = end;
        }
      }
    }
  }
}

/** A helper valid over the whole pairing: the community's organisation, a branch, a member or a unit's organisation. */
function pickHelper(context: SubdistrictContext, people: People, community: CommunityInfo, branches: readonly OrgInfo[], units: readonly UnitInfo[], from: Month, to: Month | null): string {
  const { random } = people;
  const covers = (helper: Helper) => helper.from <= from && (helper.to === null || (to !== null && to <= helper.to));
  const choice = random.weighted([["community", 25], ["branch", 30], ["member", 35], ["unit", 10]] as const);
  const pool: readonly Helper[] =
    choice === "branch" ? branches : choice === "member" ? (people.helpers.get(community) ?? []) : choice === "unit" ? units.map((unit) => unit.org!) : [];
  const fitting = pool.filter(covers);
  if (fitting.length > 0) return random.pick(fitting).code;
  return covers(community.org) ? community.org.code : context.workingCommittee.code;
}

