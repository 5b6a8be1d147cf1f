import type { ChangeEventKind, OrganisationKind, PlaceKind } from "./vocabulary.js";

/**
 * Structural rules of the network (docs/MODEL.md, "Domain rules"), as data: the GraphQL
 * mutations and the seed validator both read these tables.
 */

/** Which kinds of place a place of each kind may be part of. */
export const ALLOWED_PARENT_PLACES: Readonly<Record<PlaceKind, readonly PlaceKind[]>> = {
  DISTRICT: [],
  SUBDISTRICT: ["DISTRICT"],
  COMMUNITY: ["SUBDISTRICT"],
  VILLAGE_COMMITTEE: ["SUBDISTRICT"],
  OLD_TOWN_DISTRICT: ["SUBDISTRICT"],
  COMPOUND: ["COMMUNITY", "VILLAGE_COMMITTEE", "OLD_TOWN_DISTRICT"],
  COURTYARD: ["COMPOUND", "COMMUNITY", "VILLAGE_COMMITTEE", "OLD_TOWN_DISTRICT"],
  BUILDING: ["COMPOUND", "COURTYARD", "STREET_BLOCK", "INDUSTRIAL_PARK", "TRADE_MARKET"],
  STREET_BLOCK: ["COMMUNITY", "SUBDISTRICT"],
  INDUSTRIAL_PARK: ["COMMUNITY", "SUBDISTRICT"],
  OFFICE_BUILDING: ["COMMUNITY", "SUBDISTRICT", "STREET_BLOCK", "INDUSTRIAL_PARK"],
  TRADE_MARKET: ["COMMUNITY", "SUBDISTRICT", "STREET_BLOCK"],
};

/** Which kinds of place an organisation of each kind may be built at. */
export const ALLOWED_ORGANISATION_PLACES: Readonly<Record<OrganisationKind, readonly PlaceKind[]>> = {
  DISTRICT_COMMITTEE: ["DISTRICT"],
  WORKING_COMMITTEE: ["SUBDISTRICT"],
  COMMUNITY_COMMITTEE: ["COMMUNITY", "VILLAGE_COMMITTEE", "OLD_TOWN_DISTRICT"],
  // A unit's committee is built where the unit is; an own-system committee sits outside the territory (built nowhere, or at its district).
  UNIT_COMMITTEE: ["COMMUNITY", "VILLAGE_COMMITTEE", "OLD_TOWN_DISTRICT", "COMPOUND", "SUBDISTRICT", "STREET_BLOCK", "INDUSTRIAL_PARK", "OFFICE_BUILDING", "TRADE_MARKET"],
  SYSTEM_COMMITTEE: ["DISTRICT"],
  GENERAL_BRANCH: ["COMMUNITY", "VILLAGE_COMMITTEE", "OLD_TOWN_DISTRICT", "INDUSTRIAL_PARK"],
  BRANCH: [
    "COMPOUND",
    "COURTYARD",
    "BUILDING",
    "COMMUNITY",
    "VILLAGE_COMMITTEE",
    "OLD_TOWN_DISTRICT",
    "STREET_BLOCK",
    "INDUSTRIAL_PARK",
    "OFFICE_BUILDING",
    "TRADE_MARKET",
  ],
  // 黨小組建在樓幢: a group is built at a building, or a courtyard where conditions allow.
  GROUP: ["BUILDING", "COURTYARD"],
};

/** Which kinds of organisation may lead an organisation of each kind, on the territorial line. */
export const ALLOWED_TERRITORIAL_LEADERS: Readonly<Record<OrganisationKind, readonly OrganisationKind[]>> = {
  DISTRICT_COMMITTEE: [],
  WORKING_COMMITTEE: ["DISTRICT_COMMITTEE"],
  COMMUNITY_COMMITTEE: ["WORKING_COMMITTEE"],
  UNIT_COMMITTEE: ["WORKING_COMMITTEE", "DISTRICT_COMMITTEE"],
  SYSTEM_COMMITTEE: ["DISTRICT_COMMITTEE"],
  GENERAL_BRANCH: ["WORKING_COMMITTEE", "COMMUNITY_COMMITTEE", "UNIT_COMMITTEE"],
  BRANCH: ["GENERAL_BRANCH", "COMMUNITY_COMMITTEE", "UNIT_COMMITTEE", "WORKING_COMMITTEE"],
  GROUP: ["BRANCH"],
};

