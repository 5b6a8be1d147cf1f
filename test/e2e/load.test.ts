import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/database/index.js";
import { formatReport, runLoad } from "../../src/load/load.js";
import { importSeed } from "../../src/seeding/index.js";
import type { Hub } from "../../src/server/hub.js";
import { connectTestDatabase, resetGraph } from "../support/graph.js";
import { startTestHub, testToken } from "../support/hub.js";

/**
 * The load test's short, bounded form (issue 6): 4 clients for 15 seconds of mixed reads and writes
 * against a hub on loopback, on the Longhutang seed. No unexpected error (a contended update may
 * lose with CONFLICT; nothing else may fail), and afterwards nothing lost, nothing duplicated,
 * versions and audit entries exactly as acknowledged. The long form is `npm run load`
 * (docs/RELIABILITY.md).
 */
const CLIENTS = 4;
const SECONDS = 15;

describe("bounded load on loopback", () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startTestHub();
    // One import transaction; on a busy machine it can outlast the hub's 15 s limit.
    const db = connectTestDatabase();
    await resetGraph(db);
    await importSeed(db, join(PROJECT_ROOT, "seeds", "longhutang"));
    await db.close();
  });
  afterAll(() => hub.stop());

  it(`${CLIENTS} clients × ${SECONDS} s: zero unexpected errors, and every invariant holds`, { timeout: 180_000 }, async () => {
    const namespace = "LOAD-TEST";
    const writerSubject = "load-writer";
    const rssStart = Math.round(process.memoryUsage().rss / 2 ** 20);
    const report = await runLoad({
      url: hub.url,
      clients: CLIENTS,
      seconds: SECONDS,
      namespace,
      parent: "LHT",
      writerSubject,
      tokens: {
        reader: await testToken({ role: "analyst", sub: "load-reader" }),
        writer: await testToken({ role: "steward", sub: writerSubject, scope: [namespace] }),
        admin: await testToken({ role: "admin", sub: "load-admin" }),
      },
    });
    process.stdout.write(`${formatReport(report, { "of the test process (hub and clients)": { start: rssStart, end: Math.round(process.memoryUsage().rss / 2 ** 20) } })}\n`);
    expect(report.unexpectedSamples).toEqual([]);
    expect(report.unexpectedErrors).toBe(0);
    expect(report.unknownWrites).toBe(0);
    expect(Object.keys(report.errorsByCode).filter((code) => code !== "CONFLICT")).toEqual([]);
    // Every kind of operation ran, reads and writes alike.
    for (const [kind, figures] of Object.entries(report.latencyMs)) expect(figures.count, kind).toBeGreaterThan(0);
    expect(report.acknowledged.creates).toBeGreaterThan(0);
    expect(report.acknowledged.renames).toBeGreaterThan(0);
    expect(report.invariants).toMatchObject({ missing: [], duplicated: [], unexplained: [], versionMismatches: [], ok: true });
    expect(report.invariants.createsFound).toBe(report.acknowledged.creates);
    expect(report.invariants.sharedVersion).toBe(report.invariants.sharedVersionExpected);
    expect(report.invariants.auditEntries).toBe(report.invariants.auditEntriesExpected);
  });
});
