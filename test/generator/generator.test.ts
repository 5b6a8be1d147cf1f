import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  countChunk,
  emptyCounts,
  GeneratedFolderError,
  generateChunks,
  generateModel,
  generateSubdistrict,
  parseScale,
  REFERENCE_DATE,
  SeedFolderWriter,
  type GeneratedModel,
  type Span,
} from "../../src/generator/index.js";
import { PROJECT_ROOT } from "../../src/database/index.js";
import { formatProblem, validateSeed } from "../../src/seeding/index.js";

/**
 * The generator without a database: same seed → same bytes, counts that grow with the scale, a
 * seed that the project's validator accepts, and the ratios and history the analytics tests rely
 * on. Only S1-sized data: the larger scales are measured once, by hand (docs/SCALE.md).
 */

const folders: string[] = [];
function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "dangjian-generated-"));
  folders.push(folder);
  return folder;
}
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function writeSeed(seed: number, subdistricts: number, folder = tempFolder()): string {
  const writer = new SeedFolderWriter(folder, { seed, subdistricts });
  for (const { chunk } of generateChunks({ seed, subdistricts })) writer.append(chunk);
  writer.close();
  return folder;
}

function fingerprint(folder: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(folder)
      .sort()
      .map((file) => [file, createHash("sha256").update(readFileSync(join(folder, file))).digest("hex")]),
  );
}

const validAt = (span: Span, day: string) => span.validFrom <= day && (span.validTo === null || day < span.validTo);

describe("determinism", () => {
  it("gives the same files, byte for byte, for the same seed", () => {
    const first = fingerprint(writeSeed(42, 1));
    expect(fingerprint(writeSeed(42, 1))).toEqual(first);
    expect(Object.keys(first)).toContain("organisations.yaml");
  });

  it("gives the same model for the same seed and another for another seed", () => {
    const a = JSON.stringify(generateModel({ seed: 42, subdistricts: 1 }));
    expect(JSON.stringify(generateModel({ seed: 42, subdistricts: 1 }))).toBe(a);
    expect(JSON.stringify(generateModel({ seed: 43, subdistricts: 1 }))).not.toBe(a);
  });

  it("generates each subdistrict on its own: a larger scale starts with the smaller one", () => {
    expect(JSON.stringify(generateSubdistrict(5, 1))).toBe(JSON.stringify([...generateChunks({ seed: 5, subdistricts: 3 })][2]!.chunk));
  });
});

describe("scale", () => {
  it("parses S1, S2, S3 and numbers of subdistricts", () => {
    expect([parseScale("S1"), parseScale("s2"), parseScale("S3"), parseScale("25")]).toEqual([1, 10, 100, 25]);
    expect(() => parseScale("S9")).toThrow(/S1, S2, S3 or a number/);
    expect(() => parseScale("0")).toThrow();
  });

  it("grows the graph roughly linearly with the number of subdistricts (S1 ≈ 10k nodes)", () => {
    const totals = new Map<number, { nodes: number; relations: number }>();
    const counts = emptyCounts();
    let subdistricts = 0;
    // One stream of 8 subdistricts, read at 1, 2, 4 and 8: memory stays at one subdistrict.
    for (const { part, chunk } of generateChunks({ seed: 11, subdistricts: 8 })) {
      countChunk(chunk, counts);
      if (part === "subdistrict" && [1, 2, 4, 8].includes(++subdistricts)) totals.set(subdistricts, { nodes: counts.nodes, relations: counts.relations });
    }
    for (const [scale, total] of totals) {
      expect(total.nodes / scale).toBeGreaterThan(7_000);
      expect(total.nodes / scale).toBeLessThan(14_000);
      expect(total.relations / total.nodes).toBeGreaterThan(1.5);
      expect(total.relations / total.nodes).toBeLessThan(2.5);
    }
    expect(totals.get(8)!.nodes / totals.get(4)!.nodes).toBeGreaterThan(1.6);
    expect(totals.get(8)!.nodes / totals.get(4)!.nodes).toBeLessThan(2.4);
  });
});

describe("validation", () => {
  it("writes a seed folder that the project's validator accepts, with the counts the model states", { timeout: 300_000 }, () => {
    const folder = writeSeed(42, 1);
    const validation = validateSeed(folder);
    expect(validation.problems.map((problem) => formatProblem(problem, folder))).toEqual([]);
    const counts = countChunk(generateModel({ seed: 42, subdistricts: 1 }));
    expect(validation.model.entities.length).toBe(counts.nodes);
    expect(validation.model.links.length).toBe(counts.relations);
  });

  it("never replaces a hand-written seed", () => {
    expect(() => new SeedFolderWriter(join(PROJECT_ROOT, "seeds", "longhutang"), { seed: 1, subdistricts: 1 })).toThrow(GeneratedFolderError);
  });
});

