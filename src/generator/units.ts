import type { OrganisationKind, UnitKind } from "../graph/vocabulary.js";
import { clip, iso, LAST_CHANGE, spanOf, START, type Month, type Segment } from "./calendar.js";
import {
  addEvent,
  addOrganisation,
  homeTimeline,
  leaderLinks,
  pad,
  placeLinks,
  randomFor,
  singleName,
  territorialLeaders,
  type CommunityInfo,
  type SubdistrictContext,
  type UnitInfo,
  type ZoneInfo,
} from "./context.js";
import { ownSystemCode, type OwnSystem } from "./district.js";
import type { CoverLink, GeneratedUnit, WorkCoverLink } from "./model.js";
import { companyName, socialName } from "./names.js";
import type { Random } from "./random.js";

/**
 * Units and how the network reaches them: resident units with their own organisations on their
 * system's line; dispatched agencies under dual leadership (their system and the territory); new
 * economic and social organisations with formal-member counts, some with their own branch, some
 * covered by a zone's special branch (REGIONAL) or a community's joint branch (JOINT, sometimes
 * more than five units), some only work-covered by an instructor or liaison, and some with 3+
 * members and no organisation of their own (the gap list).
 */

const RESIDENT_SECTORS: readonly (readonly [string, OwnSystem, number, number, number])[] = [
  ["學校", "EDU", 10, 45, 35],
  ["醫院", "HEALTH", 15, 50, 20],
  ["國有企業", "SASAC", 20, 80, 20],
  ["金融機構", "SASAC", 5, 15, 15],
  ["機關事業單位", "AGRI", 4, 12, 10],
];
const AGENCIES: readonly (readonly [string, string, OwnSystem])[] = [
  ["派出所", "公安", "PSB"],
  ["稅務所", "稅務", "TAX"],
  ["市場監管所", "市場監管", "MSA"],
];

/** Formal party members of a new economic / social organisation: most have fewer than three. */
function newOrganisationMembers(random: Random): number {
  return random.weighted<() => number>([
    [() => 0, 25],
    [() => 1, 20],
    [() => 2, 18],
    [() => 3, 10],
    [() => 4, 8],
    [() => random.int(5, 9), 12],
    [() => random.int(10, 40), 7],
  ])();
}

interface Placement {
  readonly zone: ZoneInfo | undefined;
  /** Where the unit is, over time: a zone, or its community-level place. */
  readonly where: Segment[];
  /** The community-level place (or the subdistrict, for a zone before a merger) over time: its territorial leaders. */
  readonly home: Segment[];
}

function placement(community: CommunityInfo, random: Random, from: Month, zoneChance: number, zoneKinds?: readonly string[]): Placement {
  const zones = community.zones.filter((zone) => zone.from <= from && (zoneKinds === undefined || zoneKinds.includes(zone.kind)));
  if (zones.length > 0 && random.chance(zoneChance)) {
    const zone = random.pick(zones);
    return { zone, where: [{ target: zone.code, from, to: null }], home: zone.home };
  }
  const village = community.merger !== null && from < community.merger && community.villages.length > 0 ? random.pick(community.villages) : undefined;
  const home = homeTimeline(community, village, from);
  return { zone: undefined, where: home, home };
}

interface Coverage {
  covers: CoverLink[];
  work: WorkCoverLink[];
}

