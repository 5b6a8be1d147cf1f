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

/**
 * A fingerprint of the whole graph (labels, properties, relationships), to prove a rejected write
 * changed nothing. It is independent of Neo4j's element ids: a node deleted and created again with
 * the same labels and properties (bookkeeping a rolled-back import recomputes) is the same graph.
 * A relationship names its far end by the end's labels and properties.
 */
export async function graphFingerprint(db: Database): Promise<string> {
  const rows = await db.read({
    name: "test.graphFingerprint",
    cypher: `
      MATCH (n) WHERE NOT n:SchemaMigration
      OPTIONAL MATCH (n)-[r]->(m)
      RETURN labels(n) AS labels, properties(n) AS properties, type(r) AS type, properties(r) AS link, labels(m) AS farLabels, properties(m) AS far`,
  });
  return `[${rows.map((row) => canonical([row.labels, row.properties, row.type, row.link, row.farLabels, row.far])).sort().join(",")}]`;
}

/**
 * graphFingerprint with each property's Neo4j type (`valueType`: INTEGER, FLOAT, DATE,
 * LIST<STRING NOT NULL>, …) beside its value, so two graphs that print alike but store a date as
 * a string or an integer as a float differ, labels compared as sets; `ignore` names properties left out everywhere (random
 * `id` UUIDs, which differ between two imports of the same seed).
 */
export async function typedGraphFingerprint(db: Database, ignore: readonly string[] = []): Promise<string> {
  const rows = await db.read({
    name: "test.typedGraphFingerprint",
    cypher: `
      MATCH (n) WHERE NOT n:SchemaMigration
      OPTIONAL MATCH (n)-[r]->(m)
      RETURN labels(n) AS labels, properties(n) AS properties, [key IN keys(n) WHERE NOT key IN $ignore | key + ':' + valueType(n[key])] AS types,
        type(r) AS type, properties(r) AS link, [key IN keys(r) | key + ':' + valueType(r[key])] AS linkTypes, labels(m) AS farLabels, properties(m) AS far`,
    params: { ignore },
  });
  const sorted = (list: unknown) => (list === null ? null : [...(list as string[])].sort());
  const kept = (properties: unknown) => (properties === null ? null : Object.fromEntries(Object.entries(properties as Record<string, unknown>).filter(([key]) => !ignore.includes(key))));
  return `[${rows
    // Labels are a set: labels() lists them in the order their tokens were created, which differs between an online and an offline import.
    .map((row) => canonical([sorted(row.labels), kept(row.properties), sorted(row.types), row.type, kept(row.link), sorted(row.linkTypes), sorted(row.farLabels), kept(row.far)]))
    .sort()
    .join(",")}]`;
}

/** JSON with every map's keys in order, so equal values always print alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object" && value.constructor === Object) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
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
