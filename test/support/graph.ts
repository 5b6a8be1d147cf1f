import { inject } from "vitest";
import { Database, type QueryEvent } from "../../src/database/index.js";

/** A connection to the run's test Neo4j. */
export function connectTestDatabase(): Database {
  return Database.connect(
    {
      uri: inject("neo4jUri"),
      username: inject("neo4jUsername") || undefined,
      password: inject("neo4jPassword") || undefined,
    },
    { transactionTimeoutMs: 60_000 },
  );
}

/** Deletes every node but the migration ledger: constraints and indexes stay. */
export async function resetGraph(db: Database): Promise<void> {
  await db.autoCommit({
    name: "test.resetGraph",
    cypher: "MATCH (n) WHERE NOT n:SchemaMigration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS",
  });
}

/** A fingerprint of the whole graph (labels, properties, relationships), to prove a rejected write changed nothing. */
export async function graphFingerprint(db: Database): Promise<string> {
  const rows = await db.read({
    name: "test.graphFingerprint",
    cypher: `
      MATCH (n) WHERE NOT n:SchemaMigration
      WITH n ORDER BY elementId(n)
      OPTIONAL MATCH (n)-[r]->(m)
      WITH n, r, m ORDER BY elementId(n), elementId(r)
      RETURN collect([labels(n), properties(n), type(r), properties(r), elementId(m)]) AS all`,
  });
  return JSON.stringify(rows[0]?.all ?? []);
}

/** Counts the Cypher statements sent while `work` runs. */
export async function countQueries<T>(db: Database, work: () => Promise<T>): Promise<{ result: T; queries: QueryEvent[] }> {
  const queries: QueryEvent[] = [];
  const stop = db.onQuery((event) => queries.push(event));
  try {
    return { result: await work(), queries };
  } finally {
    stop();
  }
}
