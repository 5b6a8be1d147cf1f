import type {
  BeneficiaryKind,
  ChangeEventKind,
  CompoundKind,
  CoverageMode,
  CulturalGenre,
  EmploymentSituation,
  FacilityKind,
  LeadershipLine,
  MemberStatus,
  OrganisationForm,
  OrganisationKind,
  PlaceKind,
  UnitKind,
  VolunteerFocus,
  WorkCoverageRole,
} from "../graph/vocabulary.js";

/**
 * The generated network as plain typed objects: what the seed files say, with every shorthand
 * expanded, so that a brute-force oracle can walk it without knowing the seed format.
 *
 * Shape:
 * - One array per seed file (`places` ↔ places.yaml, `organisations` ↔ organisations.yaml, …).
 * - Every dated entity has `code`, `names` (ascending, the first from `validFrom`; the name as of
 *   D is the last with `validFrom <= D`), `validFrom` and `validTo` (ISO days; `validTo` null =
 *   open end; valid at D when `validFrom <= D < validTo`, docs/MODEL.md).
 * - Scalar fields carry the seed's (and the graph's) property names: `kind`, `form`,
 *   `formalMembers`, `formalPartyMembers`, `operating`, …, defaults filled in (`form` is
 *   `TERRITORIAL`, `operating` is `true` unless said otherwise).
 * - Relation fields carry the seed's field names and are ALWAYS lists of fully dated links, even
 *   where the seed file writes a bare code: `partOf: [{ place, validFrom, validTo }]`. A link's
 *   target sits under the seed's target key (`place`, `organisation`, `unit`); its extras under
 *   their names (`line` on `ledBy`, `mode` on `covers`, `role` on `workCoveredBy`,
 *   `partTime`/`responsibilities` on council `seats`). Links lie within their owner's life and
 *   their target's life.
 * - Exceptions, as in the format: an agreement's `unit`/`community` and a pairing's
 *   `helper`/`beneficiary` are codes spanning the record's life; a change event has no names or
 *   validity, only `date`, `originals` and `results` (codes).
 *
 * Graph: each entity is one node (`:Entity:<label>`, members and beneficiaries also `:Person`);
 * each link, each agreement/pairing code field and each event original/result is one relationship
 * (countGraph in counts.ts).
 */

export interface GeneratedName {
  readonly name: string;
  readonly validFrom: string;
}

/** What every dated entity has. */
export interface DatedEntity {
  readonly code: string;
  readonly names: readonly GeneratedName[];
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly note?: string;
}

export interface Span {
  readonly validFrom: string;
  readonly validTo: string | null;
}

export interface PlaceLink extends Span {
  readonly place: string;
}
export interface OrganisationLink extends Span {
  readonly organisation: string;
}
export interface LeaderLink extends OrganisationLink {
  readonly line: LeadershipLine;
}
export interface CoverLink extends Span {
  readonly unit: string;
  readonly mode: CoverageMode;
}
export interface WorkCoverLink extends OrganisationLink {
  readonly role: WorkCoverageRole;
}
export interface SeatLink extends OrganisationLink {
  readonly partTime: boolean;
  readonly responsibilities: string;
}
export interface UnitLink extends Span {
  readonly unit: string;
}

export interface GeneratedPlace extends DatedEntity {
  readonly kind: PlaceKind;
  readonly compoundKind?: CompoundKind;
  readonly propertyManaged?: boolean;
  readonly staffCount?: number;
  readonly delegatedTaskCategories?: number;
  readonly delegatedTasks?: number;
  readonly facilityInvestmentYuan?: number;
  readonly partOf: readonly PlaceLink[];
}

export interface GeneratedOrganisation extends DatedEntity {
  readonly kind: OrganisationKind;
  readonly form: OrganisationForm;
  readonly formalMembers?: number;
  readonly probationaryMembers?: number;
  readonly committeeElected?: boolean;
  readonly builtAt: readonly PlaceLink[];
  readonly ledBy: readonly LeaderLink[];
  readonly covers: readonly CoverLink[];
}

