import type { CompoundKind, OrganisationKind } from "../graph/vocabulary.js";
import { iso, LAST_CHANGE, REFERENCE, spanOf, START, type Month, type Segment } from "./calendar.js";
import {
  addEvent,
  addOrganisation,
  homeTimeline,
  leaderLinks,
  pad,
  placeLink,
  placeLinks,
  randomFor,
  singleName,
  territorialLeaders,
  type BuildingInfo,
  type CommunityInfo,
  type CommunityOrigin,
  type EstateInfo,
  type OrgInfo,
  type SubdistrictContext,
  type VillageInfo,
  type ZoneInfo,
} from "./context.js";
import { districtCode, districtCommitteeCode } from "./district.js";
import type { GeneratedName } from "./model.js";
import { compoundName, freshStem, stems, villageName } from "./names.js";
import type { Random } from "./random.js";

/**
 * The territory of a subdistrict and its three-level network: villages and the old town merged
 * into communities at dated mergers, compounds (some re-parented, renamed, transferred), courtyards
 * and buildings, zones; the general branches, compound branches and building groups with their
 * gaps, foundings and dissolutions. Ratios (per subdistrict, at the reference date):
 * 72–84 % of compounds with a branch, 47–63 % of buildings with a group.
 */

const BRANCH_RATE = { min: 0.72, spread: 0.12 };
const GROUP_RATE = { min: 0.47, spread: 0.16 };

const BUILDINGS: Readonly<Record<CompoundKind, readonly [number, number]>> = {
  RESETTLEMENT: [4, 10],
  COMMODITY: [4, 16],
  OLD_TOWN: [3, 8],
  UNIT_QUARTERS: [2, 6],
  OTHER: [2, 5],
};
const PROPERTY_MANAGED: Readonly<Record<CompoundKind, number>> = { RESETTLEMENT: 0.35, COMMODITY: 0.97, OLD_TOWN: 0.15, UNIT_QUARTERS: 0.5, OTHER: 0.5 };

function namesOf(entries: readonly { name: string; from: Month }[]): GeneratedName[] {
  return entries.map((entry) => ({ name: entry.name, validFrom: iso(entry.from) }));
}

/** A rename month between `earliest` and the last change, or none. */
function renameMonth(random: Random, earliest: Month, probability: number): Month | undefined {
  if (!random.chance(probability) || earliest > LAST_CHANGE - 6) return undefined;
  return random.int(earliest, LAST_CHANGE - 6);
}

function memberCounts(random: Random, min: number, max: number): { formalMembers: number; probationaryMembers: number } {
  return { formalMembers: random.int(min, max), probationaryMembers: random.weighted([[0, 50], [1, 35], [2, 15]] as const) };
}

export function buildTerritory(context: SubdistrictContext): void {
  const random = randomFor(context, "territory");
  const { chunk } = context;
  chunk.places.push({
    code: context.code,
    names: singleName(context.name, START),
    validFrom: iso(START),
    validTo: null,
    kind: "SUBDISTRICT",
    facilityInvestmentYuan: random.int(30, 150) * 100_000,
    partOf: placeLink(districtCode(context.district), START, null),
  });
  addOrganisation(
    context,
    {
      code: context.workingCommittee.code,
      names: singleName(`${context.name}黨工委`, START),
      validFrom: iso(START),
      validTo: null,
      kind: "WORKING_COMMITTEE",
      form: "TERRITORIAL",
      committeeElected: true,
      builtAt: placeLink(context.code, START, null),
      ledBy: [{ organisation: districtCommitteeCode(context.district), line: "TERRITORIAL", ...spanOf(START, null) }],
      covers: [],
    },
    { from: START, to: null },
  );

  buildCommunities(context, random);
  buildZones(context, random);
  for (const community of context.communities) buildEstates(context, random, community);
  buildTransfers(context, random);
  buildBranches(context, random);
  buildGroups(context, random);
}

