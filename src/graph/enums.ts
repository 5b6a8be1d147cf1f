import { registerEnumType } from "type-graphql";
import * as vocabulary from "./vocabulary.js";

/**
 * GraphQL enums, one per closed vocabulary. Each enum object maps a value to itself so the stored
 * string, the TypeScript literal and the GraphQL value are the same word.
 */
function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };
}

function register<T extends string>(
  values: readonly T[],
  name: string,
  description: string,
  valueDescriptions: Record<T, string>,
): { [K in T]: K } {
  const enumObject = enumOf(values);
  registerEnumType(enumObject, {
    name,
    description,
    valuesConfig: Object.fromEntries(values.map((value) => [value, { description: valueDescriptions[value] }])) as never,
  });
  return enumObject;
}

export const PlaceKindEnum = register(vocabulary.PLACE_KINDS, "PlaceKind", "Kinds of place, from district down to building, plus zones and pre-merger places.", {
  DISTRICT: "區 — a district.",
  SUBDISTRICT: "街道 — a subdistrict.",
  COMMUNITY: "社區 — an urban community.",
  COMPOUND: "小區 — a residential compound.",
  BUILDING: "樓幢 — a residential building.",
  COURTYARD: "院落 — a courtyard.",
  STREET_BLOCK: "街區 — a street block (zone for special branches).",
  INDUSTRIAL_PARK: "園區 — an industrial park.",
  OFFICE_BUILDING: "商務樓宇 — a commercial office building.",
  TRADE_MARKET: "商貿市場 — a trade market.",
  VILLAGE_COMMITTEE: "村委 — a village committee area (before urbanisation).",
  OLD_TOWN_DISTRICT: "老鎮區 — the old town district (before urbanisation).",
});

export const CompoundKindEnum = register(vocabulary.COMPOUND_KINDS, "CompoundKind", "Kinds of residential compound.", {
  COMMODITY: "商品房小區 — commercial housing.",
  RESETTLEMENT: "安置小區 — resettlement housing for relocated villagers.",
  OLD_TOWN: "老舊小區 — old-town housing.",
  UNIT_QUARTERS: "單位宿舍 — a work unit's living quarters.",
  OTHER: "Any other compound.",
});

export const OrganisationKindEnum = register(vocabulary.ORGANISATION_KINDS, "OrganisationKind", "Levels of party organisation.", {
  DISTRICT_COMMITTEE: "區委 — district committee.",
  WORKING_COMMITTEE: "街道黨工委 — subdistrict working committee.",
  COMMUNITY_COMMITTEE: "社區黨委 — a community's party committee (community level).",
  UNIT_COMMITTEE: "單位黨委 — a resident unit's party committee (a school, a hospital, a state enterprise), built where the unit is.",
  SYSTEM_COMMITTEE: "系統黨委 — an own-system committee (公安分局黨委, 稅務局黨委…): leads units' organisations on the OWN_SYSTEM line from outside the territory, usually built nowhere in it.",
  GENERAL_BRANCH: "黨總支 — general branch.",
  BRANCH: "黨支部 — branch.",
  GROUP: "黨小組 — group.",
});

export const OrganisationFormEnum = register(vocabulary.ORGANISATION_FORMS, "OrganisationForm", "How an organisation is set up: on territory, at a zone, jointly, or in a unit.", {
  TERRITORIAL: "Built on residential territory (community, compound, building).",
  STREET_BLOCK: "街區支部 — special branch of a street block.",
  INDUSTRIAL_PARK: "園區支部 — special branch of an industrial park.",
  OFFICE_BUILDING: "商務樓宇支部 — special branch of an office building.",
  TRADE_MARKET: "商貿市場支部 — special branch of a trade market.",
  JOINT: "聯合支部 — joint branch of several small units.",
  UNIT: "單位支部 — a unit's own organisation.",
  REGIONAL: "區域性黨組織 — regional organisation covering units of an area.",
});

export const LeadershipLineEnum = register(vocabulary.LEADERSHIP_LINES, "LeadershipLine", "The line along which one organisation leads another; both at once is dual leadership (雙重領導).", {
  TERRITORIAL: "The territorial line (條塊之塊): subdistrict and community.",
  OWN_SYSTEM: "The organisation's own system (條塊之條), e.g. the police bureau for a police station.",
});

export const CoverageModeEnum = register(vocabulary.COVERAGE_MODES, "CoverageMode", "How an organisation covers a unit.", {
  OWN: "The unit's own organisation.",
  JOINT: "A joint branch shared with other small units.",
  REGIONAL: "A regional or zone organisation.",
});

