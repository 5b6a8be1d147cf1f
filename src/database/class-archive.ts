import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Database } from "./executor.js";
import { freePort, hasClassArchive, startLocalNeo4j } from "./local-neo4j.js";
import { migrate } from "./migrations.js";

/**
 * Writes the local Neo4j's class-data sharing archive (local-neo4j.ts, classDataSharing) once:
 * Neo4j is started on a throwaway store with the JVM told to archive the classes it loads, given
 * the work every start does next — the schema migrations and a first read, so the Cypher planner's
 * and Bolt's classes are in it too — and stopped, which writes the archive. Returns false when it
 * was already there.
 */
export async function recordClassArchive(log: (message: string) => void = () => undefined): Promise<boolean> {
  if (await hasClassArchive()) return false;
  const home = mkdtempSync(join(tmpdir(), "dangjian-class-archive-"));
  try {
    log("Recording the local Neo4j's class-data sharing archive (once; later starts are ~3 s faster)…");
    const neo4j = await startLocalNeo4j({ home, boltPort: await freePort(), heap: "512m", pageCache: "64m", recordClassArchive: true, log });
    try {
      const db = Database.connect({ uri: neo4j.uri }, { transactionTimeoutMs: 120_000 });
      try {
        await migrate(db);
        await db.read({ name: "classArchive.firstRead", cypher: "MATCH (n:Entity {code: $code}) RETURN n.name AS name", params: { code: "-" } });
      } finally {
        await db.close();
      }
    } finally {
      await neo4j.stop();
    }
    return hasClassArchive();
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
