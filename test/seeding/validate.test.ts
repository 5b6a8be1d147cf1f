import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/database/index.js";
import { formatProblem, SEED_PROBLEMS, validateSeed, type SeedProblemCode } from "../../src/seeding/index.js";
import { parseSeedText } from "../../src/seeding/parse.js";
import { FIXTURES, VALID } from "./helpers.js";

type Expected = [SeedProblemCode, string, number, string | undefined, RegExp?];

/**
 * One fixture folder per problem class (test/seeding/fixtures/errors/<case>/), each with exactly
 * the problems listed: code, file, line, record and a fragment of the plain reason.
 */
const CASES: Record<string, Expected[]> = {
  "yaml-syntax": [
    ["SEED_YAML_SYNTAX", "places.yaml", 6, "LHT", /Nested mappings/],
    ["SEED_YAML_SYNTAX", "places.yaml", 6, "LHT", /single line/],
  ],
  "unknown-file": [["SEED_UNKNOWN_FILE", "place.yaml", 1, undefined, /did you mean places\.yaml/]],
  schema: [
    ["SEED_SCHEMA", "places.yaml", 1, "XB", /missing required field "kind"/],
    ["SEED_SCHEMA", "places.yaml", 3, "XB", /unknown field "kidn" \(did you mean "kind"\?\)/],
    ["SEED_SCHEMA", "places.yaml", 10, "LHT", /staffCount: must be a whole number, got "many"/],
    ["SEED_SCHEMA", "places.yaml", 11, "LHT-C1", /missing "name"/],
    ["SEED_SCHEMA", "places.yaml", 12, "LHT-C1", /kind: "COMUNITY" is not one of .*did you mean "COMMUNITY"/],
    ["SEED_SCHEMA", "places.yaml", 18, "LHT-C2", /validFrom: "2020-02-30" is not a day on the calendar/],
    ["SEED_SCHEMA", "places.yaml", 20, "LHT-C2", /partOf\[0\]\.validFrom: "2020-7-1" is not a date written YYYY-MM-DD/],
  ],
  "malformed-code": [
    ["SEED_MALFORMED_CODE", "places.yaml", 5, "lht", /"lht" is not a well-formed code/],
    ["SEED_MALFORMED_CODE", "places.yaml", 14, "LHT-C1", /partOf: "LHT C1" is not a well-formed code/],
  ],
  "duplicate-code": [["SEED_DUPLICATE_CODE", "organisations.yaml", 6, "XB", /already used by the record at places\.yaml:1/]],
  "unknown-reference": [["SEED_UNKNOWN_REFERENCE", "places.yaml", 9, "LHT", /partOf: no record has the code XN/]],
  "wrong-target": [["SEED_WRONG_TARGET", "places.yaml", 9, "LHT", /XB-DC is an Organisation \(organisations\.yaml:1\), but partOf takes a Place/]],
  "invalid-date-range": [
    ["SEED_INVALID_DATE_RANGE", "places.yaml", 9, "LHT-V1", /validTo 2000-01-01 is before validFrom 2020-07-01/],
    ["SEED_INVALID_DATE_RANGE", "places.yaml", 15, "LHT", /partOf\[0\]: validTo 2005-01-01 is the same day as validFrom/],
  ],
  "name-history": [
    ["SEED_NAME_HISTORY", "places.yaml", 3, "XB", /first name takes effect on 2001-01-01, not on the record's validFrom 2000-01-01/],
    ["SEED_NAME_HISTORY", "places.yaml", 4, "XB", /names must ascend/],
  ],
  "link-outside-life": [["SEED_LINK_OUTSIDE_LIFE", "places.yaml", 22, "LHT-V1-R01", /2005-01-01 – 2020-07-01\) is outside the record's life \(2010-01-01/]],
  "overlapping-links": [
    ["SEED_OVERLAPPING_LINKS", "organisations.yaml", 25, "LHT-R01-BR", /one ledBy per line at a time \(TERRITORIAL\)/],
    ["SEED_OVERLAPPING_LINKS", "places.yaml", 26, "LHT-R01", /overlaps LHT-C1 .*one partOf at a time/],
  ],
  "reference-not-valid": [["SEED_REFERENCE_NOT_VALID", "places.yaml", 19, "LHT-C1-R01", /LHT-C1 exists 2020-07-01 – open end, not over the whole link \(2012-05-01/]],
  "place-nesting": [["SEED_PLACE_NESTING", "places.yaml", 19, "LHT-C1-B01", /a BUILDING cannot be part of a COMMUNITY/]],
  "organisation-place": [["SEED_ORGANISATION_PLACE", "organisations.yaml", 10, "LHT-C1-R01-G", /a GROUP cannot be built at a COMPOUND \(LHT-C1-R01\); allowed places: BUILDING, COURTYARD/]],
  "leader-kind": [
    ["SEED_LEADER_KIND", "organisations.yaml", 12, "LHT-C1-R01-B01-G", /a GROUP cannot be led by a DISTRICT_COMMITTEE .* OWN_SYSTEM line/],
    ["SEED_LEADER_KIND", "organisations.yaml", 18, "LHT-C1-R01-BR", /a BRANCH cannot be led by a GROUP/],
  ],
  orphan: [
    ["SEED_ORPHAN", "places.yaml", 15, "LHT-C1", /partOf: the Place needs a PART_OF link .* none 2010-01-01 – open end/],
    ["SEED_ORPHAN", "units.yaml", 7, "LHT-U-SCH", /locatedIn: the Unit needs a LOCATED_IN link .* none 2018-01-01 – 2020-01-01/],
  ],
  "target-kind": [
    ["SEED_TARGET_KIND", "agreements.yaml", 5, "LHT-C1-AG01", /community: LHT-C1-R01 is a COMPOUND; allowed: COMMUNITY, VILLAGE_COMMITTEE, OLD_TOWN_DISTRICT \(rule AGREEMENT_COMMUNITY\)/],
    ["SEED_TARGET_KIND", "beneficiaries.yaml", 5, "LHT-BEN-001", /livesIn: XB is a DISTRICT; .*\(rule BENEFICIARY_PLACE\)/],
    ["SEED_TARGET_KIND", "councils.yaml", 4, "LHT-C1-CNCL", /convenedBy: LHT-C1-R01-BR is a BRANCH; .*\(rule COUNCIL_CONVENER\)/],
    ["SEED_TARGET_KIND", "councils.yaml", 5, "LHT-C1-CNCL", /serves: LHT-C1-R01 is a COMPOUND; .*\(rule COUNCIL_PLACE\)/],
    ["SEED_TARGET_KIND", "members.yaml", 7, "LHT-M0001", /residesIn: LHT-C1-R01 is a COMPOUND; allowed: BUILDING \(rule MEMBER_RESIDENCE\)/],
    ["SEED_TARGET_KIND", "members.yaml", 8, "LHT-M0001", /registeredWith: LHT-C1-R01-B01 is a BUILDING; allowed: COMMUNITY \(rule REGISTRATION_PLACE\)/],
  ],
  // A place cycle always breaks the kinds too: no place kind nests, however indirectly, in itself.
  "place-cycle": [
    ["SEED_PLACE_CYCLE", "places.yaml", 21, "LHT-C1-R01", /partOf\[1\]: place cycle on 2010-01-01: LHT-C1-R01 → LHT-C1-R01-B01 → LHT-C1-R01/],
    ["SEED_PLACE_NESTING", "places.yaml", 21, "LHT-C1-R01", /a COMPOUND cannot be part of a BUILDING/],
  ],
  "leadership-cycle": [["SEED_LEADERSHIP_CYCLE", "organisations.yaml", 14, "LHT-C2-GB", /cycle on 2005-01-01: LHT-C1-CC → LHT-C2-GB → LHT-C1-CC/]],
  "registration-in-service": [["SEED_REGISTRATION_IN_SERVICE", "members.yaml", 20, "LHT-M0002", /not in service \(inService: false\), yet registered with LHT-C1 \(2021-03-01 – open end\) to the end of its record/]],
  "event-shape": [["SEED_EVENT_SHAPE", "events.yaml", 2, "EV-2020-MERGER-C1", /A MERGER has two or more originals and at least one result; got 1 original\(s\) and 1 result\(s\)/]],
  events: [
    ["SEED_EVENT_ORIGINAL_ABSENT", "events.yaml", 5, "EV-2020-MERGER-C1", /LHT-V3 .* does not exist on 2020-06-30, the day before/],
    ["SEED_EVENT_ORIGINAL_NOT_ENDED", "events.yaml", 5, "EV-2020-MERGER-C1", /LHT-V2 .* never ends; .* must end on 2020-07-01 \(set its validTo: 2020-07-01 in places\.yaml:16\)/],
    ["SEED_EVENT_RESULT_NOT_STARTED", "events.yaml", 6, "EV-2020-MERGER-C1", /LHT-C1 .* starts on 2020-08-01; .* must start on 2020-07-01/],
  ],
};

describe("seed validation", () => {
  it("finds nothing wrong with a seed that uses every file and relation", () => {
    const validation = validateSeed(VALID);
    expect(validation.problems.map((problem) => formatProblem(problem))).toEqual([]);
    expect(validation.recordCount).toBe(37);
    expect(validation.model.entities).toHaveLength(37);
  });

  it.each(Object.entries(CASES))("reports %s with file, line, record and a plain reason", (name, expected) => {
    const validation = validateSeed(join(FIXTURES, "errors", name));
    expect(validation.problems.map((problem) => [problem.code, problem.file, problem.line, problem.record])).toEqual(expected.map(([code, file, line, record]) => [code, file, line, record]));
    validation.problems.forEach((problem, index) => {
      const message = formatProblem(problem, "seeds/x");
      expect(message).toContain(`seeds/x/${problem.file}:${problem.line}`);
      expect(message).toContain(problem.code);
      const pattern = expected[index]![4];
      if (pattern) expect(problem.message).toMatch(pattern);
    });
  });

  it("has a fixture for every validation class (the import-only kind conflict is tested in import.test.ts)", () => {
    const covered = new Set(Object.values(CASES).flatMap((expected) => expected.map(([code]) => code)));
    const classes = Object.keys(SEED_PROBLEMS).filter((code) => code !== "SEED_CODE_KIND_CONFLICT");
    expect(classes.filter((code) => !covered.has(code as SeedProblemCode))).toEqual([]);
  });

  it("reports every problem of a seed at once, across files, without cascades from broken records", () => {
    // The yaml-syntax case: organisations.yaml refers to LHT, defined in the broken places.yaml;
    // that is not reported as an unknown reference, since the code is there.
    const validation = validateSeed(join(FIXTURES, "errors", "yaml-syntax"));
    expect(validation.problems.every((problem) => problem.code === "SEED_YAML_SYNTAX")).toBe(true);
    const many = validateSeed(join(FIXTURES, "errors", "overlapping-links"));
    expect(new Set(many.problems.map((problem) => problem.file))).toEqual(new Set(["places.yaml", "organisations.yaml"]));
  });

  it("accepts a rename, a transfer and an absorbing merger that keep their entity", () => {
    const events = parseSeedText(
      "events.yaml",
      "- code: EV-1\n  kind: RENAME\n  date: 2022-05-01\n  originals: [A]\n  results: [A]\n",
    );
    expect(events.problems).toEqual([]);
    expect(events.records[0]!.code).toBe("EV-1");
    expect(events.records[0]!.lineOf(["originals", 0])).toBe(4);
  });

  it("lists every problem code in seeds/README.md", () => {
    const readme = readFileSync(join(PROJECT_ROOT, "seeds", "README.md"), "utf8");
    expect(Object.keys(SEED_PROBLEMS).filter((code) => !readme.includes(`\`${code}\``))).toEqual([]);
  });

  it.skipIf(!existsSync(join(PROJECT_ROOT, "seeds", "longhutang")))("finds no problem in the Longhutang seed", () => {
    const validation = validateSeed(join(PROJECT_ROOT, "seeds", "longhutang"));
    expect(validation.problems.map((problem) => formatProblem(problem))).toEqual([]);
    expect(validation.recordCount).toBeGreaterThan(500);
  });
});
