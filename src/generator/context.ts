import type { ChangeEventKind, CompoundKind, OrganisationKind, PlaceKind, UnitKind } from "../graph/vocabulary.js";
import { clip, iso, spanOf, type Month, type Segment } from "./calendar.js";
import type { OwnSystem } from "./district.js";
import type { GeneratedChunk, GeneratedName, GeneratedOrganisation, LeaderLink, PlaceLink } from "./model.js";
import { Random } from "./random.js";

/**
 * What the phases of one subdistrict's generation share: the records made so far (the chunk) and
 * an index of them with the months and links the next phase needs. Everything here is internal to
 * the generator; the oracle sees only the chunk.
 */

export interface OrgInfo {
  readonly code: string;
  readonly kind: OrganisationKind;
  readonly from: Month;
  readonly to: Month | null;
}

export interface VillageInfo {
  readonly code: string;
  readonly kind: Extract<PlaceKind, "VILLAGE_COMMITTEE" | "OLD_TOWN_DISTRICT">;
  readonly stem: string;
  /** The merger month: the village ends then. */
  readonly until: Month;
  readonly org: OrgInfo;
}

export type CommunityOrigin = "URBAN" | "MERGED" | "ABSORBING";

export interface CommunityInfo {
  readonly index: number;
  readonly code: string;
  readonly stem: string;
  /** The current name (after any rename). */
  readonly name: string;
  readonly from: Month;
  readonly origin: CommunityOrigin;
  /** When villages merged into it (MERGED) or were absorbed by it (ABSORBING). */
  readonly merger: Month | null;
  readonly villages: VillageInfo[];
  /** The community's general branch or committee (founded at the merger, or some months after it: a gap). */
  readonly org: OrgInfo;
  readonly estates: EstateInfo[];
  readonly zones: ZoneInfo[];
}

export interface BuildingInfo {
  readonly code: string;
  readonly name: string;
  readonly from: Month;
  readonly to: Month | null;
  readonly estate: EstateInfo;
}

/** A compound or a courtyard standing on its own: a place with buildings where a branch can be built. */
export interface EstateInfo {
  readonly code: string;
  /** Names over time (a compound may be renamed). */
  readonly names: readonly { readonly name: string; readonly from: Month }[];
  readonly kind: Extract<PlaceKind, "COMPOUND" | "COURTYARD">;
  readonly compoundKind: CompoundKind | undefined;
  readonly propertyManaged: boolean;
  readonly community: CommunityInfo;
  readonly from: Month;
  /** The community-level place it is in, over time (village → community, transfers). */
  readonly home: Segment[];
  readonly buildings: BuildingInfo[];
  /** The branch built at it and valid at the reference date, if any. */
  branch: OrgInfo | undefined;
}

export interface ZoneInfo {
  readonly code: string;
  readonly name: string;
  readonly kind: Extract<PlaceKind, "STREET_BLOCK" | "INDUSTRIAL_PARK" | "OFFICE_BUILDING" | "TRADE_MARKET">;
  readonly community: CommunityInfo;
  readonly from: Month;
  readonly home: Segment[];
  branch: OrgInfo | undefined;
}

export interface UnitInfo {
  readonly code: string;
  readonly kind: UnitKind;
  readonly sector: string;
  readonly community: CommunityInfo;
  readonly from: Month;
  readonly to: Month | null;
  readonly members: number;
  readonly zone: ZoneInfo | undefined;
  readonly system: OwnSystem | undefined;
  /** The unit's own organisation, if any. */
  org: OrgInfo | undefined;
}

export interface SubdistrictContext {
  readonly seed: number;
  readonly index: number;
  readonly prefix: string;
  readonly code: string;
  readonly name: string;
  readonly district: number;
  readonly chunk: GeneratedChunk;
  readonly workingCommittee: OrgInfo;
  readonly communities: CommunityInfo[];
  readonly villages: Map<string, VillageInfo>;
  readonly communityByCode: Map<string, CommunityInfo>;
  readonly units: UnitInfo[];
  /** Organisations by code with their months (leaders, helpers, seat holders). */
  readonly orgs: Map<string, OrgInfo>;
  eventCount: number;
}