export interface GeneratedUnit extends DatedEntity {
  readonly kind: UnitKind;
  readonly sector: string;
  readonly formalPartyMembers: number;
  readonly operating: boolean;
  readonly locatedIn: readonly PlaceLink[];
  readonly workCoveredBy: readonly WorkCoverLink[];
}

export interface GeneratedCouncil extends DatedEntity {
  readonly rules: string;
  readonly convenedBy: readonly OrganisationLink[];
  readonly serves: readonly PlaceLink[];
  readonly seats: readonly SeatLink[];
}

export interface GeneratedAgreement extends DatedEntity {
  readonly signedOn: string;
  readonly content: string;
  /** Code of the unit, for the agreement's whole life. */
  readonly unit: string;
  /** Code of the community, for the agreement's whole life. */
  readonly community: string;
}

export interface GeneratedVolunteerTeam extends DatedEntity {
  readonly focus: readonly VolunteerFocus[];
  readonly memberCount: number;
  readonly organisedBy: readonly OrganisationLink[];
}

export interface GeneratedCulturalTeam extends DatedEntity {
  readonly genre: CulturalGenre;
  readonly memberCount: number;
  readonly basedIn: readonly PlaceLink[];
}

export interface GeneratedFacility extends DatedEntity {
  readonly kind: FacilityKind;
  readonly areaSqm?: number;
  readonly requirement: string;
  readonly facilityOf: readonly PlaceLink[];
}

export interface GeneratedMember extends DatedEntity {
  readonly status: MemberStatus;
  readonly employment: EmploymentSituation;
  readonly hardship: boolean;
  readonly inService: boolean;
  readonly memberOf: readonly OrganisationLink[];
  readonly residesIn: readonly PlaceLink[];
  readonly registeredWith: readonly PlaceLink[];
  readonly employedBy: readonly UnitLink[];
}

export interface GeneratedBeneficiary extends DatedEntity {
  readonly kind: BeneficiaryKind;
  readonly livesIn: readonly PlaceLink[];
}

export interface GeneratedPairing extends DatedEntity {
  readonly kind: BeneficiaryKind;
  /** Code of an organisation or a member, for the pairing's whole life. */
  readonly helper: string;
  /** Code of the beneficiary, for the pairing's whole life. */
  readonly beneficiary: string;
}

export interface GeneratedEvent {
  readonly code: string;
  readonly kind: ChangeEventKind;
  readonly date: string;
  readonly source: string;
  readonly note?: string;
  readonly originals: readonly string[];
  readonly results: readonly string[];
}

/** A part of the network: the districts' top, or one subdistrict with everything in it. */
export interface GeneratedChunk {
  readonly places: GeneratedPlace[];
  readonly organisations: GeneratedOrganisation[];
  readonly units: GeneratedUnit[];
  readonly councils: GeneratedCouncil[];
  readonly agreements: GeneratedAgreement[];
  readonly volunteerTeams: GeneratedVolunteerTeam[];
  readonly culturalTeams: GeneratedCulturalTeam[];
  readonly facilities: GeneratedFacility[];
  readonly members: GeneratedMember[];
  readonly beneficiaries: GeneratedBeneficiary[];
  readonly pairings: GeneratedPairing[];
  readonly events: GeneratedEvent[];
}

/** The whole generated network, with what produced it. */
export interface GeneratedModel extends GeneratedChunk {
  readonly seed: number;
  readonly subdistricts: number;
  readonly districts: number;
}

export const CHUNK_KEYS = [
  "places",
  "organisations",
  "units",
  "councils",
  "agreements",
  "volunteerTeams",
  "culturalTeams",
  "facilities",
  "members",
  "beneficiaries",
  "pairings",
  "events",
] as const satisfies readonly (keyof GeneratedChunk)[];
export type ChunkKey = (typeof CHUNK_KEYS)[number];

export function emptyChunk(): GeneratedChunk {
  return {
    places: [],
    organisations: [],
    units: [],
    councils: [],
    agreements: [],
    volunteerTeams: [],
    culturalTeams: [],
    facilities: [],
    members: [],
    beneficiaries: [],
    pairings: [],
    events: [],
  };
}
