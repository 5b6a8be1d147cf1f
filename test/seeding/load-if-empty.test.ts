import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/database/index.js";
import { loadSeedIfEmpty, type SeedLogger } from "../../src/seeding/index.js";
import { connectTestDatabase, graphFingerprint, resetGraph } from "../support/graph.js";
import { startTestHub } from "../support/hub.js";
import { FIXTURES, VALID, countEntities } from "./helpers.js";

function recordingLogger(): SeedLogger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (_details: object, message: string) => void lines.push(`${level}: ${message}`);
  return { lines, info: log("info"), warn: log("warn"), error: log("error") };
}

describe("loadSeedIfEmpty (hub start)", () => {
  let db: Database;
  beforeAll(() => {
    db = connectTestDatabase();
  });
  beforeEach(() => resetGraph(db));
  afterAll(() => db.close());

  it("loads the seed into a graph without entities", async () => {
    const logger = recordingLogger();
    const report = await loadSeedIfEmpty(db, VALID, logger);
    expect(report?.records).toBe(37);
    expect(await countEntities(db)).toBe(37);
    expect(logger.lines).toEqual(["info: initial seed loaded into the empty graph"]);
  });

  it("leaves a graph that holds any entity alone", async () => {
    await db.write({ name: "test.one", cypher: "CREATE (:Entity:Place {id: 'p', code: 'P', name: 'p', kind: 'DISTRICT', validFrom: date('2000-01-01'), version: 1})" });
    const before = await graphFingerprint(db);
    expect(await loadSeedIfEmpty(db, VALID, recordingLogger())).toBeUndefined();
    expect(await graphFingerprint(db)).toBe(before);
  });

  it("is off for an empty setting, and skips a folder that does not exist", async () => {
    expect(await loadSeedIfEmpty(db, "", recordingLogger())).toBeUndefined();
    const logger = recordingLogger();
    expect(await loadSeedIfEmpty(db, join(mkdtempSync(join(tmpdir(), "dangjian-")), "missing"), logger)).toBeUndefined();
    expect(logger.lines).toEqual(["warn: initial seed folder not found; starting with the graph as it is"]);
    expect(await countEntities(db)).toBe(0);
  });

  it("is what the hub does at start, right after its migrations", async () => {
    const hub = await startTestHub({ HUB_INITIAL_SEED: VALID });
    try {
      expect(await countEntities(db)).toBe(37);
    } finally {
      await hub.stop();
    }
  });

  it("logs every problem of an invalid seed and starts with the empty graph", async () => {
    const logger = recordingLogger();
    expect(await loadSeedIfEmpty(db, join(FIXTURES, "errors", "events"), logger)).toBeUndefined();
    expect(logger.lines).toHaveLength(4);
    expect(logger.lines[0]).toMatch(/^error: .*events\.yaml:5 \[EV-2020-MERGER-C1\] SEED_EVENT_ORIGINAL_ABSENT/);
    expect(await countEntities(db)).toBe(0);
  });
});
