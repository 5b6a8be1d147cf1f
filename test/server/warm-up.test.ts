import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import type { Database } from "../../src/database/index.js";
import { warmUpStatements } from "../../src/server/warm-up.js";
import { pino } from "pino";
import { startHub } from "../../src/server/hub.js";
import { connectTestDatabase } from "../support/graph.js";
import { testHubConfig } from "../support/hub.js";
import { LONGHUTANG, loadSeed } from "../support/analytics.js";

describe("warming the analytic plans at start", () => {
  let db: Database;
  beforeAll(async () => {
    await loadSeed(LONGHUTANG);
    db = connectTestDatabase();
  });
  afterAll(() => db.close());

  it("is on by default and off with HUB_WARM_UP=false", () => {
    expect(loadConfig({ HUB_JWT_SECRET: "x".repeat(32) }).warmUp).toBe(true);
    expect(loadConfig({ HUB_JWT_SECRET: "x".repeat(32), HUB_WARM_UP: "false" }).warmUp).toBe(false);
  });

  it("runs every analytic statement, each finding nothing, with no error", async () => {
    const statements = warmUpStatements("2026-01-01");
    expect(new Set(statements.map((query) => query.name)).size).toBeGreaterThanOrEqual(14);
    for (const query of statements) {
      const rows = await db.read(query);
      // Either no row, or the "found: false" / all-zero row of a statement that reports a missing anchor.
      for (const row of rows) expect(JSON.stringify(row)).not.toMatch(/"code":"[A-Z]/);
    }
  });

  it("has a starting hub run them all before it serves, and log it", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(line) });
    const hub = await startHub(testHubConfig({ HUB_WARM_UP: "true", LOG_LEVEL: "info" }), logger);
    try {
      const warmed = lines.map((line) => JSON.parse(line) as { msg: string; statements?: number; failed?: number }).find((line) => line.msg === "analytic plans warmed");
      expect(warmed).toMatchObject({ statements: warmUpStatements().length, failed: 0 });
    } finally {
      await hub.stop();
    }
  });
});
