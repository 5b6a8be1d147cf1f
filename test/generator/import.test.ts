import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Database, PROJECT_ROOT } from "../../src/database/index.js";
import { countChunk, generateModel, importGenerated } from "../../src/generator/index.js";
import { entityCountsQuery } from "../../src/generator/queries.js";
import { resetGraph } from "../support/graph.js";

/**
 * An S1 seed imported into the real Neo4j, part by part through the seeding module: the graph then
 * holds exactly the nodes and relationships the generated model states, and importing it again
 * changes nothing (so an interrupted large import can simply be run again).
 */
let db: Database;

beforeAll(async () => {
  // A subdistrict is one transaction; on a busy machine it can outlast the tests' usual 60 s limit.
  db = Database.connect(
    { uri: inject("neo4jUri"), username: inject("neo4jUsername") || undefined, password: inject("neo4jPassword") || undefined },
    { transactionTimeoutMs: 600_000 },
  );
  await resetGraph(db);
});

afterAll(async () => {
  await resetGraph(db);
  await db.close();
});

describe("importing a generated seed", () => {
  it("puts exactly the generated nodes and relationships into Neo4j, and a second run changes nothing", { timeout: 900_000 }, async () => {
    const options = { seed: 42, subdistricts: 1 };
    const expected = countChunk(generateModel(options));
    const first = await importGenerated(db, options);
    expect(first.parts).toBe(2);
    expect(first.expected.nodes).toBe(expected.nodes);
    expect(first.created).toEqual({ entities: expected.nodes, relations: expected.relations });
    const [counts] = await db.read(entityCountsQuery());
    expect(counts).toEqual({ nodes: expected.nodes, relations: expected.relations });
    const labels = await db.read({
      name: "test.generator.labels",
      cypher: "MATCH (n:Entity) UNWIND [label IN labels(n) WHERE NOT label IN ['Entity', 'Person']] AS label RETURN label, count(*) AS count ORDER BY label",
    });
    expect(Object.fromEntries(labels.map((row) => [row.label, row.count]))).toEqual(expected.byLabel);

    const second = await importGenerated(db, options);
    expect(second.created).toEqual({ entities: 0, relations: 0 });
    expect((await db.read(entityCountsQuery()))[0]).toEqual(counts);
  });
});

describe("npm run generate", () => {
  it("rejects a bad scale with exit code 2 and says what is allowed", { timeout: 120_000 }, () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/generator/generate.cli.ts", "--scale", "S9"], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/scale must be S1, S2, S3 or a number of subdistricts/);
  });
});
