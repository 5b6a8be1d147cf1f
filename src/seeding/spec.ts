import {
  BENEFICIARY_KINDS,
  CHANGE_EVENT_KINDS,
  COMPOUND_KINDS,
  COVERAGE_MODES,
  CULTURAL_GENRES,
  EMPLOYMENT_SITUATIONS,
  ENTITY_LABELS,
  FACILITY_KINDS,
  LEADERSHIP_LINES,
  MEMBER_STATUSES,
  ORGANISATION_FORMS,
  ORGANISATION_KINDS,
  PLACE_KINDS,
  UNIT_KINDS,
  VOLUNTEER_FOCUSES,
  WORK_COVERAGE_ROLES,
  type EntityLabel,
} from "../graph/vocabulary.js";
import { RELATION_TYPES, type RelationType } from "../graph/write.queries.js";

/**
 * The seed format (seeds/README.md) as data: one descriptor per file. The JSON Schemas, the
 * parser, the validator, the importer and the exporter all read these tables, so a field is
 * added in one place. Values of closed fields come from src/graph/vocabulary.ts.
 */

/** A scalar field of a record; its seed name is also its graph property name (docs/MODEL.md). */
export type ScalarField =
  | { type: "text"; required?: boolean; description: string }
  | { type: "integer"; min?: number; required?: boolean; description: string }
  | { type: "number"; min?: number; description: string }
  | { type: "boolean"; default?: boolean; description: string }
  | { type: "date"; required?: boolean; description: string }
  | { type: "enum"; values: readonly string[]; required?: boolean; default?: string; description: string }
  | { type: "enumList"; values: readonly string[]; description: string };

/** Graph relation types written by seeds: the model's closed list (docs/MODEL.md, "Relations"). */
export const SEED_RELATION_TYPES = RELATION_TYPES;
export type SeedRelationType = RelationType;

/**
 * How a relation is written in a record:
 * - `codeOrLinks`: a code (spanning the record's life) or a list of dated links;
 * - `links`: a list of dated links only;
 * - `code`: a code only, spanning the record's life;
 * - `codes`: an undated list of codes (change events).
 */
export type RelationShape = "codeOrLinks" | "links" | "code" | "codes";

export interface RelationField {
  /** The record's field, e.g. `partOf`. */
  readonly field: string;
  readonly type: SeedRelationType;
  /** The key naming the target inside a link mapping, e.g. `place` in `{ place: X, validFrom }`. */
  readonly targetField: string;
  readonly targets: readonly EntityLabel[];
  readonly shape: RelationShape;
  /** `in` when the graph relation points from the target to the record (a council's seats). */
  readonly direction: "out" | "in";
  readonly required?: boolean;
  /** Extra properties of a link, stored on the relation. */
  readonly extras?: Readonly<Record<string, ScalarField>>;
  readonly description: string;
}

export interface FileSpec {
  readonly file: string;
  readonly label: EntityLabel;
  readonly title: string;
  /** False for change events: they have a `date`, no name and no validity of their own. */
  readonly dated: boolean;
  readonly fields: Readonly<Record<string, ScalarField>>;
  readonly relations: readonly RelationField[];
}

const ALL_TARGETS = ENTITY_LABELS.filter((label) => label !== "ChangeEvent");

const memberCount: ScalarField = { type: "integer", min: 0, description: "number of team members" };

