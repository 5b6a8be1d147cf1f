import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { Database, freePort, migrate, startLocalNeo4j, type RunningNeo4j } from "../../src/database/index.js";

declare module "vitest" {
  export interface ProvidedContext {
    neo4jUri: string;
    neo4jUsername: string;
    neo4jPassword: string;
  }
}

/**
 * Starts one throw-away local Neo4j for the run and migrates it. NEO4J_TEST_URI points the
 * tests at another Neo4j instead; its data will be deleted, so never point it at real data.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let local: RunningNeo4j | undefined;
  let home: string | undefined;
  let uri = process.env.NEO4J_TEST_URI ?? "";
  if (uri === "") {
    home = mkdtempSync(join(tmpdir(), "dangjian-test-neo4j-"));
    // A bookmark the database never reaches fails after 2 s instead of 30 (test/server/bookmarks.test.ts).
    local = await startLocalNeo4j({
      home,
      boltPort: await freePort(),
      heap: "1g",
      pageCache: "256m",
      settings: { "db.transaction.bookmark_ready_timeout": "2s" },
    });
    uri = local.uri;
    process.stdout.write(`test Neo4j ${local.version} at ${uri}, ready in ${local.startMillis} ms\n`);
  }
  const credentials = {
    username: process.env.NEO4J_TEST_USERNAME ?? "",
    password: process.env.NEO4J_TEST_PASSWORD ?? "",
  };
  const db = Database.connect(
    { uri, username: credentials.username || undefined, password: credentials.password || undefined },
    { transactionTimeoutMs: 60_000 },
  );
  await migrate(db);
  await db.close();
  project.provide("neo4jUri", uri);
  project.provide("neo4jUsername", credentials.username);
  project.provide("neo4jPassword", credentials.password);
  return async () => {
    await local?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  };
}
