import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "../../src/database/index.js";

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
export const VALID = join(FIXTURES, "valid");

/** A copy of a fixture seed in a temporary folder, with text edits applied per file. */
export function copySeed(source: string, edits: Record<string, (text: string) => string> = {}): string {
  const folder = mkdtempSync(join(tmpdir(), "dangjian-seed-"));
  cpSync(source, folder, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(folder, file);
    const before = readFileSync(path, "utf8");
    const after = edit(before);
    if (after === before) throw new Error(`edit of ${file} changed nothing`);
    writeFileSync(path, after);
  }
  return folder;
}

/**
 * The graph by codes instead of internal ids: equal for two graphs holding the same entities and
 * relations, even when they were created separately (different UUIDs and element ids).
 */
export async function canonicalGraph(db: Database): Promise<string> {
  const rows = await db.read({
    name: "test.canonicalGraph",
    cypher: `
      MATCH (n:Entity)
      OPTIONAL MATCH (n)-[r]->(m)
      WITH n, collect(CASE WHEN r IS NULL THEN null ELSE [type(r), m.code, properties(r)] END) AS out
      RETURN n.code AS code, labels(n) AS labels, properties(n) AS properties, out
      ORDER BY code`,
  });
  return JSON.stringify(
    rows.map((row) => {
      const { id: _id, ...properties } = row.properties as Record<string, unknown>;
      const sorted = Object.fromEntries(Object.entries(properties).sort(([a], [b]) => a.localeCompare(b)));
      const out = (row.out as unknown[][]).map((relation) => JSON.stringify([relation[0], relation[1], Object.entries(relation[2] as object).sort()])).sort();
      return [row.code, [...(row.labels as string[])].sort(), sorted, out];
    }),
  );
}

export async function countEntities(db: Database): Promise<number> {
  const [row] = await db.read({ name: "test.countEntities", cypher: "MATCH (n:Entity) RETURN count(n) AS n" });
  return row!.n as number;
}
