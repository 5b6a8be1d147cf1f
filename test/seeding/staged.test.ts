import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/database/index.js";
import { verifyRollups } from "../../src/coverage/rollup.maintain.js";
import { importSeed, pendingJournals, recoverImport, StagedImportError, type ImportStep } from "../../src/seeding/index.js";
import { connectTestDatabase, graphFingerprint, resetGraph } from "../support/graph.js";
import { VALID, canonicalGraph, copySeed } from "./helpers.js";

/**
 * Large imports are staged (one transaction per batch) with a compensating journal. These tests
 * force the staged path on the small fixture (limit 0, batches of 4 rows) and break it part-way.
 */
describe("staged seed import", () => {
  let db: Database;
  let journalDir: string;
  const staged = { singleTransactionLimit: 0, batchSize: 4 };
  beforeAll(() => {
    db = connectTestDatabase();
  });
  beforeEach(async () => {
    await resetGraph(db);
    journalDir = mkdtempSync(join(tmpdir(), "dangjian-journal-"));
  });
  afterAll(() => db.close());

  /** The seed changed so that a re-import creates, updates and deletes entities and relations. */
  function changedSeed(): string {
    return copySeed(VALID, {
      "places.yaml": (text) => text.replace("name: 東華苑\n", "name: 東華苑小區\n"),
      "units.yaml": (text) => text + [1, 2, 3, 4, 5].map((n) => `- code: LHT-U-NEW${n}\n  name: 新單位${n}\n  kind: RESIDENT_UNIT\n  validFrom: 2022-01-01\n  locatedIn: LHT-C1\n`).join(""),
      "organisations.yaml": (text) => text.replace("  builtAt: LHT-C1-SB\n", "  builtAt: LHT-C1\n").replace("  formalMembers: 6\n", "  formalMembers: 7\n"),
      "members.yaml": (text) => text.replace("  registeredWith: LHT-C1\n", "").replace("  residesIn: LHT-C1-R01-B01\n", ""),
    });
  }

  it("gives the same graph as a single-transaction import, and no journal is left", async () => {
    const report = await importSeed(db, VALID, { ...staged, journalDir });
    expect(report.mode).toBe("staged");
    const stagedGraph = await canonicalGraph(db);
    await resetGraph(db);
    await importSeed(db, VALID);
    expect(await canonicalGraph(db)).toBe(stagedGraph);
    expect(readdirSync(journalDir)).toEqual([]);
  });

  it("is idempotent", async () => {
    await importSeed(db, VALID, { ...staged, journalDir });
    const before = await graphFingerprint(db);
    const again = await importSeed(db, VALID, { ...staged, journalDir });
    expect(again.summary.relations).toEqual({ created: 0, deleted: 0, unchanged: 66 });
    expect(await graphFingerprint(db)).toBe(before);
  });

  it.each([
    ["creating entities", (step: ImportStep) => step.stage === "createEntities" && step.batch === 1],
    ["updating entities", (step: ImportStep) => step.stage === "updateEntities"],
    ["creating relations, after some committed", (step: ImportStep, seen: string[]) => step.stage === "createRelations" && seen.filter((stage) => stage === "createRelations").length === 2],
  ])("undoes a failure part-way through %s: the graph is exactly as before", async (_name, failAt) => {
    // A graph that already holds the seed, then a changed seed: the import creates, updates and deletes.
    await importSeed(db, VALID);
    const before = await graphFingerprint(db);
    const seen: string[] = [];
    const error = await importSeed(db, changedSeed(), {
      ...staged,
      journalDir,
      beforeStep: (step) => {
        seen.push(step.stage);
        if (failAt(step, seen)) throw new Error("injected failure");
      },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StagedImportError);
    expect((error as Error).message).toMatch(/failed and was undone; the graph is as before\. Cause: injected failure/);
    expect(seen.length).toBeGreaterThan(1); // some batches did commit before the failure
    expect(await graphFingerprint(db)).toBe(before);
    expect(readdirSync(journalDir)).toEqual([]);
  });

  it("undoes a failure from an empty graph too (every created entity removed)", async () => {
    let steps = 0;
    const error = await importSeed(db, VALID, {
      ...staged,
      journalDir,
      beforeStep: () => {
        if (++steps === 20) throw new Error("injected failure");
      },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StagedImportError);
    expect(await graphFingerprint(db)).toBe("[]");
  });

  it("undoes a failure while deleting relations: the same graph, rebuilt relations", async () => {
    await importSeed(db, VALID);
    const before = await canonicalGraph(db);
    let deletes = 0;
    const error = await importSeed(db, changedSeed(), {
      ...staged,
      batchSize: 1,
      journalDir,
      beforeStep: (step) => {
        if (step.stage === "deleteRelations" && ++deletes === 2) throw new Error("injected failure");
      },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StagedImportError);
    // A deleted relation comes back with a new internal id, so compare by content.
    expect(await canonicalGraph(db)).toBe(before);
  });

  it("undoes a failure during the roll-ups' pass, roll-ups included: every figure agrees with the restored graph", async () => {
    await importSeed(db, VALID);
    const before = await canonicalGraph(db);
    // Every batch commits, then the roll-ups' pass (one transaction) commits too,
    // and the import fails right after it: the undo must bring the roll-ups back with the graph.
    let writing = false;
    let passes = 0;
    const failing = Object.create(db) as Database;
    failing.writeTransaction = async (work, options) => {
      const result = await db.writeTransaction(work, options);
      if (!writing && ++passes === 1) throw new Error("injected failure");
      writing = false;
      return result;
    };
    // The changed seed with one more building: the compound's, community's and district's building counts move in 2022.
    const seed = copySeed(changedSeed(), { "places.yaml": (text) => text + "- code: LHT-C1-R01-B99\n  name: 東華苑99幢\n  kind: BUILDING\n  validFrom: 2022-01-01\n  partOf: LHT-C1-R01\n" });
    const error = await importSeed(failing, seed, { ...staged, journalDir, beforeStep: () => void (writing = true) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StagedImportError);
    expect(passes).toBeGreaterThanOrEqual(1);
    expect(await canonicalGraph(db)).toBe(before);
    expect(await verifyRollups(db, ["2019-01-01", "2020-07-01", "2023-01-01", "2026-11-28"])).toEqual([]);
    expect(readdirSync(journalDir)).toEqual([]);
  });

  it("after a crash keeps the journal, refuses further staged imports, and `recover` undoes it", async () => {
    await importSeed(db, VALID);
    const before = await graphFingerprint(db);
    let steps = 0;
    // The hook never returns at step 6: the import stops there like a process that died.
    void importSeed(db, changedSeed(), {
      ...staged,
      journalDir,
      beforeStep: () => (++steps === 6 ? new Promise<void>(() => undefined) : undefined),
    });
    await expect.poll(() => steps, { timeout: 30_000 }).toBe(6);
    expect(await graphFingerprint(db)).not.toBe(before);
    const [journal] = pendingJournals(journalDir);
    expect(journal).toBeDefined();
    await expect(importSeed(db, VALID, { ...staged, journalDir })).rejects.toThrow(/interrupted.*npm run seed -- recover/);
    await recoverImport(db, journal!);
    expect(await graphFingerprint(db)).toBe(before);
    expect(existsSync(journal!)).toBe(false);
  });
});