export function buildUnits(context: SubdistrictContext): void {
  const random = randomFor(context, "units");
  const jointCandidates = new Map<CommunityInfo, UnitInfo[]>();
  const regional = new Map<string, CoverLink[]>();
  const pending: { unit: UnitInfo; record: Omit<GeneratedUnit, "workCoveredBy">; coverage: Coverage }[] = [];

  const addUnit = (community: CommunityInfo, kind: UnitKind, code: string, name: string, sector: string, members: number, from: Month, to: Month | null, where: Placement, system: OwnSystem | undefined, operating = true) => {
    const unit: UnitInfo = { code, kind, sector, community, from, to, members, zone: where.zone, system, org: undefined };
    context.units.push(unit);
    const record = {
      code,
      names: singleName(name, from),
      validFrom: iso(from),
      validTo: to === null ? null : iso(to),
      kind,
      sector,
      formalPartyMembers: members,
      operating,
      locatedIn: placeLinks(clip(where.where, from, to)),
    };
    const coverage: Coverage = { covers: [], work: [] };
    pending.push({ unit, record, coverage });
    return { unit, coverage };
  };

  /** The unit's own organisation: on its own system's line, the territory's, or both (dual leadership). */
  const ownOrganisation = (unit: UnitInfo, where: Placement, from: Month, options: { kind: OrganisationKind; system?: OwnSystem; territorial: boolean; name: string }) => {
    const lines = [
      ...(options.system ? [{ organisation: ownSystemCode(context.district, options.system), line: "OWN_SYSTEM" as const, ...spanOf(from, unit.to) }] : []),
      ...(options.territorial ? leaderLinks(territorialLeaders(context, where.home), from, unit.to) : []),
    ];
    unit.org = addOrganisation(
      context,
      {
        code: `${unit.code}-${options.kind === "GENERAL_BRANCH" ? "GB" : "BR"}`,
        names: singleName(options.name, from),
        validFrom: iso(from),
        validTo: unit.to === null ? null : iso(unit.to),
        kind: options.kind,
        form: "UNIT",
        formalMembers: unit.members,
        probationaryMembers: random.weighted([[0, 60], [1, 30], [2, 10]] as const),
        committeeElected: unit.members >= 7,
        builtAt: placeLinks(clip(where.where, from, unit.to)),
        ledBy: lines,
        covers: [{ unit: unit.code, mode: "OWN", ...spanOf(from, unit.to) }],
      },
      { from, to: unit.to },
    );
    if (unit.to !== null) addEvent(context, "DISSOLUTION", unit.to, [unit.org.code], [], `${unit.code} closed; its organisation was dissolved`);
  };

  for (const community of context.communities) {
    // Resident units (駐區單位) with their own organisation on their system's line.
    const residents = random.weighted([[0, 25], [1, 45], [2, 25], [3, 5]] as const);
    for (let index = 0; index < residents; index++) {
      const [sector, system, min, max] = random.weighted(RESIDENT_SECTORS.map((entry) => [entry, entry[4]] as const));
      const from = random.int(START, 260);
      const where = placement(community, random, from, sector === "國有企業" ? 0.6 : 0, ["INDUSTRIAL_PARK"]);
      const members = random.int(min, max);
      const code = `${community.code}-U${index + 1}`;
      const name = `${community.stem}${sector === "學校" ? random.pick(["中心小學", "初級中學", "幼兒園"]) : sector === "醫院" ? "社區衛生服務中心" : sector === "國有企業" ? "變壓器有限公司" : sector === "金融機構" ? "農村商業銀行支行" : "農業技術推廣中心"}`;
      const { unit } = addUnit(community, "RESIDENT_UNIT", code, name, sector, members, from, null, where, system);
      // A general branch may be built at a community-level place or an industrial park only (rules.ts).
      const kind: OrganisationKind = members >= 50 ? "GENERAL_BRANCH" : "BRANCH";
      ownOrganisation(unit, where, from, { kind, system, territorial: false, name: `${name}黨${kind === "GENERAL_BRANCH" ? "總支" : "支部"}` });
    }
    // New economic and social organisations (兩新組織).
    const newOrganisations = random.int(4, 14) + random.int(1, 5);
    for (let index = 0; index < newOrganisations; index++) {
      const social = index >= newOrganisations - 2 && random.chance(0.6);
      const kind: UnitKind = social ? "NEW_SOCIAL_ORGANISATION" : "NEW_ECONOMIC_ORGANISATION";
      const from = random.int(12, 305);
      const to = random.chance(0.08) && from + 24 <= 300 ? random.int(from + 24, Math.min(from + 120, 310)) : null;
      const where = placement(community, random, from, social ? 0.1 : 0.4);
      const members = newOrganisationMembers(random);
      const { name, sector } = social ? socialName(random, community.stem) : companyName(random, community.stem);
      const code = `${community.code}-${social ? "NS" : "NE"}${pad(index + 1, 2)}`;
      const { unit, coverage } = addUnit(community, kind, code, name, sector, members, from, to, where, undefined, to !== null || !random.chance(0.03));
      const zoneBranch = where.zone?.branch;
      const regionalFrom = zoneBranch ? Math.max(zoneBranch.from, from) : undefined;
      if (members >= 3 && random.chance(0.6)) {
        const orgFrom = Math.max(from, 60) + random.int(0, 36);
        if (orgFrom <= LAST_CHANGE && (to === null || orgFrom < to)) {
          if (zoneBranch && regionalFrom! < orgFrom && random.chance(0.3)) {
            // Covered by the zone's branch until it founded its own (seeds/longhutang LHT-NE-02).
            regional.set(zoneBranch.code, [...(regional.get(zoneBranch.code) ?? []), { unit: code, mode: "REGIONAL", ...spanOf(regionalFrom!, orgFrom) }]);
          }
          ownOrganisation(unit, where, orgFrom, { kind: "BRANCH", territorial: true, name: `${name}黨支部` });
          if (random.chance(0.08)) coverage.work.push(workLink(context, random, community, orgFrom, to, "INSTRUCTOR"));
          continue;
        }
      }
      if (zoneBranch && (to === null || regionalFrom! < to) && random.chance(0.8)) {
        regional.set(zoneBranch.code, [...(regional.get(zoneBranch.code) ?? []), { unit: code, mode: "REGIONAL", ...spanOf(regionalFrom!, to) }]);
      } else if (random.chance(0.55)) {
        jointCandidates.set(community, [...(jointCandidates.get(community) ?? []), unit]);
      } else if (random.chance(0.3)) {
        coverage.work.push(workLink(context, random, community, from, to, random.chance(0.5) ? "INSTRUCTOR" : "LIAISON"));
      }
    }
  }

  // Dispatched agencies (派出機構): own system and territory at once.
  const agencies = random.int(2, 4);
  for (let index = 0; index < agencies; index++) {
    const [kindName, sector, system] = AGENCIES[Math.min(index, AGENCIES.length - 1)]!;
    const community = random.pick(context.communities);
    const from = random.int(START, 250);
    const where = placement(community, random, from, 0);
    const code = `${community.code}-${system}${index + 1}`;
    const name = `${community.stem}${kindName}`;
    const { unit } = addUnit(community, "DISPATCHED_AGENCY", code, name, sector, random.int(8, 25), from, null, where, system);
    ownOrganisation(unit, where, from, { kind: "BRANCH", system, territorial: true, name: `${name}黨支部` });
  }

  buildJointBranches(context, random, jointCandidates);
  context.chunk.organisations.forEach((organisation, index) => {
    const covers = regional.get(organisation.code);
    if (covers) context.chunk.organisations[index] = { ...organisation, covers };
  });
  for (const { record, coverage } of pending) context.chunk.units.push({ ...record, workCoveredBy: coverage.work });
}

