import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PROJECT_ROOT, type Database } from "../../src/database/index.js";
import { connectTestDatabase, graphFingerprint, resetGraph } from "../support/graph.js";
import { FIXTURES, VALID } from "./helpers.js";

/** Runs `npm run seed -- …` as a data steward would (without npm's banner). */
function seed(args: string[], env: Record<string, string | undefined> = {}): { status: number | null; stdout: string; stderr: string } {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("NEO4J_") && !name.startsWith("LOCAL_NEO4J_")));
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/seeding/seed.cli.ts", ...args], {
    cwd: PROJECT_ROOT,
    env: { ...base, ...env } as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run seed", () => {
  let db: Database;
  let neo4j: Record<string, string>;
  beforeAll(async () => {
    db = connectTestDatabase();
    await resetGraph(db);
    neo4j = { NEO4J_URI: inject("neo4jUri"), NEO4J_USERNAME: inject("neo4jUsername"), NEO4J_PASSWORD: inject("neo4jPassword") };
    neo4j = Object.fromEntries(Object.entries(neo4j).filter(([, value]) => value !== ""));
  });
  afterAll(() => db.close());

  it("explains itself with --help (exit 0) and refuses bad usage (exit 2)", () => {
    const help = seed(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: npm run seed -- <command> <folder> [options]");
    expect(seed([]).status).toBe(2);
    const wrong = seed(["imprt", VALID]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('unknown command "imprt"');
    expect(seed(["validate", VALID, "--dry-run"]).stderr).toContain("--dry-run goes with import");
    expect(seed(["validate", join(FIXTURES, "nowhere")]).status).toBe(2);
  });

  it("validates offline: exit 0 for a good seed, exit 1 with file:line for a bad one", () => {
    const good = seed(["validate", VALID]);
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/37 records in 13 files, no problems/);
    const bad = seed(["validate", join(FIXTURES, "errors", "events")]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/events\/events\.yaml:5 \[EV-2020-MERGER-C1\] SEED_EVENT_ORIGINAL_ABSENT: /);
    expect(bad.stdout).toContain("3 problems in 1 file; nothing was written.");
  });

  it("refuses to import without NEO4J_URI unless --local is given (exit 2)", () => {
    const refused = seed(["import", VALID]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("NEO4J_URI is not set");
    expect(refused.stderr).toContain("--local");
  });

  it("imports with a summary, dry-runs without writing, and a rejected seed writes nothing (exit 1)", async () => {
    const dry = seed(["import", VALID, "--dry-run"], neo4j);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("dry run (nothing written)");
    expect(dry.stdout).toMatch(/Place\s+10\s+0\s+0/);
    expect(await graphFingerprint(db)).toBe("[]");

    const done = seed(["import", VALID], neo4j);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/single-transaction/);
    expect(done.stdout).toContain("relations: 66 created, 0 deleted, 0 unchanged");
    const after = await graphFingerprint(db);

    const rejected = seed(["import", join(FIXTURES, "errors", "leader-kind")], neo4j);
    expect(rejected.status).toBe(1);
    expect(rejected.stdout).toContain("SEED_LEADER_KIND");
    expect(await graphFingerprint(db)).toBe(after);
  });

  it("checks a folder in a rolled-back transaction and the graph itself: 0 broken records, then the one planted (exit 1)", async () => {
    const before = await graphFingerprint(db);
    const folder = seed(["check", VALID], neo4j);
    expect(folder.status, folder.stdout + folder.stderr).toBe(0);
    expect(folder.stdout).toMatch(/0 broken record\(s\) in .* \(rolled back\)/);
    expect(await graphFingerprint(db)).toBe(before);
    expect(seed(["check"], neo4j).stdout).toMatch(/^0 broken record\(s\)/m);
    const [row] = await db.read({ name: "test.someChildPlace", cypher: "MATCH (a:Place)-[:PART_OF]->(b:Place) RETURN a.code AS child, b.code AS parent ORDER BY a.code LIMIT 1" });
    await db.write({
      name: "test.plantZeroLink",
      cypher: "MATCH (a:Place {code: $child}), (b:Place {code: $parent}) CREATE (a)-[:PART_OF {validFrom: date('2024-01-01'), validTo: date('2024-01-01'), planted: true}]->(b)",
      params: { child: row!.child, parent: row!.parent },
    });
    try {
      const broken = seed(["check", "--json"], neo4j);
      expect(broken.status).toBe(1);
      expect(JSON.parse(broken.stdout).broken).toEqual([
        { problem: "ZERO_LENGTH_LINK", code: row!.child, label: "Place", detail: `PART_OF to ${String(row!.parent)} from 2024-01-01 to 2024-01-01` },
      ]);
    } finally {
      await db.write({ name: "test.removeZeroLink", cypher: "MATCH ()-[r:PART_OF {planted: true}]->() DELETE r" });
    }
  });

  it("--local reuses the project's Neo4j when it is already running, and exports", async () => {
    const port = new URL(inject("neo4jUri")).port;
    const again = seed(["import", VALID, "--local", "--json"], { LOCAL_NEO4J_BOLT_PORT: port });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain("using the local Neo4j already running");
    expect((JSON.parse(again.stdout) as { summary: { relations: unknown } }).summary.relations).toEqual({ created: 0, deleted: 0, unchanged: 66 });

    const folder = join(mkdtempSync(join(tmpdir(), "dangjian-cli-")), "out");
    const exported = seed(["export", folder], neo4j);
    expect(exported.status, exported.stderr).toBe(0);
    expect(readdirSync(folder)).toContain("places.yaml");
    expect(seed(["export", folder], neo4j).status).toBe(2);
  });
});
