/**
 * Every problem the seed validator reports, by its stable code. seeds/README.md lists the same
 * codes; a test keeps the two in step. A problem always names the file and line, and the record
 * code when the record has one.
 */
export const SEED_PROBLEMS = {
  SEED_YAML_SYNTAX: "The file is not valid YAML (bad indentation, an unclosed bracket, a repeated key, …).",
  SEED_UNKNOWN_FILE: "A .yaml file whose name is not one of the seed's files (a typo such as place.yaml).",
  SEED_SCHEMA: "A record does not match the schema: unknown field, missing field, wrong type, value not in the list.",
  SEED_MALFORMED_CODE: "A code (or a reference) is not A-Z, 0-9, - and _, at most 64 characters.",
  SEED_DUPLICATE_CODE: "Two records use the same code (in the same file or in different files).",
  SEED_UNKNOWN_REFERENCE: "A reference names a code that no record in the seed has.",
  SEED_WRONG_TARGET: "A reference names a record of the wrong sort (a place's parent that is an organisation).",
  SEED_INVALID_DATE_RANGE: "validFrom is not before validTo (reversed or empty), on a record, a link or a name.",
  SEED_NAME_HISTORY: "The names list does not start at the record's validFrom or is not in ascending order.",
  SEED_LINK_OUTSIDE_LIFE: "A dated link starts before its record exists or ends after it stops.",
  SEED_OVERLAPPING_LINKS: "Links overlap where one at a time is allowed (a parent place, a leader per line, the same target twice).",
  SEED_REFERENCE_NOT_VALID: "A link points at a record that does not exist over the link's whole span.",
  SEED_PLACE_NESTING: "A place is part of a place of a kind it may not nest in (rules.ts ALLOWED_PARENT_PLACES).",
  SEED_ORGANISATION_PLACE: "An organisation is built at a kind of place it may not be built at (a group at a compound).",
  SEED_ORPHAN: "A record is placed nowhere (or belongs to no one) on some days of its life: a unit located in no place, a compound part of nothing, a member of no organisation… (rule ORPHAN).",
  SEED_LEADER_KIND: "An organisation is led by a kind of organisation not allowed on that line.",
  SEED_TARGET_KIND:
    "A link points at a kind of record its rule does not allow: a council convened by a branch or serving a street block, an agreement with a compound, a member residing in a compound or registered with a village, a beneficiary living in a district (rules COUNCIL_CONVENER, COUNCIL_PLACE, AGREEMENT_COMMUNITY, MEMBER_RESIDENCE, REGISTRATION_PLACE, BENEFICIARY_PLACE).",
  SEED_LEADERSHIP_CYCLE: "Leadership links form a cycle on some date (on whatever lines; rule LEADERSHIP_CYCLE).",
  SEED_PLACE_CYCLE: "A place is part of its own descendant on some date (rule PLACE_CYCLE).",
  SEED_REGISTRATION_IN_SERVICE: "A member not in service is registered (雙報到) with a community to the end of its record: only an in-service member registers; end the registration or set inService (rule REGISTRATION_IN_SERVICE).",
  SEED_EVENT_SHAPE: "A change event lacks the originals and results its kind needs (a merger two or more originals, a succession one of each…), as a write requires.",
  SEED_EVENT_ORIGINAL_ABSENT: "A change event's original does not exist on the day before the event.",
  SEED_EVENT_ORIGINAL_NOT_ENDED: "A change event's original does not end at the event's date.",
  SEED_EVENT_RESULT_NOT_STARTED: "A change event's result does not start at the event's date (or does not exist then).",
  SEED_CODE_KIND_CONFLICT: "Import only: the graph already holds this code as another sort of entity.",
} as const;

export type SeedProblemCode = keyof typeof SEED_PROBLEMS;

export interface SeedProblem {
  readonly code: SeedProblemCode;
  /** File name inside the seed folder, e.g. `places.yaml`. */
  readonly file: string;
  /** 1-based line of the offending value (or of its record). */
  readonly line: number;
  /** The record's code, when it has a readable one. */
  readonly record?: string | undefined;
  /** A plain reason, written for the person editing the file. */
  readonly message: string;
}

/** `places.yaml:12 LHT-C1-R01 SEED_UNKNOWN_REFERENCE: …` — file:line first, so editors can jump to it. */
export function formatProblem(problem: SeedProblem, folder?: string): string {
  const where = `${folder ? `${folder.replace(/\/$/, "")}/` : ""}${problem.file}:${problem.line}`;
  return `${where}${problem.record ? ` [${problem.record}]` : ""} ${problem.code}: ${problem.message}`;
}

/** Thrown by import when the seed does not validate; carries every problem. */
export class SeedValidationError extends Error {
  constructor(readonly problems: readonly SeedProblem[]) {
    super(`The seed has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.slice(0, 50).map((p) => formatProblem(p)).join("\n")}${problems.length > 50 ? `\n… and ${problems.length - 50} more` : ""}`);
    this.name = "SeedValidationError";
  }
}

/** Sort by file, then line, so a report reads top to bottom like the files. */
export function sortProblems(problems: SeedProblem[]): SeedProblem[] {
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.code.localeCompare(b.code));
}
