import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { freePort, PROJECT_ROOT } from "../../src/database/index.js";
import { createLogger, startHub } from "../../src/server/hub.js";
import { postGraphql, TEST_JWT_SECRET } from "../support/hub.js";

/**
 * The path of `npm start`: the hub starts its own Neo4j in a data folder, serves, stops it, and
 * finds its data again on the next start (a warm start).
 */
describe("a hub with its own local Neo4j", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "dangjian-hub-local-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("starts Neo4j, serves GraphQL, stops cleanly, and keeps its data across restarts", { timeout: 180_000 }, async () => {
    const env = {
      HUB_PORT: "0",
      LOG_LEVEL: "silent",
      HUB_INITIAL_SEED: "",
      LOCAL_NEO4J_BOLT_PORT: String(await freePort()),
      LOCAL_NEO4J_DATA_DIR: dataDir,
      LOCAL_NEO4J_HEAP: "512m",
      LOCAL_NEO4J_PAGECACHE: "64m",
      HUB_JWT_SECRET: TEST_JWT_SECRET,
      HUB_DASHBOARD_PORT: "off",
      HUB_WARM_UP: "false",
    };
    const config = loadConfig(env);
    const first = await startHub(config, createLogger(config));
    try {
      const response = await postGraphql<{ about: { localNeo4j: boolean; neo4jVersion: string } }>(first.url, "{ about { localNeo4j neo4jVersion } }");
      expect(response.data!.about).toEqual({ localNeo4j: true, neo4jVersion: "5.26.30" });
      await first.db.write({ name: "test.marker", cypher: "CREATE (:RestartMarker {value: '持久'})" });
    } finally {
      await first.stop();
    }
    expect(first.localNeo4j!.pid).toBeGreaterThan(0);
    // The absolute LOCAL_NEO4J_DATA_DIR is used as given, not joined under the checkout.
    expect(existsSync(join(dataDir, "data"))).toBe(true);
    expect(existsSync(join(PROJECT_ROOT, dataDir))).toBe(false);
    expect(await first.localNeo4j!.exited).not.toBeUndefined();

    const second = await startHub(config, createLogger(config));
    try {
      const rows = await second.db.read({ name: "test.readMarker", cypher: "MATCH (m:RestartMarker) RETURN m.value AS value" });
      expect(rows).toEqual([{ value: "持久" }]);
    } finally {
      await second.stop();
    }
  });
});