export function randomFor(context: Pick<SubdistrictContext, "seed" | "index">, phase: string): Random {
  return Random.derive(context.seed, "subdistrict", context.index, phase);
}

export function singleName(name: string, from: Month): GeneratedName[] {
  return [{ name, validFrom: iso(from) }];
}

export function placeLinks(timeline: readonly Segment[]): PlaceLink[] {
  return timeline.map((segment) => ({ place: segment.target, ...spanOf(segment.from, segment.to) }));
}

export function placeLink(place: string, from: Month, to: Month | null): PlaceLink[] {
  return [{ place, ...spanOf(from, to) }];
}

/**
 * Who leads a branch built in a community-level place on the territorial line, over time: a
 * village's general branch (a village branch cannot lead a branch, rules.ts, so then the working
 * committee), the working committee for a place directly in the subdistrict, the community's
 * general branch or committee once it exists (the working committee before, in a founding gap).
 */
export function territorialLeaders(context: SubdistrictContext, home: readonly Segment[]): Segment[] {
  const leaders: Segment[] = [];
  const wc = context.workingCommittee.code;
  for (const segment of home) {
    const village = context.villages.get(segment.target);
    const community = context.communityByCode.get(segment.target);
    if (village) {
      leaders.push({ target: village.org.kind === "BRANCH" ? wc : village.org.code, from: segment.from, to: segment.to });
    } else if (community) {
      const orgFrom = community.org.from;
      if (segment.from < orgFrom) leaders.push({ target: wc, from: segment.from, to: segment.to === null ? orgFrom : Math.min(orgFrom, segment.to) });
      if (segment.to === null || orgFrom < segment.to) leaders.push({ target: community.org.code, from: Math.max(segment.from, orgFrom), to: segment.to });
    } else {
      leaders.push({ target: wc, from: segment.from, to: segment.to });
    }
  }
  return clip(leaders, leaders[0]?.from ?? 0, null);
}

export function leaderLinks(timeline: readonly Segment[], from: Month, to: Month | null, line: LeaderLink["line"] = "TERRITORIAL"): LeaderLink[] {
  return clip(timeline, from, to).map((segment) => ({ organisation: segment.target, line, ...spanOf(segment.from, segment.to) }));
}

/** Records an organisation in the chunk and the index. */
export function addOrganisation(context: SubdistrictContext, organisation: GeneratedOrganisation, months: { from: Month; to: Month | null }): OrgInfo {
  context.chunk.organisations.push(organisation);
  const info: OrgInfo = { code: organisation.code, kind: organisation.kind, from: months.from, to: months.to };
  context.orgs.set(info.code, info);
  return info;
}

export function addEvent(context: SubdistrictContext, kind: ChangeEventKind, date: Month, originals: readonly string[], results: readonly string[], note: string): void {
  context.eventCount++;
  context.chunk.events.push({
    code: `${context.prefix}-EV${String(context.eventCount).padStart(3, "0")}`,
    kind,
    date: iso(date),
    source: "synthetic (npm run generate)",
    note,
    originals: [...originals],
    results: [...results],
  });
}

/** A community-level home for something in `community`, from `from` on: the village before the merger, then the community. */
export function homeTimeline(community: CommunityInfo, village: VillageInfo | undefined, from: Month): Segment[] {
  if (village && community.merger !== null && from < community.merger) {
    return [
      { target: village.code, from, to: community.merger },
      { target: community.code, from: community.merger, to: null },
    ];
  }
  return [{ target: community.code, from: Math.max(from, community.from), to: null }];
}

/** The community a home timeline ends in (for transfers, the one it was moved to). */
export function homeCommunityAt(context: SubdistrictContext, home: readonly Segment[], month: Month): CommunityInfo | undefined {
  const segment = home.find((candidate) => candidate.from <= month && (candidate.to === null || month < candidate.to)) ?? home[home.length - 1];
  return segment ? context.communityByCode.get(segment.target) : undefined;
}

export function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}