export const UnitKindEnum = register(vocabulary.UNIT_KINDS, "UnitKind", "Kinds of unit around the community.", {
  RESIDENT_UNIT: "駐區單位 — agency, school, hospital, state enterprise located in the community.",
  DISPATCHED_AGENCY: "派出機構 — police station, tax office… under dual leadership.",
  NEW_ECONOMIC_ORGANISATION: "新經濟組織 — non-public enterprise.",
  NEW_SOCIAL_ORGANISATION: "新社會組織 — social organisation.",
});

export const WorkCoverageRoleEnum = register(vocabulary.WORK_COVERAGE_ROLES, "WorkCoverageRole", "How party work reaches a unit without its own organisation.", {
  INSTRUCTOR: "黨建指導員 — a party-building instructor.",
  LIAISON: "聯絡員 — a liaison.",
});

export const VolunteerFocusEnum = register(vocabulary.VOLUNTEER_FOCUSES, "VolunteerFocus", "What a volunteer team helps with.", {
  POVERTY: "助困 — aid to households in difficulty.",
  STUDENTS: "助學 — aid to students.",
  ELDERLY: "助老 — aid to the elderly.",
  EMPLOYMENT: "助就業 — help back into employment.",
});

export const CulturalGenreEnum = register(vocabulary.CULTURAL_GENRES, "CulturalGenre", "Kinds of cultural team.", {
  FITNESS: "健身隊 — fitness team.",
  ARTS: "文藝隊 — arts troupe.",
  SINGING: "大家唱 — singing group.",
  WAIST_DRUM: "腰鼓隊 — waist-drum team.",
  CALLIGRAPHY_PAINTING: "書畫協會 — calligraphy and painting association.",
  YANGKO: "秧歌隊 — yangko team.",
  CHOIR: "合唱團 — choir.",
  OTHER: "Any other cultural team.",
});

export const FacilityKindEnum = register(vocabulary.FACILITY_KINDS, "FacilityKind", "Kinds of community facility (五室三站二欄一場所 and more).", {
  OFFICE_SPACE: "辦公用房 — office space.",
  SERVICE_HALL: "集中辦公大廳 — service hall.",
  ROOM: "室 — one of the five rooms.",
  STATION: "站 — one of the three stations.",
  BOARD: "欄 — one of the two boards.",
  VENUE: "場所 — the activity venue.",
  ACTIVITY_ROOM: "Other activity rooms (elderly, chess and cards, calligraphy).",
});

export const MemberStatusEnum = register(vocabulary.MEMBER_STATUSES, "MemberStatus", "A party member's status.", {
  FORMAL: "正式黨員 — formal member.",
  PROBATIONARY: "預備黨員 — probationary member.",
});

export const EmploymentSituationEnum = register(vocabulary.EMPLOYMENT_SITUATIONS, "EmploymentSituation", "A member's employment situation.", {
  EMPLOYED: "In work.",
  LAID_OFF: "下崗 — laid off.",
  UNEMPLOYED: "失業 — unemployed.",
  RETIRED: "離退休 — retired.",
  STUDENT: "In education.",
  OTHER: "Anything else.",
});

export const BeneficiaryKindEnum = register(vocabulary.BENEFICIARY_KINDS, "BeneficiaryKind", "Who paired assistance (結對幫扶) helps.", {
  HOUSEHOLD: "困難家庭 — a household in difficulty.",
  STUDENT: "特困生 — a student in special hardship.",
  YOUNG_PERSON: "失足青年 — a young person helped back after an offence.",
});

export const ChangeEventKindEnum = register(vocabulary.CHANGE_EVENT_KINDS, "ChangeEventKind", "Kinds of change in the history of places and organisations.", {
  MERGER: "Several originals become one result.",
  SPLIT: "One original becomes several results.",
  SUCCESSION: "One original ends and one other entity takes its place on the same day (撤村建居: a village committee abolished, a residential community founded).",
  ABSORPTION: "A survivor takes in one or more originals, which end; the survivor keeps its code and history.",
  RENAME: "The same entity takes a new name.",
  TRANSFER: "An entity moves to another parent or leader.",
  FOUNDING: "An entity starts.",
  DISSOLUTION: "An entity ends.",
});

export const EntityLabelEnum = register(vocabulary.ENTITY_LABELS, "EntityLabel", "The kind of an entity, by its type name: the same word `__typename` answers for it.", {
  Place: "A place (district down to building, zones, pre-merger places).",
  Organisation: "A party organisation.",
  Unit: "A unit around the community.",
  Council: "A coordination council.",
  CoBuildingAgreement: "A co-building agreement.",
  VolunteerTeam: "A volunteer service team.",
  CulturalTeam: "A cultural team.",
  Facility: "A community facility.",
  Member: "A party member (personal data).",
  Beneficiary: "A beneficiary of paired assistance (personal data).",
  Pairing: "A pairing of helper and beneficiary.",
  ChangeEvent: "A change event in the history of places and organisations.",
});