/** Shares and lists at a date, computed the plain way (the analytics oracles will do the same in earnest). */
function figures(model: GeneratedModel, day: string) {
  const at = (span: Span) => validAt(span, day);
  const builtAt = (kinds: readonly string[]) =>
    new Set(model.organisations.filter((organisation) => kinds.includes(organisation.kind) && at(organisation)).flatMap((organisation) => organisation.builtAt.filter(at).map((link) => link.place)));
  const branches = builtAt(["BRANCH"]);
  const groups = builtAt(["GROUP"]);
  const compounds = model.places.filter((place) => place.kind === "COMPOUND" && at(place));
  const buildings = model.places.filter((place) => place.kind === "BUILDING" && at(place));
  const units = model.units.filter((unit) => (unit.kind === "NEW_ECONOMIC_ORGANISATION" || unit.kind === "NEW_SOCIAL_ORGANISATION") && unit.operating && at(unit));
  const covers = model.organisations.filter(at).flatMap((organisation) => organisation.covers.filter(at));
  const covered = new Set(covers.map((link) => link.unit));
  const own = new Set(covers.filter((link) => link.mode === "OWN").map((link) => link.unit));
  return {
    branchShare: compounds.filter((compound) => branches.has(compound.code)).length / compounds.length,
    groupShare: buildings.filter((building) => groups.has(building.code)).length / buildings.length,
    communities: model.places.filter((place) => place.kind === "COMMUNITY" && at(place)).length,
    threePlusWithoutOwn: units.filter((unit) => unit.formalPartyMembers >= 3 && !own.has(unit.code)).length,
    workOnly: units.filter((unit) => !covered.has(unit.code) && unit.workCoveredBy.some(at)).length,
    uncovered: units.filter((unit) => !covered.has(unit.code) && !unit.workCoveredBy.some(at)).length,
    largeJoint: model.organisations.filter((organisation) => organisation.form === "JOINT" && at(organisation) && organisation.covers.filter(at).length > 5).length,
    dualLeadership: model.organisations.filter((organisation) => at(organisation) && new Set(organisation.ledBy.filter(at).map((link) => link.line)).size === 2).length,
  };
}

describe("shapes and ratios (seeds/longhutang's, at the reference date)", () => {
  for (const seed of [1, 42, 2024]) {
    it(`seed ${seed}: gaps, breaches, history and people as in the hand-written seed`, () => {
      const model = generateModel({ seed, subdistricts: 1 });
      const today = figures(model, REFERENCE_DATE);
      expect(today.branchShare).toBeGreaterThanOrEqual(0.7);
      expect(today.branchShare).toBeLessThanOrEqual(0.85);
      expect(today.groupShare).toBeGreaterThanOrEqual(0.45);
      expect(today.groupShare).toBeLessThanOrEqual(0.65);
      expect(today.communities).toBeGreaterThanOrEqual(14);
      expect(today.communities).toBeLessThanOrEqual(25);
      expect(today.threePlusWithoutOwn).toBeGreaterThan(0);
      expect(today.workOnly).toBeGreaterThan(0);
      expect(today.uncovered).toBeGreaterThan(0);
      expect(today.dualLeadership).toBeGreaterThanOrEqual(2);

      const kinds = new Set(model.events.map((event) => event.kind));
      expect([...kinds].sort()).toEqual(expect.arrayContaining(["DISSOLUTION", "FOUNDING", "MERGER", "RENAME", "TRANSFER"]));
      // Every village ends in a merger, a one-to-one succession (撤村建居) or an absorption.
      const mergers = model.events.filter((event) => event.kind === "MERGER" || event.kind === "SUCCESSION" || event.kind === "ABSORPTION");
      const villages = model.places.filter((place) => place.kind === "VILLAGE_COMMITTEE" || place.kind === "OLD_TOWN_DISTRICT");
      expect(villages.length).toBeGreaterThan(0);
      for (const village of villages) expect(mergers.some((event) => event.originals.includes(village.code) && event.date === village.validTo)).toBe(true);
      // Compounds re-parented from a village to a community on the merger date.
      expect(model.places.filter((place) => place.kind === "COMPOUND" && place.partOf.length > 1).length).toBeGreaterThan(10);
      // Branches founded after their compound's merger, and dissolved ones.
      expect(model.organisations.filter((organisation) => organisation.kind === "BRANCH" && organisation.validTo !== null).length).toBeGreaterThan(0);
      expect(model.places.filter((place) => place.kind === "COMPOUND" && place.propertyManaged === false && place.compoundKind === "RESETTLEMENT").length).toBeGreaterThan(0);
      expect(model.councils.flatMap((council) => council.seats).length).toBeGreaterThan(0);
      expect(model.agreements.length).toBeGreaterThan(0);
      expect(model.volunteerTeams.length).toBeGreaterThan(0);
      // Members: each organisation valid at the reference date has exactly its formal and probationary members then.
      const members = model.members.filter((member) => validAt(member, REFERENCE_DATE));
      const formal = new Map<string, number>();
      for (const member of members) {
        if (member.status !== "FORMAL") continue;
        const organisation = member.memberOf.find((link) => validAt(link, REFERENCE_DATE))!.organisation;
        formal.set(organisation, (formal.get(organisation) ?? 0) + 1);
      }
      for (const [code, count] of formal) expect(model.organisations.find((organisation) => organisation.code === code)!.formalMembers).toBe(count);
      const paired = new Set(model.pairings.filter((pairing) => validAt(pairing, REFERENCE_DATE)).map((pairing) => pairing.beneficiary));
      const unpaired = model.beneficiaries.filter((beneficiary) => validAt(beneficiary, REFERENCE_DATE) && !paired.has(beneficiary.code));
      expect(paired.size).toBeGreaterThan(0);
      expect(unpaired.length).toBeGreaterThan(0);
    });
  }

  it("sometimes lets a joint branch cover more than five units", () => {
    const large = [1, 2, 3, 4, 5].map((seed) => figures(generateModel({ seed, subdistricts: 1 }), REFERENCE_DATE).largeJoint);
    expect(large.reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
  });

  it("keeps the past: fewer communities and more villages before the mergers", () => {
    const model = generateModel({ seed: 42, subdistricts: 1 });
    const before = figures(model, "2008-01-01");
    expect(before.communities).toBeLessThan(figures(model, REFERENCE_DATE).communities);
  });
});
