import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT, type Database } from "../../src/database/index.js";
import { exportSeed, formatProblem, importSeed, validateSeed } from "../../src/seeding/index.js";
import { connectTestDatabase, graphFingerprint, resetGraph } from "../support/graph.js";
import { countEntities } from "./helpers.js";

const LONGHUTANG = join(PROJECT_ROOT, "seeds", "longhutang");

/** The project's real seed goes through the tools cleanly (its figures are tested by the analytics). */
describe.skipIf(!existsSync(LONGHUTANG))("the Longhutang seed", () => {
  let db: Database;
  beforeAll(async () => {
    db = connectTestDatabase();
    await resetGraph(db);
  });
  afterAll(() => db.close());

  it("validates without a problem", () => {
    const validation = validateSeed(LONGHUTANG);
    expect(validation.problems.map((problem) => formatProblem(problem, "seeds/longhutang"))).toEqual([]);
  });

  it("imports cleanly in one transaction, then again without a change", async () => {
    const validation = validateSeed(LONGHUTANG);
    const report = await importSeed(db, validation);
    expect(report.mode).toBe("single-transaction");
    expect(await countEntities(db)).toBe(validation.model.entities.length);
    expect(report.summary.relations.created).toBe(validation.model.links.length);
    process.stdout.write(`Longhutang seed: ${report.records} records, ${report.summary.relations.created} relations imported in ${report.millis} ms\n`);
    const before = await graphFingerprint(db);
    const again = await importSeed(db, validation);
    for (const counts of Object.values(again.summary.entities)) expect(counts.created + counts.updated).toBe(0);
    expect(await graphFingerprint(db)).toBe(before);
  });

  it("exports and re-imports without a change", async () => {
    const before = await graphFingerprint(db);
    const folder = join(mkdtempSync(join(tmpdir(), "dangjian-longhutang-")), "export");
    await exportSeed(db, folder);
    expect(validateSeed(folder).problems).toEqual([]);
    await importSeed(db, folder);
    expect(await graphFingerprint(db)).toBe(before);
  });
});
