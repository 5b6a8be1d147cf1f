import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, MigrationError, isMigrated, migrate, readMigrations } from "../../src/database/index.js";
import { connectTestDatabase } from "../support/graph.js";

async function schemaShape(db: Database): Promise<string[]> {
  const constraints = await db.read({ name: "test.constraints", cypher: "SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names" });
  const indexes = await db.read({ name: "test.indexes", cypher: "SHOW INDEXES YIELD name RETURN collect(name) AS names" });
  return [...(constraints[0]!.names as string[]), ...(indexes[0]!.names as string[])].sort();
}

function migrationDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "dangjian-migrations-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("migrations", () => {
  let db: Database;
  beforeAll(() => {
    db = connectTestDatabase();
  });
  afterAll(async () => {
    await db.autoCommit({ name: "test.cleanup", cypher: "MATCH (m:SchemaMigration) WHERE m.version >= 9000 DETACH DELETE m" });
    await db.autoCommit({ name: "test.dropProbe", cypher: "DROP INDEX test_probe_index IF EXISTS" });
    await db.autoCommit({ name: "test.dropProbeDropped", cypher: "DROP INDEX test_probe_dropped IF EXISTS" });
    await db.close();
  });

  it("are all applied by the global setup and recorded in the graph", async () => {
    expect(await isMigrated(db)).toBe(true);
    const rows = await db.read({ name: "test.ledger", cypher: "MATCH (m:SchemaMigration) WHERE m.version < 9000 RETURN m.version AS v ORDER BY v" });
    expect(rows.map((row) => row.v)).toEqual(readMigrations().map((migration) => migration.version));
  });

  it("are idempotent: applying again changes neither the schema nor the ledger", async () => {
    const before = await schemaShape(db);
    const report = await migrate(db);
    expect(report.applied).toEqual([]);
    expect(report.alreadyApplied).toEqual(readMigrations().map((migration) => migration.version));
    expect(await schemaShape(db)).toEqual(before);
  });

  it("stop with the file and statement named when a statement fails, and record nothing for it", async () => {
    const dir = migrationDir({
      "9001_probe.cypher": "CREATE INDEX test_probe_index IF NOT EXISTS FOR (n:Probe) ON (n.key);\n",
      "9002_broken.cypher": "CREATE INDEX IF NOT EXISTS FOR;\n",
    });
    const error = await migrate(db, dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toContain("9002_broken.cypher");
    expect((error as Error).message).toContain("statement 1");
    const ledger = await db.read({ name: "test.probeLedger", cypher: "MATCH (m:SchemaMigration) WHERE m.version >= 9000 RETURN m.version AS v" });
    expect(ledger.map((row) => row.v)).toEqual([9001]);
  });

  it("do not build an index that a later pending migration drops, and end with the schema of running everything", async () => {
    const dir = migrationDir({
      "9003_probe_index.cypher": "CREATE INDEX test_probe_dropped IF NOT EXISTS FOR (n:Probe) ON (n.gone);\n",
      "9004_probe_drop.cypher": "DROP INDEX test_probe_dropped IF EXISTS;\n",
    });
    const sent: string[] = [];
    const stop = db.onQuery((event) => sent.push(event.name));
    const report = await migrate(db, dir).finally(stop);
    expect(report.applied).toEqual([9003, 9004]);
    expect(report.skipped).toEqual(["9003:1"]);
    expect(sent).not.toContain("migration.9003.1");
    expect(sent).toContain("migration.9004.1");
    expect(await schemaShape(db)).not.toContain("test_probe_dropped");
  });

  it("refuse an applied migration whose file was edited afterwards", async () => {
    const dir = migrationDir({ "9001_probe.cypher": "CREATE INDEX test_probe_index IF NOT EXISTS FOR (n:Probe) ON (n.other);\n" });
    await expect(migrate(db, dir)).rejects.toThrow(/9001_probe.cypher was changed after it was applied/);
  });

  it("refuse badly named files before touching the database", () => {
    const dir = migrationDir({ "1_Bad Name.cypher": "RETURN 1;" });
    expect(() => readMigrations(dir)).toThrow(/must be named NNNN_lower_snake_name.cypher/);
  });
});