/** An instructor or liaison from the community's organisation (the working committee before it exists), some for a while only. */
function workLink(context: SubdistrictContext, random: Random, community: CommunityInfo, from: Month, to: Month | null, role: WorkCoverLink["role"]): WorkCoverLink {
  const start = Math.min(Math.max(from, 120) + random.int(0, 48), to === null ? LAST_CHANGE : to - 1);
  const organisation = community.org.from <= start ? community.org.code : context.workingCommittee.code;
  const ends = random.chance(0.3) ? start + random.int(12, 48) : null;
  const end = ends !== null && ends <= LAST_CHANGE && (to === null || ends < to) ? ends : to;
  return { organisation, role, ...spanOf(start, end) };
}

/** Joint branches (聯合支部) of a community's small units; party practice says at most five units, real ones sometimes cover more. */
function buildJointBranches(context: SubdistrictContext, random: Random, candidates: ReadonlyMap<CommunityInfo, UnitInfo[]>): void {
  for (const [community, units] of candidates) {
    if (units.length < 2) continue;
    const branches = units.length >= 9 ? 2 : 1;
    for (let index = 0; index < branches; index++) {
      const share = units.filter((_, position) => position % branches === index);
      const from = Math.min(Math.max(community.org.from, 120) + random.int(0, 60), 305);
      const formalMembers = random.int(3, 9);
      const covers: CoverLink[] = share.filter((unit) => unit.to === null || Math.max(from, unit.from) < unit.to).map((unit) => ({ unit: unit.code, mode: "JOINT", ...spanOf(Math.max(from, unit.from), unit.to) }));
      addOrganisation(
        context,
        {
          code: `${community.code}-JBR${index + 1}`,
          names: singleName(`${community.name}${branches > 1 ? `第${index + 1}` : ""}聯合黨支部`, from),
          validFrom: iso(from),
          validTo: null,
          kind: "BRANCH",
          form: "JOINT",
          formalMembers,
          committeeElected: formalMembers >= 7,
          builtAt: [{ place: community.code, ...spanOf(from, null) }],
          ledBy: leaderLinks([{ target: community.org.code, from: community.org.from, to: null }], from, null),
          covers,
        },
        { from, to: null },
      );
    }
  }
}