function buildCommunities(context: SubdistrictContext, random: Random): void {
  const { chunk, prefix } = context;
  const firstWave = random.int(120, 246);
  const secondWave = random.chance(0.4) ? random.int(firstWave + 12, 282) : undefined;
  const count = random.int(14, 25);
  const communityStems = stems(random, count);
  let villageCount = 0;
  let oldTownPlaced = !random.chance(0.7);
  for (let index = 0; index < count; index++) {
    const origin: CommunityOrigin = index === 0 ? "MERGED" : random.weighted<CommunityOrigin>([["MERGED", 60], ["ABSORBING", 15], ["URBAN", 25]]);
    const merger = origin === "URBAN" ? null : secondWave !== undefined && random.chance(0.35) ? secondWave : firstWave;
    const code = `${prefix}-C${pad(index + 1, 2)}`;
    const stem = communityStems[index]!;
    const from = origin === "MERGED" ? merger! : START;
    const villages: VillageInfo[] = [];
    // A community from a single village is a one-to-one succession (撤村建居), the commonest case.
    const villageTotal = origin === "MERGED" ? random.int(1, 4) : origin === "ABSORBING" ? random.int(1, 2) : 0;
    for (let v = 0; v < villageTotal; v++) {
      const oldTown = !oldTownPlaced && origin === "MERGED";
      oldTownPlaced ||= oldTown;
      const villageCode = oldTown ? `${prefix}-OT` : `${prefix}-V${pad(++villageCount, 2)}`;
      const name = oldTown ? `${context.name.replace(/街道$/, "")}老鎮區` : villageName(random);
      chunk.places.push({
        code: villageCode,
        names: singleName(name, START),
        validFrom: iso(START),
        validTo: iso(merger!),
        kind: oldTown ? "OLD_TOWN_DISTRICT" : "VILLAGE_COMMITTEE",
        partOf: placeLink(context.code, START, merger!),
      });
      const orgKind: OrganisationKind = oldTown || random.chance(0.55) ? "GENERAL_BRANCH" : "BRANCH";
      const org = addOrganisation(
        context,
        {
          code: `${villageCode}-${orgKind === "BRANCH" ? "BR" : "GB"}`,
          names: singleName(`${name.replace(/村委$/, "村")}${orgKind === "BRANCH" ? "黨支部" : "黨總支"}`, START),
          validFrom: iso(START),
          validTo: iso(merger!),
          kind: orgKind,
          form: "TERRITORIAL",
          ...(orgKind === "BRANCH" ? memberCounts(random, 15, 40) : memberCounts(random, 40, 120)),
          committeeElected: true,
          builtAt: placeLink(villageCode, START, merger!),
          ledBy: leaderLinks([{ target: context.workingCommittee.code, from: START, to: null }], START, merger!),
          covers: [],
        },
        { from: START, to: merger! },
      );
      const village: VillageInfo = { code: villageCode, kind: oldTown ? "OLD_TOWN_DISTRICT" : "VILLAGE_COMMITTEE", stem: name.slice(0, 2), until: merger!, org };
      villages.push(village);
      context.villages.set(villageCode, village);
    }

    // The community, its rename (if any) and its general branch or committee.
    const names = [{ name: `${stem}社區`, from }];
    const renamed = renameMonth(random, from + 24, 0.05);
    if (renamed !== undefined) names.push({ name: `${freshStem(random)}社區`, from: renamed });
    chunk.places.push({
      code,
      names: namesOf(names),
      validFrom: iso(from),
      validTo: null,
      kind: "COMMUNITY",
      staffCount: random.int(5, 9),
      delegatedTaskCategories: random.int(12, 16),
      delegatedTasks: random.int(80, 110),
      partOf: placeLink(context.code, from, null),
    });
    const gap = origin === "MERGED" && random.chance(0.2) ? random.int(1, 6) : 0;
    const orgFrom = from + gap;
    const orgKind: OrganisationKind = random.chance(0.25) ? "COMMUNITY_COMMITTEE" : "GENERAL_BRANCH";
    const suffix = orgKind === "COMMUNITY_COMMITTEE" ? "黨委" : "黨總支";
    const orgNames = [{ name: `${names[0]!.name}${suffix}`, from: orgFrom }];
    if (renamed !== undefined && renamed > orgFrom) orgNames.push({ name: `${names[1]!.name}${suffix}`, from: renamed });
    const org = addOrganisation(
      context,
      {
        code: `${code}-${orgKind === "COMMUNITY_COMMITTEE" ? "CC" : "GB"}`,
        names: namesOf(orgNames),
        validFrom: iso(orgFrom),
        validTo: null,
        kind: orgKind,
        form: "TERRITORIAL",
        ...memberCounts(random, 20, 60),
        committeeElected: true,
        builtAt: placeLink(code, orgFrom, null),
        ledBy: leaderLinks([{ target: context.workingCommittee.code, from: START, to: null }], orgFrom, null),
        covers: [],
      },
      { from: orgFrom, to: null },
    );
    const community: CommunityInfo = { index, code, stem, name: names[names.length - 1]!.name, from, origin, merger, villages, org, estates: [], zones: [] };
    context.communities.push(community);
    context.communityByCode.set(code, community);

    if (renamed !== undefined) {
      addEvent(context, "RENAME", renamed, [code], [code], `${names[0]!.name} renamed ${names[1]!.name}`);
      if (renamed > orgFrom) addEvent(context, "RENAME", renamed, [org.code], [org.code], "the community's party organisation renamed with it");
    }
    if (merger === null) continue;
    const villageCodes = villages.map((village) => village.code);
    const villageOrgs = villages.map((village) => village.org.code);
    if (origin === "ABSORBING") {
      addEvent(context, "ABSORPTION", merger, [code, ...villageCodes], [code], `${code} absorbs ${villageCodes.join(", ")}`);
      addEvent(context, "ABSORPTION", merger, [org.code, ...villageOrgs], [org.code], "the villages' party organisations join the community's");
    } else {
      const kind = villageCodes.length === 1 ? "SUCCESSION" : "MERGER";
      addEvent(context, kind, merger, villageCodes, [code], kind === "SUCCESSION" ? `${code} replaces ${villageCodes[0]} (撤村建居)` : `${villageCodes.join(", ")} merged into ${code}`);
      if (gap === 0) addEvent(context, kind, merger, villageOrgs, [org.code], kind === "SUCCESSION" ? "the village's party organisation succeeded by the community's" : "the villages' party organisations merged into the community's");
      else {
        addEvent(context, "DISSOLUTION", merger, villageOrgs, [], `dissolved at the merger; ${org.code} is founded ${gap} month(s) later`);
        addEvent(context, "FOUNDING", orgFrom, [], [org.code], "founded after the merger (a gap in the network)");
      }
    }
  }
}

