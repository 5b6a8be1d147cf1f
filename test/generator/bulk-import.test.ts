import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { verifyRollups } from "../../src/coverage/rollup.maintain.js";
import { coverageRollupByChild } from "../../src/coverage/rollup.queries.js";
import { Database, freePort } from "../../src/database/index.js";
import { bulkImportGenerated, importGenerated, type BulkImportTarget } from "../../src/generator/index.js";
import { resetGraph, typedGraphFingerprint } from "../support/graph.js";

/**
 * The offline bulk import (CSV + neo4j-admin into a stopped store of its own) builds the same
 * graph as the online import through importSeed: S1 imported both ways, the whole graph compared
 * with each property's Neo4j type (a date must not arrive as a string, an integer as a float),
 * the roll-up bookkeeping included, and the coverage answers compared. A store that holds more
 * than the migration ledger, or a running Neo4j, is refused.
 */
const OPTIONS = { seed: 42, subdistricts: 1 };
const SCOPES = ["G-D01", "G-S001"];
const DATES = ["2012-01-01", "2020-06-30", "2026-01-01"];

/**
 * A coverage answer without the places' random `id`s (two imports give the same place another
 * one), every list in a fixed order (the breakdown comes unordered) and every map's keys sorted:
 * a node's properties come back in the order its store holds them, which the two imports need
 * not share.
 */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([key]) => key !== "id");
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, inner]) => [key, comparable(inner)]));
  }
  return value;
}

let online: Database;
let home: string;

beforeAll(async () => {
  online = Database.connect(
    { uri: inject("neo4jUri"), username: inject("neo4jUsername") || undefined, password: inject("neo4jPassword") || undefined },
    { transactionTimeoutMs: 600_000 },
  );
  await resetGraph(online);
  home = mkdtempSync(join(tmpdir(), "dangjian-bulk-import-"));
});

afterAll(async () => {
  await resetGraph(online);
  await online.close();
  rmSync(home, { recursive: true, force: true });
});

describe("bulk import of a generated network", () => {
  it("builds the online import's graph, with the same property types and coverage, and refuses a filled store", { timeout: 900_000 }, async () => {
    const target: BulkImportTarget = { home, boltPort: await freePort(), heap: "1g", pageCache: "256m" };
    // Two Neo4j instances, so both imports run at once.
    const [onlineReport, bulk] = await Promise.all([importGenerated(online, OPTIONS), bulkImportGenerated(OPTIONS, target)]);
    const offline = Database.connect({ uri: bulk.neo4j.uri }, { transactionTimeoutMs: 600_000 });
    try {
      expect(bulk.report.written).toEqual({ entities: onlineReport.created.entities, relationships: onlineReport.created.relations });
      expect(bulk.report.expected).toEqual(onlineReport.expected);
      const [bulkFingerprint, onlineFingerprint] = await Promise.all([typedGraphFingerprint(offline, ["id"]), typedGraphFingerprint(online, ["id"])]);
      expect(bulkFingerprint.length).toBeGreaterThan(1_000_000);
      expect(bulkFingerprint === onlineFingerprint).toBe(true);
      // Every entity got its own id, as the online import gives one.
      const [ids] = await offline.read({ name: "test.bulk.ids", cypher: "MATCH (n:Entity) RETURN count(n) AS entities, count(DISTINCT n.id) AS ids" });
      expect(ids).toEqual({ entities: onlineReport.created.entities, ids: onlineReport.created.entities });

      for (const scope of SCOPES) {
        for (const asOf of DATES) {
          const fromRollups = await offline.read(coverageRollupByChild(scope, asOf));
          expect(comparable(fromRollups)).toEqual(comparable(await online.read(coverageRollupByChild(scope, asOf))));
          expect(fromRollups.length).toBe(1);
        }
      }
      // The roll-ups the bulk import computed agree with every figure recomputed from the imported graph.
      expect(await verifyRollups(offline, DATES)).toEqual([]);

      // While it runs its store cannot be replaced.
      await expect(bulkImportGenerated(OPTIONS, target)).rejects.toMatchObject({ code: "BULK_IMPORT_NEO4J_RUNNING" });
    } finally {
      await offline.close();
      await bulk.neo4j.stop();
    }
    // Stopped and filled: refused, and left as it was.
    await expect(bulkImportGenerated(OPTIONS, target)).rejects.toMatchObject({ code: "BULK_IMPORT_STORE_NOT_EMPTY", message: /BULK_IMPORT_STORE_NOT_EMPTY: the store in .* holds 1\d{4} nodes besides the migration ledger/ });
  });
});
