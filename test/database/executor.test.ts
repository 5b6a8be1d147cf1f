import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/database/index.js";
import { HubError } from "../../src/errors/index.js";
import { connectTestDatabase, countQueries, resetGraph } from "../support/graph.js";

describe("the executor", () => {
  let db: Database;
  beforeAll(async () => {
    db = connectTestDatabase();
    await db.autoCommit({ name: "test.probeConstraint", cypher: "CREATE CONSTRAINT test_probe_code IF NOT EXISTS FOR (p:ExecutorProbe) REQUIRE p.code IS UNIQUE" });
  });
  beforeEach(() => resetGraph(db));
  afterAll(async () => {
    await db.autoCommit({ name: "test.dropProbeConstraint", cypher: "DROP CONSTRAINT test_probe_code IF EXISTS" });
    await db.close();
  });

  it("maps Neo4j integers, dates and nodes to plain values and back", async () => {
    const rows = await db.write({
      name: "test.roundTrip",
      cypher: "CREATE (p:ExecutorProbe {code: $code, count: $count, ratio: $ratio, since: date($since)}) RETURN p, p.count + 1 AS next, p.since AS since",
      params: { code: "龍虎塘", count: 41, ratio: 0.5, since: "2021-03-01" },
    });
    expect(rows).toEqual([{ p: { code: "龍虎塘", count: 41, ratio: 0.5, since: "2021-03-01" }, next: 42, since: "2021-03-01" }]);
  });

  it("turns a uniqueness violation into DUPLICATE_CODE and rolls the whole transaction back", async () => {
    await db.write({ name: "test.first", cypher: "CREATE (:ExecutorProbe {code: 'A'})" });
    const error = await db
      .writeTransaction(async (tx) => {
        await tx.run({ name: "test.other", cypher: "CREATE (:ExecutorProbe {code: 'B'})" });
        await tx.run({ name: "test.duplicate", cypher: "CREATE (:ExecutorProbe {code: 'A'})" });
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).extensions.code).toBe("DUPLICATE_CODE");
    const rows = await db.read({ name: "test.count", cypher: "MATCH (p:ExecutorProbe) RETURN collect(p.code) AS codes" });
    expect(rows[0]!.codes).toEqual(["A"]);
  });

  it("reports every statement it sends, with its name and access mode", async () => {
    const { queries } = await countQueries(db, async () => {
      await db.read({ name: "test.readOne", cypher: "RETURN 1 AS one" });
      await db.writeTransaction(async (tx) => {
        await tx.run({ name: "test.writeOne", cypher: "CREATE (:ExecutorProbe {code: 'X'})" });
        await tx.run({ name: "test.writeTwo", cypher: "CREATE (:ExecutorProbe {code: 'Y'})" });
      });
    });
    expect(queries.map((query) => [query.name, query.mode])).toEqual([
      ["test.readOne", "READ"],
      ["test.writeOne", "WRITE"],
      ["test.writeTwo", "WRITE"],
    ]);
  });

  it("answers a ping and knows the server it talks to", async () => {
    expect(await db.ping()).toBe(true);
    const info = await db.serverInfo();
    expect(info.version).toMatch(process.env.NEO4J_TEST_URI ? /^\d+\.\d+/ : /^5\.26\./);
  });
});