const ZONE_KINDS = [
  ["STREET_BLOCK", 30, "街區", "STREET_BLOCK"],
  ["INDUSTRIAL_PARK", 25, "科技產業園", "INDUSTRIAL_PARK"],
  ["OFFICE_BUILDING", 25, "商務大廈", "OFFICE_BUILDING"],
  ["TRADE_MARKET", 20, "農貿市場", "TRADE_MARKET"],
] as const;

/** Zones of the special branches; before a merger they hang under the subdistrict (a zone cannot be in a village, rules.ts). */
function buildZones(context: SubdistrictContext, random: Random): void {
  const count = random.int(3, 7);
  for (let index = 0; index < count; index++) {
    const community = random.pick(context.communities);
    const [kind, , suffix, form] = random.weighted(ZONE_KINDS.map((entry) => [entry, entry[1]] as const));
    const from = random.int(24, 290);
    const code = `${community.code}-Z${community.zones.length + 1}`;
    const name = `${community.stem}${suffix}`;
    const home: Segment[] =
      community.origin === "MERGED" && from < community.from
        ? [
            { target: context.code, from, to: community.from },
            { target: community.code, from: community.from, to: null },
          ]
        : [{ target: community.code, from, to: null }];
    context.chunk.places.push({ code, names: singleName(name, from), validFrom: iso(from), validTo: null, kind, partOf: placeLinks(home) });
    const zone: ZoneInfo = { code, name, kind, community, from, home, branch: undefined };
    community.zones.push(zone);
    if (!random.chance(0.75)) continue;
    const start = Math.min(Math.max(from, 96) + random.int(0, 60), LAST_CHANGE);
    zone.branch = addOrganisation(
      context,
      {
        code: `${code}-BR`,
        names: singleName(`${name}黨支部`, start),
        validFrom: iso(start),
        validTo: null,
        kind: "BRANCH",
        form,
        ...memberCounts(random, 3, 9),
        committeeElected: false,
        builtAt: placeLink(code, start, null),
        ledBy: leaderLinks(territorialLeaders(context, home), start, null),
        covers: [],
      },
      { from: start, to: null },
    );
    if (random.chance(0.5)) addEvent(context, "FOUNDING", start, [], [zone.branch.code], `special branch founded at the ${kind.toLowerCase().replace("_", " ")}`);
  }
}

