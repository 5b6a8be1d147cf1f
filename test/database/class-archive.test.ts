import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { recordClassArchive } from "../../src/database/class-archive.js";
import { freePort, hasClassArchive, PROJECT_ROOT, startLocalNeo4j } from "../../src/database/index.js";

/**
 * The class-data sharing archive that scripts/install.sh records (the test command runs it first):
 * it is there, recording again does nothing, and a start of the local Neo4j maps it — the
 * JVM's own memory map shows the file, which it maps only when it accepted the archive.
 */
describe("the local Neo4j's class-data sharing archive", () => {
  const home = mkdtempSync(join(tmpdir(), "dangjian-class-archive-test-"));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it("is recorded by the install and not recorded twice", async () => {
    expect(await hasClassArchive()).toBe(true);
    expect(await recordClassArchive()).toBe(false);
  });

  it("is mapped by a start of Neo4j", async () => {
    const neo4j = await startLocalNeo4j({ home, boltPort: await freePort(), heap: "512m", pageCache: "64m" });
    try {
      const mapped = readFileSync(`/proc/${neo4j.pid}/maps`, "utf8")
        .split("\n")
        .filter((line) => line.includes(join(PROJECT_ROOT, "neo4j", "target")) && line.endsWith(".jsa"));
      expect(mapped.length).toBeGreaterThan(0);
    } finally {
      await neo4j.stop();
    }
  }, 120_000);
});
