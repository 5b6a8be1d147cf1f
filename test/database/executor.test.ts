import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CypherQuery, Database } from "../../src/database/index.js";
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

  it("reads integers as plain numbers and refuses one outside the safe range rather than rounding it", async () => {
    expect(await db.read({ name: "test.safe", cypher: "RETURN 9007199254740991 AS largest, -42 AS negative, [1, 2] AS list" })).toEqual([{ largest: 9007199254740991, negative: -42, list: [1, 2] }]);
    await expect(db.read({ name: "test.unsafe", cypher: "RETURN 9007199254740993 AS tooLarge" })).rejects.toThrow(/safe range/);
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

  it("sends a 2 KB statement about as fast as a 100-byte one (no Nagle stall on split writes)", async () => {
    // neo4j-driver 5 left TCP_NODELAY off: a message over ~1 400 bytes went out in two writes and the
    // second waited ~40 ms for the server's delayed ACK. Medians of interleaved runs, a wide margin.
    const pad = (bytes: number, base: string): string => `${base} /* ${"x".repeat(Math.max(0, bytes - base.length - 7))} */`;
    const short: CypherQuery = { name: "test.short", cypher: pad(100, "RETURN $n AS n"), params: { n: 1 } };
    const long: CypherQuery = { name: "test.long", cypher: pad(2_048, "RETURN $n AS n"), params: { n: 1 } };
    expect(Buffer.byteLength(short.cypher)).toBe(100);
    expect(Buffer.byteLength(long.cypher)).toBe(2_048);
    const time = async (query: CypherQuery): Promise<number> => {
      const started = performance.now();
      expect(await db.read(query)).toEqual([{ n: 1 }]);
      return performance.now() - started;
    };
    for (let warm = 0; warm < 5; warm++) {
      await time(short);
      await time(long);
    }
    const shortMs: number[] = [];
    const longMs: number[] = [];
    for (let round = 0; round < 30; round++) {
      shortMs.push(await time(short));
      longMs.push(await time(long));
    }
    const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    // The ratio is the rule; the difference catches the stall's fixed ~40 ms even when a loaded
    // machine makes every statement slow (the ratio then shrinks below 10 with the stall present).
    expect(median(longMs)).toBeLessThan(10 * median(shortMs));
    expect(median(longMs) - median(shortMs)).toBeLessThan(20);
  });

  it("answers a ping and knows the server it talks to", async () => {
    expect(await db.ping()).toBe(true);
    const info = await db.serverInfo();
    expect(info.version).toMatch(process.env.NEO4J_TEST_URI ? /^\d+\.\d+/ : /^5\.26\./);
  });
});