function compoundKindFor(random: Random, oldTown: boolean, fromVillage: boolean, afterMerger: boolean): CompoundKind {
  if (oldTown) return "OLD_TOWN";
  if (fromVillage) return random.chance(0.85) ? "RESETTLEMENT" : "COMMODITY";
  if (afterMerger) return random.chance(0.7) ? "COMMODITY" : "RESETTLEMENT";
  return random.weighted<CompoundKind>([["COMMODITY", 75], ["UNIT_QUARTERS", 15], ["OLD_TOWN", 5], ["OTHER", 5]]);
}

function addBuildings(context: SubdistrictContext, random: Random, estate: EstateInfo, parent: string, parentName: string, count: number, from: Month, options: { phaseTwo: boolean; demolition: boolean }): void {
  const phaseTwo = options.phaseTwo && from + 24 <= 300 ? random.int(1, Math.min(3, count - 1)) : 0;
  const phaseTwoFrom = phaseTwo > 0 ? random.int(from + 24, Math.min(from + 60, 300)) : from;
  const demolished = options.demolition && count - phaseTwo > 1 && Math.max(from, 120) + 12 < 300 ? random.int(0, count - phaseTwo - 1) : -1;
  for (let index = 0; index < count; index++) {
    const code = `${parent}-B${pad(index + 1, 2)}`;
    const name = `${parentName}${index + 1}幢`;
    const start = index >= count - phaseTwo ? phaseTwoFrom : from;
    const end = index === demolished ? random.int(Math.max(from, 120) + 12, 300) : null;
    context.chunk.places.push({ code, names: singleName(name, start), validFrom: iso(start), validTo: end === null ? null : iso(end), kind: "BUILDING", partOf: placeLink(parent, start, end) });
    estate.buildings.push({ code, name, from: start, to: end, estate } satisfies BuildingInfo);
  }
}

function buildEstates(context: SubdistrictContext, random: Random, community: CommunityInfo): void {
  const { chunk } = context;
  const count = random.int(5, 11);
  for (let index = 0; index < count; index++) {
    const beforeMerger = community.merger !== null && community.merger > 36 && random.chance(0.75);
    const village = beforeMerger && community.villages.length > 0 && (community.origin === "MERGED" || random.chance(0.5)) ? random.pick(community.villages) : undefined;
    let from: Month;
    if (beforeMerger) from = random.int(village ? 36 : 0, community.merger! - 1);
    else if (community.origin === "URBAN") from = Math.min(random.int(0, 300), random.int(0, 300));
    else from = random.int(community.from, 300);
    const compoundKind = compoundKindFor(random, village?.kind === "OLD_TOWN_DISTRICT", village !== undefined, community.merger !== null && from >= community.merger);
    const code = `${community.code}-R${pad(index + 1, 2)}`;
    const stem = village && random.chance(0.6) ? village.stem : random.chance(0.5) ? community.stem : freshStem(random);
    const names = [{ name: compoundName(random, stem, compoundKind), from }];
    const renamed = renameMonth(random, from + 24, 0.05);
    if (renamed !== undefined) names.push({ name: compoundName(random, freshStem(random), compoundKind), from: renamed });
    const home = homeTimeline(community, village, from);
    const propertyManaged = random.chance(PROPERTY_MANAGED[compoundKind]);
    const estate: EstateInfo = { code, names, kind: "COMPOUND", compoundKind, propertyManaged, community, from, home, buildings: [], branch: undefined };
    community.estates.push(estate);
    chunk.places.push({ code, names: namesOf(names), validFrom: iso(from), validTo: null, kind: "COMPOUND", compoundKind, propertyManaged, partOf: placeLinks(home) });
    if (renamed !== undefined) addEvent(context, "RENAME", renamed, [code], [code], `${names[0]!.name} renamed ${names[1]!.name}`);
    const [min, max] = BUILDINGS[compoundKind];
    addBuildings(context, random, estate, code, names[0]!.name, random.int(min, max), from, { phaseTwo: random.chance(0.1), demolition: compoundKind === "OLD_TOWN" && random.chance(0.25) });
    if ((compoundKind === "OLD_TOWN" || compoundKind === "UNIT_QUARTERS") && random.chance(0.08)) {
      // A courtyard inside the compound: its buildings count for the compound (EXPECTED.md, longhutang).
      const courtyard = `${code}-Y1`;
      const courtyardName = `${names[0]!.name}${random.pick(["糧站院", "大院", "東院", "西院"])}`;
      chunk.places.push({ code: courtyard, names: singleName(courtyardName, from), validFrom: iso(from), validTo: null, kind: "COURTYARD", partOf: placeLink(code, from, null) });
      addBuildings(context, random, estate, courtyard, courtyardName, random.int(2, 3), from, { phaseTwo: false, demolition: false });
    }
  }
  // Courtyards standing on their own (not compounds): in the old town, and now and then in an old urban community.
  const oldTown = community.villages.find((village) => village.kind === "OLD_TOWN_DISTRICT");
  const courtyards = oldTown ? random.int(1, 2) : community.origin === "URBAN" && random.chance(0.2) ? 1 : 0;
  for (let index = 0; index < courtyards; index++) {
    const from = oldTown ? START : random.int(0, 200);
    const code = `${community.code}-Y${index + 1}`;
    const name = `${community.stem}${random.pick(["供銷社宿舍大院", "糧站大院", "老街大院", "機械廠宿舍大院"])}`;
    const home = homeTimeline(community, oldTown, from);
    const estate: EstateInfo = { code, names: [{ name, from }], kind: "COURTYARD", compoundKind: undefined, propertyManaged: false, community, from, home, buildings: [], branch: undefined };
    community.estates.push(estate);
    chunk.places.push({ code, names: singleName(name, from), validFrom: iso(from), validTo: null, kind: "COURTYARD", partOf: placeLinks(home) });
    addBuildings(context, random, estate, code, name, random.int(2, 4), from, { phaseTwo: false, demolition: false });
  }
}

