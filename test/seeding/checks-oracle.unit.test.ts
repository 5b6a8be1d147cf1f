import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REQUIRED_ANCHORS } from "../../src/graph/rule-registry.js";
import { checkAnchors, checkOverlaps, fieldRule, orphanGaps, overlapProblem } from "../../src/seeding/checks.js";
import { parsedFromRecords } from "../../src/seeding/in-memory.js";
import type { SeedEntity, SeedLink } from "../../src/seeding/model.js";
import type { SeedProblem } from "../../src/seeding/problems.js";
import { groupInto } from "../../src/seeding/state.js";
import { validateParsed } from "../../src/seeding/validate.js";

/**
 * `checkAnchors` and `checkOverlaps` were restructured for speed (issue 13: one pass per owner, a
 * short cut when one link spans the whole life). Their earlier grouping, skips and scan order are
 * kept here as the oracle, judging each link and pair with the same unchanged builders (orphanGaps,
 * overlapProblem): on random seeds of places, organisations and units with random, often
 * broken, dated links (gaps, overlaps, reversed spans, leadership lines), both report the same
 * problems in the same order. The rest of the validator is checked against its fixtures
 * (validate.test.ts).
 */

const RUNS = Number(process.env.CHECKS_ORACLE_RUNS ?? 300);
const SEED = Number(process.env.CHECKS_ORACLE_SEED ?? 20261203);
const DAYS = ["2000-01-01", "2003-01-01", "2005-06-15", "2008-01-01", "2010-01-01", "2015-01-01"];


/** The oracle: checkAnchors' grouping and skips before the change (the SEED_ORPHAN text is orphanGaps', unchanged). */
function anchorsBefore(entities: readonly SeedEntity[], links: readonly SeedLink[]): SeedProblem[] {
  const byOwner = new Map<string, SeedLink[]>();
  for (const link of links) if (link.span) groupInto(byOwner, `${link.owner.code}|${link.relation.type}`, link);
  const problems: SeedProblem[] = [];
  for (const entity of entities) {
    if (entity.life.to !== null && !(entity.life.from < entity.life.to)) continue;
    for (const anchor of REQUIRED_ANCHORS) {
      if (anchor.label !== entity.label || (anchor.kinds && !anchor.kinds.includes(String(entity.fields.kind)))) continue;
      const own = byOwner.get(`${entity.code}|${anchor.type}`) ?? [];
      if (own.some((link) => link.span!.to !== null && !(link.span!.from < link.span!.to))) continue;
      problems.push(...orphanGaps(entity, anchor.type, own));
    }
  }
  return problems;
}

/** The oracle: checkOverlaps' grouping and scan order before the change (each pair judged by overlapProblem, unchanged). */
function overlapsBefore(links: readonly SeedLink[]): SeedProblem[] {
  const problems: SeedProblem[] = [];
  const groups = new Map<string, SeedLink[]>();
  for (const link of links) {
    if (!link.span) continue;
    groupInto(groups, `${link.owner.code}|${link.relation.field}`, link);
  }
  for (const group of groups.values()) {
    const rule = fieldRule(group[0]!);
    group.forEach((link, index) => {
      for (const earlier of group.slice(0, index)) {
        const found = overlapProblem(rule, link, earlier);
        if (!found) continue;
        problems.push(found);
        break;
      }
    });
  }
  return problems;
}

const day = fc.constantFrom(...DAYS);
const end = fc.option(day, { nil: undefined, freq: 2 });
const life = fc.record({ validFrom: day, validTo: end });
/** A relation field: absent, a bare code (the whole life) or dated links with optional ends and extras. */
function relation<T extends Record<string, unknown>>(targetField: string, targets: readonly string[], extras: fc.Arbitrary<T>) {
  const link = fc.tuple(fc.constantFrom(...targets), fc.option(day, { nil: undefined }), end, extras).map(([target, from, to, more]) => ({
    [targetField]: target,
    ...more,
    ...(from === undefined ? {} : { validFrom: from }),
    ...(to === undefined ? {} : { validTo: to }),
  }));
  return fc.oneof(fc.constant(undefined), fc.constantFrom(...targets), fc.array(link, { minLength: 1, maxLength: 4 }));
}
const PLACES = ["Q0", "Q1", "Q2", "Q3", "Q4"];
const ORGANISATIONS = ["O0", "O1", "O2", "O3"];
const none = fc.constant({});
const place = (code: string) =>
  fc.record({ life, kind: fc.constantFrom("DISTRICT", "SUBDISTRICT", "COMMUNITY", "COMPOUND"), partOf: relation("place", PLACES, none) }).map(({ life, kind, partOf }) => ({ code, name: code, kind, ...life, ...(partOf === undefined ? {} : { partOf }) }));
const organisation = (code: string) =>
  fc
    .record({
      life,
      kind: fc.constantFrom("DISTRICT_COMMITTEE", "WORKING_COMMITTEE", "GENERAL_BRANCH", "BRANCH"),
      builtAt: relation("place", PLACES, none),
      ledBy: relation("organisation", ORGANISATIONS, fc.oneof(none, fc.constantFrom(...["TERRITORIAL", "OWN_SYSTEM"].map((line) => ({ line }))))),
    })
    .map(({ life, kind, builtAt, ledBy }) => ({ code, name: code, kind, ...life, ...(builtAt === undefined ? {} : { builtAt }), ...(ledBy === undefined ? {} : { ledBy }) }));
const unit = (code: string) =>
  fc.record({ life, locatedIn: relation("place", PLACES, none) }).map(({ life, locatedIn }) => ({ code, name: code, kind: "RESIDENT_UNIT", sector: "school", ...life, ...(locatedIn === undefined ? {} : { locatedIn }) }));
const seed = fc.record({
  places: fc.tuple(...PLACES.map(place)),
  organisations: fc.tuple(...ORGANISATIONS.map(organisation)),
  units: fc.tuple(unit("U0"), unit("U1"), unit("U2")),
});

describe("the restructured checks against their earlier implementations", () => {
  it("report the same orphans and overlaps, in the same order, on random seeds", () => {
    const seen = { orphans: 0, overlaps: 0, entities: 0 };
    fc.assert(
      fc.property(seed, ({ places, organisations, units }) => {
        const files = new Map<string, unknown[]>([
          ["places.yaml", places],
          ["organisations.yaml", organisations],
          ["units.yaml", units],
        ]);
        const { model } = validateParsed(parsedFromRecords("random", files));
        const anchors = checkAnchors(model.entities, model.links);
        const overlapping = checkOverlaps(model.links);
        seen.entities += model.entities.length;
        seen.orphans += anchors.length;
        seen.overlaps += overlapping.length;
        expect(anchors).toEqual(anchorsBefore(model.entities, model.links));
        expect(overlapping).toEqual(overlapsBefore(model.links));
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The random seeds exercise both checks (most records pass the schema, many break the rules).
    expect(seen.entities).toBeGreaterThan(RUNS * 6);
    expect(seen.orphans).toBeGreaterThan(RUNS / 2);
    expect(seen.overlaps).toBeGreaterThan(RUNS / 10);
  });
});
