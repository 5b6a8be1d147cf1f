import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Hub } from "../../src/server/hub.js";
import { connectTestDatabase, resetGraph } from "../support/graph.js";
import { startTestHub, testToken } from "../support/hub.js";

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: { bookmarks?: string[] } };
  ms: number;
}

/**
 * A bookmark from the future: a real one of this database with its transaction id replaced by
 * 1 000 000. Neo4j 5's bookmark is "FB:" + base64 of a PackStream list [bytes(database id), tx id, []].
 */
function futureBookmark(real: string): string {
  const raw = Buffer.from(real.slice(3), "base64");
  expect(raw.subarray(0, 3).toString("hex")).toBe("91cc10"); // list of 1, 16 bytes of database id
  const INT_32 = Buffer.from([0xca, 0x00, 0x0f, 0x42, 0x40]);
  return `FB:${Buffer.concat([raw.subarray(0, 19), INT_32, Buffer.from([0x90])]).toString("base64")}`;
}

describe("read-your-writes with bookmarks (x-neo4j-bookmarks)", () => {
  let hub: Hub;
  let token: string;
  beforeAll(async () => {
    const db = connectTestDatabase();
    await resetGraph(db);
    await db.close();
    // Through the routing driver (neo4j://), as on a cluster: a standalone Neo4j serves a routing
    // table naming itself for reads, writes and routes.
    hub = await startTestHub({ NEO4J_URI: inject("neo4jUri").replace(/^bolt:/, "neo4j:") });
    token = await testToken("admin");
  });
  afterAll(() => hub.stop());

  async function post(query: string, bookmarks?: string): Promise<Answer> {
    const started = performance.now();
    const response = await fetch(hub.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...(bookmarks === undefined ? {} : { "x-neo4j-bookmarks": bookmarks }) },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Answer["body"], ms: performance.now() - started };
  }

  const createDistrict = (code: string): string =>
    `mutation { createPlace(input: { code: "${code}", kind: DISTRICT, name: "书签区", validFrom: "2020-01-01" }) { __typename } }`;

  it("runs on the routing driver: the server's routing table names a writer, readers and routers", async () => {
    const db = connectTestDatabase();
    try {
      const [table] = await db.read({ name: "test.routingTable", cypher: "CALL dbms.routing.getRoutingTable({}, 'neo4j') YIELD servers RETURN servers" });
      const roles = (table!.servers as { role: string; addresses: string[] }[]).map((server) => server.role).sort();
      expect(roles).toEqual(["READ", "ROUTE", "WRITE"]);
    } finally {
      await db.close();
    }
    const about = await post("{ about { migrated } }");
    expect(about.body.data?.about).toEqual({ migrated: true });
  });

  it("returns a mutation's bookmarks; sent back, a read sees the write at once", async () => {
    const written = await post(createDistrict("BM-D1"));
    expect(written.body.errors).toBeUndefined();
    const bookmarks = written.body.extensions?.bookmarks ?? [];
    expect(bookmarks.length).toBeGreaterThan(0);
    for (const bookmark of bookmarks) expect(bookmark).toMatch(/^FB:/);
    expect(written.headers.get("x-neo4j-bookmarks")).toBe(bookmarks.join(","));

    const query = `{ place(code: "BM-D1", asOf: "2021-01-01") { code } }`;
    await post(query); // plans warm: the timing below is the bookmark's alone
    const read = await post(query, bookmarks.join(","));
    expect(read.status).toBe(200);
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data?.place).toEqual({ code: "BM-D1" });
    // No wait: far below the 2 s a bookmark the database has not reached would wait.
    expect(read.ms).toBeLessThan(1_500);
    // A query answers without bookmarks of its own: only writes move a client's state on.
    expect(read.body.extensions?.bookmarks).toBeUndefined();
  });

  it("makes a read wait for a bookmark the database has not reached, then fail with BOOKMARK_TIMEOUT", async () => {
    const written = await post(createDistrict("BM-D2"));
    const [real] = written.body.extensions?.bookmarks ?? [];
    expect(real).toBeDefined();
    const read = await post(`{ place(code: "BM-D2", asOf: "2021-01-01") { code } }`, futureBookmark(real!));
    expect(read.body.errors?.[0]?.extensions?.code).toBe("BOOKMARK_TIMEOUT");
    expect(read.body.errors?.[0]?.message).toContain("has not reached");
    // Neo4j waited its bookmark_ready_timeout (2 s on the test Neo4j) before refusing.
    expect(read.ms).toBeGreaterThanOrEqual(1_900);
  });

  it("refuses a malformed bookmark with BAD_USER_INPUT before anything runs, and a foreign one from Neo4j", async () => {
    const malformed = await post(`{ about { hubVersion } }`, "not a bookmark");
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "x-neo4j-bookmarks" });

    const tooMany = await post(`{ about { hubVersion } }`, Array.from({ length: 17 }, (_, i) => `FB:AAAA${i}AAA`).join(","));
    expect(tooMany.status).toBe(400);

    // Well-formed base64, but no bookmark Neo4j could have issued.
    const foreign = await post(`{ place(code: "BM-D1") { code } }`, "FB:AAAAAAAA");
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});