/** A few compounds move to a neighbouring community after the mergers (TRANSFER: identity survives, the parent changes). */
function buildTransfers(context: SubdistrictContext, random: Random): void {
  if (context.communities.length < 2) return;
  for (const community of context.communities) {
    for (const estate of community.estates) {
      if (estate.kind !== "COMPOUND" || !random.chance(0.03)) continue;
      const target = random.pick(context.communities.filter((other) => other !== community));
      const earliest = Math.max(estate.from, community.org.from, target.org.from, community.merger ?? 0, target.from) + 6;
      if (earliest > 300) continue;
      const month = random.int(earliest, 300);
      const last = estate.home.pop()!;
      estate.home.push({ target: last.target, from: last.from, to: month }, { target: target.code, from: month, to: null });
      const place = context.chunk.places.find((candidate) => candidate.code === estate.code)!;
      context.chunk.places[context.chunk.places.indexOf(place)] = { ...place, partOf: placeLinks(estate.home) };
      addEvent(context, "TRANSFER", month, [estate.code], [estate.code], `${estate.code} moved from ${community.code} to ${target.code}`);
    }
  }
}

function branchNames(estate: EstateInfo, from: Month): GeneratedName[] {
  const names = estate.names.filter((entry, index) => index === 0 || entry.from > from);
  return names.map((entry, index) => ({ name: `${entry.name}黨支部`, validFrom: iso(index === 0 ? from : entry.from) }));
}

function addBranch(context: SubdistrictContext, random: Random, estate: EstateInfo, from: Month, to: Month | null): OrgInfo {
  const counts = memberCounts(random, 3, 12);
  if (random.chance(0.45)) counts.formalMembers += random.int(0, 28);
  // Party practice: 7+ formal members elect a committee; about one in twenty here does not (a breach to find).
  const committeeElected = counts.formalMembers >= 7 ? !random.chance(0.05) : false;
  const names = branchNames(estate, from).filter((entry) => to === null || entry.validFrom < iso(to));
  const branch = addOrganisation(
    context,
    {
      code: `${estate.code}-BR`,
      names,
      validFrom: iso(from),
      validTo: to === null ? null : iso(to),
      kind: "BRANCH",
      form: "TERRITORIAL",
      ...counts,
      committeeElected,
      builtAt: placeLink(estate.code, from, to),
      ledBy: leaderLinks(territorialLeaders(context, estate.home), from, to),
      covers: [],
    },
    { from, to },
  );
  if (names.length > 1) addEvent(context, "RENAME", estate.names[1]!.from, [branch.code], [branch.code], "renamed with its compound");
  return branch;
}