/**
 * On its own system's line (a dispatched agency's police or tax bureau committee, a unit's
 * superior system) the leader is a system committee, the district committee, or a unit's own
 * committee or general branch; never a community committee, which leads on the territorial line
 * only. A working committee and a group have no own-system leader.
 */
export const ALLOWED_OWN_SYSTEM_LEADERS: Readonly<Record<OrganisationKind, readonly OrganisationKind[]>> = {
  DISTRICT_COMMITTEE: [],
  WORKING_COMMITTEE: [],
  COMMUNITY_COMMITTEE: ["DISTRICT_COMMITTEE", "SYSTEM_COMMITTEE", "GENERAL_BRANCH"],
  UNIT_COMMITTEE: ["DISTRICT_COMMITTEE", "SYSTEM_COMMITTEE"],
  SYSTEM_COMMITTEE: ["DISTRICT_COMMITTEE", "SYSTEM_COMMITTEE"],
  GENERAL_BRANCH: ["DISTRICT_COMMITTEE", "SYSTEM_COMMITTEE", "UNIT_COMMITTEE", "GENERAL_BRANCH"],
  BRANCH: ["DISTRICT_COMMITTEE", "SYSTEM_COMMITTEE", "UNIT_COMMITTEE", "GENERAL_BRANCH"],
  GROUP: [],
};

/** The kinds the committee rule applies to (BRANCH_COMMITTEE in ruleBreaches). */
export const COMMITTEE_RULE_KINDS: readonly OrganisationKind[] = ["BRANCH"];
/** Party practice: a branch with this many formal members or more elects a committee. */
export const BRANCH_COMMITTEE_THRESHOLD = 7;
/** Party practice: a unit with this many formal members or more should have its own organisation. */
export const OWN_ORGANISATION_THRESHOLD = 3;
/** Party practice: a joint branch covers at most this many units. */
export const JOINT_BRANCH_MAX_UNITS = 5;

/**
 * Who may convene a coordination council (社區黨建工作協調議事機構): "the district committee, the
 * working committee or the community party organisation" (report, DOMAIN.md §3).
 */
export const ALLOWED_COUNCIL_CONVENERS: readonly OrganisationKind[] = ["DISTRICT_COMMITTEE", "WORKING_COMMITTEE", "COMMUNITY_COMMITTEE", "GENERAL_BRANCH"];

/** A council serves a community or a subdistrict (pre-merger village committees and old town included). */
export const COUNCIL_PLACES: readonly PlaceKind[] = ["COMMUNITY", "SUBDISTRICT", "VILLAGE_COMMITTEE", "OLD_TOWN_DISTRICT"];

/**
 * The community level of places: residential communities and, before the mergers, village
 * committees and the old town district. One table for coverage (the community rate), linkage and
 * agreements.
 */
export const COMMUNITY_LEVEL_PLACES: readonly PlaceKind[] = ["COMMUNITY", "VILLAGE_COMMITTEE", "OLD_TOWN_DISTRICT"];

/** A co-building agreement (共駐共建) is between a unit and a community-level place. */
export const AGREEMENT_COMMUNITIES: readonly PlaceKind[] = COMMUNITY_LEVEL_PLACES;

/** 黨員居住地: a member's residence is a building (樓幢). */
export const RESIDENCE_PLACES: readonly PlaceKind[] = ["BUILDING"];

/** 雙報到: an in-service member registers with a residential community. */
export const REGISTRATION_PLACES: readonly PlaceKind[] = ["COMMUNITY"];

/** Where a beneficiary of paired assistance may be recorded as living: a dwelling or, when only that is known, its compound or community. */
export const BENEFICIARY_PLACES: readonly PlaceKind[] = ["BUILDING", "COURTYARD", "COMPOUND", "COMMUNITY", "VILLAGE_COMMITTEE", "OLD_TOWN_DISTRICT"];

/**
 * Levels at which places may merge or split: the kinds in one group stand at the same level of the
 * hierarchy. The report's merger of seven village committees and the old town district into two
 * communities is a merger within the community level; a compound never merges into a community.
 */
