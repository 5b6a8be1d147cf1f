import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/database/index.js";
import { ExportFolderError, exportSeed, importSeed, validateSeed, type SeedValidation } from "../../src/seeding/index.js";
import { connectTestDatabase, graphFingerprint, resetGraph } from "../support/graph.js";
import { VALID, canonicalGraph } from "./helpers.js";

/** A seed as facts, independent of how it was written (shorthand or links, defaults spelt out or not). */
function facts(validation: SeedValidation): unknown {
  const entities = validation.model.entities
    .map((entity) => [entity.label, entity.code, entity.life, entity.names, entity.fields, entity.illustrative, entity.note ?? null])
    .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
  const links = validation.model.links
    .map((link) => JSON.stringify([link.owner.code, link.relation.field, link.target, link.span, link.extras]))
    .sort();
  return { entities, links };
}

function emptyFolder(): string {
  return join(mkdtempSync(join(tmpdir(), "dangjian-export-")), "seed");
}

describe("seed export", () => {
  let db: Database;
  beforeAll(() => {
    db = connectTestDatabase();
  });
  beforeEach(() => resetGraph(db));
  afterAll(() => db.close());

  it("writes the same files, with records equivalent to the imported ones", async () => {
    await importSeed(db, VALID);
    const folder = emptyFolder();
    const report = await exportSeed(db, folder);
    expect(report.files.map((file) => file.file)).toEqual([
      "places.yaml",
      "organisations.yaml",
      "units.yaml",
      "councils.yaml",
      "agreements.yaml",
      "volunteer-teams.yaml",
      "cultural-teams.yaml",
      "facilities.yaml",
      "members.yaml",
      "beneficiaries.yaml",
      "pairings.yaml",
      "events.yaml",
    ]);
    const exported = validateSeed(folder);
    expect(exported.problems).toEqual([]);
    expect(facts(exported)).toEqual(facts(validateSeed(VALID)));
  });

  it("writes what a person would: bare codes for whole-life relations, dated links otherwise, no defaults", async () => {
    await importSeed(db, VALID);
    const folder = emptyFolder();
    await exportSeed(db, folder);
    const places = readFileSync(join(folder, "places.yaml"), "utf8");
    expect(places).toContain(
      [
        "- code: LHT-C1-R01",
        "  name: 東華苑",
        "  kind: COMPOUND",
        "  compoundKind: RESETTLEMENT",
        "  propertyManaged: false",
        "  validFrom: 2012-05-01",
        "  partOf:",
        "    - { place: LHT-V1, validFrom: 2012-05-01, validTo: 2020-07-01 }",
        "    - { place: LHT-C1, validFrom: 2020-07-01 }",
        "  illustrative: true",
      ].join("\n"),
    );
    expect(places).toContain("  names:\n    - { name: 老街院落, validFrom: 2020-07-01 }\n    - { name: 新街院落, validFrom: 2022-05-01 }");
    const organisations = readFileSync(join(folder, "organisations.yaml"), "utf8");
    expect(organisations).toContain("  ledBy: LHT-C1-GB\n");
    expect(organisations).not.toContain("form: TERRITORIAL");
    expect(organisations).toContain("    - { organisation: XB-PSB-PC, line: OWN_SYSTEM, validFrom: 2005-01-01 }");
    expect(readFileSync(join(folder, "events.yaml"), "utf8")).toContain("  originals: [ LHT-V1, LHT-V2 ]");
  });

  it("round-trips: import → export → import leaves the graph identical", async () => {
    await importSeed(db, VALID);
    const before = await graphFingerprint(db);
    const folder = emptyFolder();
    await exportSeed(db, folder);
    const again = await importSeed(db, folder);
    expect(again.summary.relations).toEqual({ created: 0, deleted: 0, unchanged: 66 });
    for (const counts of Object.values(again.summary.entities)) expect(counts.created + counts.updated).toBe(0);
    expect(await graphFingerprint(db)).toBe(before);
  });

  it("round-trips into an empty graph: the export rebuilds the same graph", async () => {
    await importSeed(db, VALID);
    const original = await canonicalGraph(db);
    const folder = emptyFolder();
    await exportSeed(db, folder);
    await resetGraph(db);
    await importSeed(db, folder);
    expect(await canonicalGraph(db)).toBe(original);
  });

  it("refuses to overwrite seed files unless forced", async () => {
    await importSeed(db, VALID);
    const folder = emptyFolder();
    await exportSeed(db, folder);
    writeFileSync(join(folder, "pairings.yaml"), "[]\n");
    await expect(exportSeed(db, folder)).rejects.toBeInstanceOf(ExportFolderError);
    await resetGraph(db);
    const report = await exportSeed(db, folder, { force: true });
    expect(report.files).toEqual([]);
    expect(existsSync(join(folder, "pairings.yaml"))).toBe(false);
  });
});