function buildBranches(context: SubdistrictContext, random: Random): void {
  const estates = context.communities.flatMap((community) => community.estates);
  const compounds = estates.filter((estate) => estate.kind === "COMPOUND");
  const rate = BRANCH_RATE.min + BRANCH_RATE.spread * random.next();
  const wanted = Math.round(rate * compounds.length);
  // Managed commodity compounds get branches first; new and unmanaged resettlement compounds are the typical gaps.
  const scored = compounds.map((estate) => {
    const score = random.next() + (estate.propertyManaged ? 0.25 : 0) + (estate.compoundKind === "COMMODITY" || estate.compoundKind === "UNIT_QUARTERS" ? 0.1 : 0) - (estate.from > 285 ? 0.5 : 0);
    return { estate, score };
  });
  const chosen = new Set(scored.sort((a, b) => b.score - a.score || (a.estate.code < b.estate.code ? -1 : 1)).slice(0, wanted).map((entry) => entry.estate));
  for (const estate of estates) {
    const merger = estate.community.merger ?? Number.POSITIVE_INFINITY;
    if (estate.kind === "COURTYARD") {
      if (!random.chance(0.7)) continue;
      estate.branch = addBranch(context, random, estate, Math.min(estate.from + random.int(12, 100), LAST_CHANGE), null);
      continue;
    }
    if (chosen.has(estate)) {
      const from = Math.min(estate.from + (estate.from > 250 ? random.int(1, 10) : random.int(2, 60)), LAST_CHANGE);
      estate.branch = addBranch(context, random, estate, from, null);
      if (from >= merger && random.chance(0.35)) addEvent(context, "FOUNDING", from, [], [estate.branch.code], "branch founded after the merger");
    } else if (random.chance(0.2)) {
      // Once had a branch, dissolved since: a gap that history queries must see.
      const from = estate.from + random.int(6, 60);
      const to = from + random.int(24, 120);
      if (to > 305) continue;
      const branch = addBranch(context, random, estate, from, to);
      addEvent(context, "DISSOLUTION", to, [branch.code], [], "branch dissolved (members moved to the community's organisation)");
    }
  }
}

function addGroup(context: SubdistrictContext, random: Random, building: BuildingInfo, branch: OrgInfo, from: Month, to: Month | null): void {
  addOrganisation(
    context,
    {
      code: `${building.code}-GR`,
      names: singleName(`${building.name}黨小組`, from),
      validFrom: iso(from),
      validTo: to === null ? null : iso(to),
      kind: "GROUP",
      form: "TERRITORIAL",
      formalMembers: random.int(3, 9),
      builtAt: placeLink(building.code, from, to),
      ledBy: leaderLinks([{ target: branch.code, from: branch.from, to: branch.to }], from, to),
      covers: [],
    },
    { from, to },
  );
}

function buildGroups(context: SubdistrictContext, random: Random): void {
  const buildings = context.communities.flatMap((community) => community.estates.flatMap((estate) => estate.buildings));
  const standing = buildings.filter((building) => building.to === null);
  const candidates = standing.filter((building) => building.estate.branch !== undefined);
  const rate = GROUP_RATE.min + GROUP_RATE.spread * random.next();
  const chosen = new Set(random.sample(candidates, Math.round(rate * standing.length)));
  for (const building of buildings) {
    const branch = building.estate.branch;
    if (!branch) continue;
    const earliest = Math.max(branch.from, building.from);
    if (chosen.has(building)) {
      addGroup(context, random, building, branch, Math.min(earliest + random.int(1, 48), LAST_CHANGE), null);
    } else if (building.to !== null && earliest + 1 < building.to && random.chance(0.5)) {
      // The building is demolished: its group ends with it.
      const from = random.int(earliest, building.to - 1);
      addGroup(context, random, building, branch, from, building.to);
      addEvent(context, "DISSOLUTION", building.to, [`${building.code}-GR`], [], "the building was demolished");
    } else if (building.to === null && random.chance(0.05)) {
      const from = earliest + random.int(1, 24);
      const to = from + random.int(12, 60);
      if (to >= REFERENCE) continue;
      addGroup(context, random, building, branch, from, to);
    }
  }
}