export const PLACE_MERGE_LEVELS: readonly (readonly PlaceKind[])[] = [
  ["DISTRICT"],
  ["SUBDISTRICT"],
  ["COMMUNITY", "VILLAGE_COMMITTEE", "OLD_TOWN_DISTRICT"],
  ["COMPOUND"],
  ["COURTYARD"],
  ["BUILDING"],
  ["STREET_BLOCK"],
  ["INDUSTRIAL_PARK"],
  ["OFFICE_BUILDING"],
  ["TRADE_MARKET"],
];

/**
 * Levels at which organisations may merge or split: village branches and general branches merged
 * into a community's general branch (the report's 2020 reorganisation) are one level; groups and
 * the committees above the community are each their own.
 */
export const ORGANISATION_MERGE_LEVELS: readonly (readonly OrganisationKind[])[] = [
  ["DISTRICT_COMMITTEE"],
  ["WORKING_COMMITTEE"],
  ["COMMUNITY_COMMITTEE", "GENERAL_BRANCH", "BRANCH"],
  ["UNIT_COMMITTEE"],
  ["SYSTEM_COMMITTEE"],
  ["GROUP"],
];

/** How many originals and results a change event of a kind has, and how the two sides relate. */
export interface ChangeEventShape {
  readonly originals: readonly [number, number];
  readonly results: readonly [number, number];
  /** `same`: one set of entities on both sides (they continue); `survivor`: the one result is one of the originals; `distinct`: no entity on both sides. */
  readonly sides?: "same" | "survivor" | "distinct";
  readonly say: string;
}

/**
 * The shape of each kind of change event (W3C org:ChangeEvent, as this hub records it; RULE_VIOLATION
 * EVENT_SHAPE on write, SEED_EVENT_SHAPE in a seed). A succession (撤村建居) replaces one entity by
 * another on the same day; an absorption keeps the survivor, whose code and history continue,
 * and ends the absorbed.
 */
export const CHANGE_EVENT_SHAPES: Readonly<Record<ChangeEventKind, ChangeEventShape>> = {
  MERGER: { originals: [2, Infinity], results: [1, Infinity], say: "two or more originals and at least one result" },
  SPLIT: { originals: [1, 1], results: [2, Infinity], say: "one original and two or more results" },
  SUCCESSION: { originals: [1, 1], results: [1, 1], sides: "distinct", say: "one original and one other entity as its result" },
  ABSORPTION: { originals: [2, Infinity], results: [1, 1], sides: "survivor", say: "the survivor and the absorbed as originals, and the survivor alone as result" },
  RENAME: { originals: [1, 1], results: [1, 1], sides: "same", say: "one entity, both original and result" },
  TRANSFER: { originals: [1, Infinity], results: [1, Infinity], sides: "same", say: "the same entities as originals and results" },
  FOUNDING: { originals: [0, 0], results: [1, Infinity], say: "no originals and at least one result" },
  DISSOLUTION: { originals: [1, Infinity], results: [0, 0], say: "at least one original and no results" },
};

/** Null when the sides fit the kind's shape; otherwise what the kind needs and what was given. */
export function eventShapeProblem(kind: ChangeEventKind, originals: readonly string[], results: readonly string[]): string | null {
  const shape = CHANGE_EVENT_SHAPES[kind];
  const between = (count: number, [low, high]: readonly [number, number]) => count >= low && count <= high;
  // A Set, so the check stays linear however many codes a request lists.
  const resultSet = new Set(results);
  const shared = originals.filter((code) => resultSet.has(code));
  const sidesFit =
    shape.sides === "same"
      ? originals.length === results.length && shared.length === originals.length
      : shape.sides === "survivor"
        ? shared.length === 1 && results.length === 1
        : shape.sides === "distinct"
          ? shared.length === 0
          : true;
  if (between(originals.length, shape.originals) && between(results.length, shape.results) && sidesFit) return null;
  return `A ${kind} has ${shape.say}; got ${originals.length} original(s) and ${results.length} result(s)${shared.length > 0 ? `, ${shared.length} on both sides` : ""}.`;
}
