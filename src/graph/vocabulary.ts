/**
 * The domain's closed vocabularies (docs/MODEL.md). GraphQL enums, seed validation and the JSON
 * Schemas are all derived from these lists, so a new value is added in one place.
 */
export const PLACE_KINDS = [
  "DISTRICT",
  "SUBDISTRICT",
  "COMMUNITY",
  "COMPOUND",
  "BUILDING",
  "COURTYARD",
  "STREET_BLOCK",
  "INDUSTRIAL_PARK",
  "OFFICE_BUILDING",
  "TRADE_MARKET",
  "VILLAGE_COMMITTEE",
  "OLD_TOWN_DISTRICT",
] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const COMPOUND_KINDS = ["COMMODITY", "RESETTLEMENT", "OLD_TOWN", "UNIT_QUARTERS", "OTHER"] as const;
export type CompoundKind = (typeof COMPOUND_KINDS)[number];

export const ORGANISATION_KINDS = [
  "DISTRICT_COMMITTEE",
  "WORKING_COMMITTEE",
  "COMMUNITY_COMMITTEE",
  "UNIT_COMMITTEE",
  "SYSTEM_COMMITTEE",
  "GENERAL_BRANCH",
  "BRANCH",
  "GROUP",
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const ORGANISATION_FORMS = [
  "TERRITORIAL",
  "STREET_BLOCK",
  "INDUSTRIAL_PARK",
  "OFFICE_BUILDING",
  "TRADE_MARKET",
  "JOINT",
  "UNIT",
  "REGIONAL",
] as const;
export type OrganisationForm = (typeof ORGANISATION_FORMS)[number];

export const LEADERSHIP_LINES = ["TERRITORIAL", "OWN_SYSTEM"] as const;
export type LeadershipLine = (typeof LEADERSHIP_LINES)[number];

export const COVERAGE_MODES = ["OWN", "JOINT", "REGIONAL"] as const;
export type CoverageMode = (typeof COVERAGE_MODES)[number];

export const UNIT_KINDS = ["RESIDENT_UNIT", "DISPATCHED_AGENCY", "NEW_ECONOMIC_ORGANISATION", "NEW_SOCIAL_ORGANISATION"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const WORK_COVERAGE_ROLES = ["INSTRUCTOR", "LIAISON"] as const;
export type WorkCoverageRole = (typeof WORK_COVERAGE_ROLES)[number];

export const VOLUNTEER_FOCUSES = ["POVERTY", "STUDENTS", "ELDERLY", "EMPLOYMENT"] as const;
export type VolunteerFocus = (typeof VOLUNTEER_FOCUSES)[number];

export const CULTURAL_GENRES = ["FITNESS", "ARTS", "SINGING", "WAIST_DRUM", "CALLIGRAPHY_PAINTING", "YANGKO", "CHOIR", "OTHER"] as const;
export type CulturalGenre = (typeof CULTURAL_GENRES)[number];

export const FACILITY_KINDS = ["OFFICE_SPACE", "SERVICE_HALL", "ROOM", "STATION", "BOARD", "VENUE", "ACTIVITY_ROOM"] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];

export const MEMBER_STATUSES = ["FORMAL", "PROBATIONARY"] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const EMPLOYMENT_SITUATIONS = ["EMPLOYED", "LAID_OFF", "UNEMPLOYED", "RETIRED", "STUDENT", "OTHER"] as const;
export type EmploymentSituation = (typeof EMPLOYMENT_SITUATIONS)[number];

export const BENEFICIARY_KINDS = ["HOUSEHOLD", "STUDENT", "YOUNG_PERSON"] as const;
export type BeneficiaryKind = (typeof BENEFICIARY_KINDS)[number];

export const CHANGE_EVENT_KINDS = ["MERGER", "SPLIT", "SUCCESSION", "ABSORPTION", "RENAME", "TRANSFER", "FOUNDING", "DISSOLUTION"] as const;
export type ChangeEventKind = (typeof CHANGE_EVENT_KINDS)[number];

/** Entity labels (besides :Entity) as stored in Neo4j. */
export const ENTITY_LABELS = [
  "Place",
  "Organisation",
  "Unit",
  "Council",
  "CoBuildingAgreement",
  "VolunteerTeam",
  "CulturalTeam",
  "Facility",
  "Member",
  "Beneficiary",
  "Pairing",
  "ChangeEvent",
] as const;
export type EntityLabel = (typeof ENTITY_LABELS)[number];

/** Labels whose nodes are personal data. */
export const PERSONAL_LABELS: readonly EntityLabel[] = ["Member", "Beneficiary"];

/** Codes: upper-case ASCII letters, digits, `-` and `_`, 1–64 characters. */
export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{0,63}$/;