export const SEED_FILES: readonly FileSpec[] = [
  {
    file: "places.yaml",
    label: "Place",
    title: "Places: district … building, zones, pre-merger villages and the old town",
    dated: true,
    fields: {
      kind: { type: "enum", values: PLACE_KINDS, required: true, description: "kind of place" },
      compoundKind: { type: "enum", values: COMPOUND_KINDS, description: "compounds only" },
      propertyManaged: { type: "boolean", description: "compounds only: has property management" },
      staffCount: { type: "integer", min: 0, description: "communities only: staff of the community" },
      delegatedTaskCategories: { type: "integer", min: 0, description: "communities only: categories of tasks pushed down" },
      delegatedTasks: { type: "integer", min: 0, description: "communities only: tasks pushed down" },
      facilityInvestmentYuan: { type: "number", min: 0, description: "subdistricts only: investment in facilities, yuan" },
    },
    relations: [
      {
        field: "partOf",
        type: "PART_OF",
        targetField: "place",
        targets: ["Place"],
        shape: "codeOrLinks",
        direction: "out",
        description: "the parent place; one at a time",
      },
    ],
  },
  {
    file: "organisations.yaml",
    label: "Organisation",
    title: "Party organisations",
    dated: true,
    fields: {
      kind: { type: "enum", values: ORGANISATION_KINDS, required: true, description: "kind of organisation" },
      form: { type: "enum", values: ORGANISATION_FORMS, default: "TERRITORIAL", description: "form of organisation" },
      formalMembers: { type: "integer", min: 0, description: "formal party members" },
      probationaryMembers: { type: "integer", min: 0, description: "probationary party members" },
      committeeElected: { type: "boolean", description: "a committee is elected" },
    },
    relations: [
      {
        field: "builtAt",
        type: "BUILT_AT",
        targetField: "place",
        targets: ["Place"],
        shape: "codeOrLinks",
        direction: "out",
        description: "where the organisation is built (several places allowed)",
      },
      {
        field: "ledBy",
        type: "LED_BY",
        targetField: "organisation",
        targets: ["Organisation"],
        shape: "codeOrLinks",
        direction: "out",
        extras: { line: { type: "enum", values: LEADERSHIP_LINES, default: "TERRITORIAL", description: "leadership line" } },
        description: "the leading organisation; one per line at a time",
      },
      {
        field: "covers",
        type: "COVERS",
        targetField: "unit",
        targets: ["Unit"],
        shape: "links",
        direction: "out",
        extras: { mode: { type: "enum", values: COVERAGE_MODES, required: true, description: "coverage mode" } },
        description: "units the organisation covers",
      },
    ],
  },
  {
    file: "units.yaml",
    label: "Unit",
    title: "Resident units, dispatched agencies, new economic and social organisations",
    dated: true,
    fields: {
      kind: { type: "enum", values: UNIT_KINDS, required: true, description: "kind of unit" },
      sector: { type: "text", description: "school, hospital, police, …" },
      formalPartyMembers: { type: "integer", min: 0, description: "formal party members working there" },
      operating: { type: "boolean", default: true, description: "the unit operates" },
    },
    relations: [
      {
        field: "locatedIn",
        type: "LOCATED_IN",
        targetField: "place",
        targets: ["Place"],
        shape: "codeOrLinks",
        direction: "out",
        description: "where the unit is",
      },
      {
        field: "workCoveredBy",
        type: "WORK_COVERED_BY",
        targetField: "organisation",
        targets: ["Organisation"],
        shape: "links",
        direction: "out",
        extras: { role: { type: "enum", values: WORK_COVERAGE_ROLES, required: true, description: "instructor or liaison" } },
        description: "work coverage: an instructor or liaison sent by the organisation",
      },
    ],
  },
  {
    file: "councils.yaml",
    label: "Council",
    title: "Coordination councils with their seats",
    dated: true,
    fields: { rules: { type: "text", description: "rules of procedure" } },
    relations: [
      {
        field: "convenedBy",
        type: "CONVENED_BY",
        targetField: "organisation",
        targets: ["Organisation"],
        shape: "codeOrLinks",
        direction: "out",
        description: "who convenes the council",
      },
      {
        field: "serves",
        type: "SERVES",
        targetField: "place",
        targets: ["Place"],
        shape: "codeOrLinks",
        direction: "out",
        description: "the community (or subdistrict) the council works for",
      },
      {
        field: "seats",
        type: "HOLDS_SEAT",
        targetField: "organisation",
        targets: ["Organisation"],
        shape: "links",
        direction: "in",
        extras: {
          responsibilities: { type: "text", description: "the seat holder's responsibilities" },
          partTime: { type: "boolean", description: "a part-time seat" },
        },
        description: "council seats held by organisations, with their terms",
      },
    ],
  },
  {
    file: "agreements.yaml",
    label: "CoBuildingAgreement",
    title: "Co-building agreements between a unit and a community",
    dated: true,
    fields: {
      signedOn: { type: "date", description: "the day it was signed" },
      content: { type: "text", description: "what the parties agreed" },
    },
    relations: [
      { field: "unit", type: "PARTY", targetField: "unit", targets: ["Unit"], shape: "code", direction: "out", required: true, description: "the unit" },
      { field: "community", type: "WITH", targetField: "place", targets: ["Place"], shape: "code", direction: "out", required: true, description: "the community" },
    ],
  },
  {
    file: "volunteer-teams.yaml",
    label: "VolunteerTeam",
    title: "Volunteer service teams",
    dated: true,
    fields: {
      focus: { type: "enumList", values: VOLUNTEER_FOCUSES, description: "what the team helps with" },
      memberCount,
    },
    relations: [
      {
        field: "organisedBy",
        type: "ORGANISED_BY",
        targetField: "organisation",
        targets: ["Organisation"],
        shape: "codeOrLinks",
        direction: "out",
        description: "the organising party organisation",
      },
    ],
  },
  {
    file: "cultural-teams.yaml",
    label: "CulturalTeam",
    title: "Cultural teams",
    dated: true,
    fields: {
      genre: { type: "enum", values: CULTURAL_GENRES, required: true, description: "genre" },
      memberCount,
    },
    relations: [
      { field: "basedIn", type: "BASED_IN", targetField: "place", targets: ["Place"], shape: "codeOrLinks", direction: "out", description: "where the team is based" },
    ],
  },
  {
    file: "facilities.yaml",
    label: "Facility",
    title: "Community facilities",
    dated: true,
    fields: {
      kind: { type: "enum", values: FACILITY_KINDS, required: true, description: "kind of facility" },
      areaSqm: { type: "number", min: 0, description: "area in square metres" },
      requirement: { type: "text", description: "which of 五室三站二欄一場所 it fulfils" },
    },
    relations: [
      { field: "facilityOf", type: "FACILITY_OF", targetField: "place", targets: ["Place"], shape: "codeOrLinks", direction: "out", description: "the place it serves" },
    ],
  },
  {
    file: "members.yaml",
    label: "Member",
    title: "Party members (personal data)",
    dated: true,
    fields: {
      status: { type: "enum", values: MEMBER_STATUSES, required: true, description: "formal or probationary" },
      employment: { type: "enum", values: EMPLOYMENT_SITUATIONS, description: "employment situation" },
      hardship: { type: "boolean", description: "in hardship" },
      inService: { type: "boolean", description: "an in-service member (雙報到)" },
    },
    relations: [
      { field: "memberOf", type: "MEMBER_OF", targetField: "organisation", targets: ["Organisation"], shape: "codeOrLinks", direction: "out", description: "party membership" },
      { field: "residesIn", type: "RESIDES_IN", targetField: "place", targets: ["Place"], shape: "codeOrLinks", direction: "out", description: "residence building" },
      { field: "registeredWith", type: "REGISTERED_WITH", targetField: "place", targets: ["Place"], shape: "codeOrLinks", direction: "out", description: "residential community registered with" },
      { field: "employedBy", type: "EMPLOYED_BY", targetField: "unit", targets: ["Unit"], shape: "codeOrLinks", direction: "out", description: "employer" },
    ],
  },
  {
    file: "beneficiaries.yaml",
    label: "Beneficiary",
    title: "Beneficiaries of paired assistance (pseudonyms; personal data)",
    dated: true,
    fields: { kind: { type: "enum", values: BENEFICIARY_KINDS, required: true, description: "household, student or young person" } },
    relations: [
      { field: "livesIn", type: "LIVES_IN", targetField: "place", targets: ["Place"], shape: "codeOrLinks", direction: "out", description: "where the beneficiary lives" },
    ],
  },
  {
    file: "pairings.yaml",
    label: "Pairing",
    title: "Paired assistance",
    dated: true,
    fields: { kind: { type: "enum", values: BENEFICIARY_KINDS, required: true, description: "household, student or young person" } },
    relations: [
      { field: "helper", type: "HELPER", targetField: "helper", targets: ["Organisation", "Member"], shape: "code", direction: "out", required: true, description: "an organisation or member code" },
      { field: "beneficiary", type: "HELPS", targetField: "beneficiary", targets: ["Beneficiary"], shape: "code", direction: "out", required: true, description: "the beneficiary" },
    ],
  },
  {
    file: "events.yaml",
    label: "ChangeEvent",
    title: "Change events: mergers, splits, renames, transfers, foundings, dissolutions",
    dated: false,
    fields: {
      kind: { type: "enum", values: CHANGE_EVENT_KINDS, required: true, description: "kind of change" },
      date: { type: "date", required: true, description: "the day the change takes effect" },
      source: { type: "text", description: "document reference" },
    },
    relations: [
      { field: "originals", type: "ORIGINAL", targetField: "code", targets: ALL_TARGETS, shape: "codes", direction: "out", description: "entities before the change" },
      { field: "results", type: "RESULTING", targetField: "code", targets: ALL_TARGETS, shape: "codes", direction: "out", description: "entities after the change" },
    ],
  },
];

/** The metadata file: one mapping, not a list. */
export const SEED_META_FILE = "seed.yaml";

export const FILE_SPECS: ReadonlyMap<string, FileSpec> = new Map(SEED_FILES.map((spec) => [spec.file, spec]));
export const LABEL_SPECS: ReadonlyMap<EntityLabel, FileSpec> = new Map(SEED_FILES.map((spec) => [spec.label, spec]));

/** Extra labels an entity carries besides :Entity and its kind label (docs/MODEL.md). */
export function labelsOf(label: EntityLabel): readonly string[] {
  return label === "Member" || label === "Beneficiary" ? ["Entity", label, "Person"] : ["Entity", label];
}

/** Fields every dated record has besides its own (seeds/README.md, "Fields every record has"). */
export const COMMON_FIELDS = ["code", "name", "names", "validFrom", "validTo", "illustrative", "note"] as const;
/** Fields a change event has besides its own. */
export const EVENT_COMMON_FIELDS = ["code", "illustrative", "note"] as const;
