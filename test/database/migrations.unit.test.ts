import { describe, expect, it } from "vitest";
import { indexesDroppedLater, type Migration } from "../../src/database/migrations.js";

/** The migrations' look-ahead: only an index a later pending statement drops (IF EXISTS) is left out. */
function pending(...files: string[][]): Migration[] {
  return files.map((statements, at) => ({ version: at + 1, name: `m${at + 1}`, file: `000${at + 1}_m.cypher`, statements, checksum: "" }));
}

describe("indexes dropped later", () => {
  it("leaves out a create that a later drop undoes, in the same or a later migration", () => {
    const skipped = indexesDroppedLater(
      pending(
        ["CREATE CONSTRAINT c IF NOT EXISTS FOR (n:A) REQUIRE n.id IS UNIQUE", "CREATE TEXT INDEX gone IF NOT EXISTS FOR (n:A) ON (n.name)", "CREATE INDEX kept IF NOT EXISTS FOR (n:A) ON (n.kind)"],
        ["MATCH (n:A) SET n.kind = 'x'", "DROP INDEX gone IF EXISTS", "CREATE INDEX soon_gone FOR (n:B) ON (n.k)", "drop index soon_gone if exists"],
      ),
    );
    expect([...skipped].sort()).toEqual(["1:2", "2:3"]);
  });

  it("keeps a create after the drop, a drop that may fail, unnamed indexes and constraints", () => {
    const skipped = indexesDroppedLater(
      pending(
        ["DROP INDEX again IF EXISTS", "CREATE INDEX again IF NOT EXISTS FOR (n:A) ON (n.k)"],
        ["CREATE INDEX strict FOR (n:A) ON (n.s)", "DROP INDEX strict"],
        ["CREATE INDEX IF NOT EXISTS FOR (n:A) ON (n.u)", "CREATE INDEX FOR (n:A) ON (n.v)", "DROP INDEX IF IF EXISTS", "DROP INDEX FOR IF EXISTS"],
        ["CREATE CONSTRAINT unique_k FOR (n:A) REQUIRE n.k IS UNIQUE", "DROP INDEX unique_k IF EXISTS"],
      ),
    );
    expect([...skipped]).toEqual([]);
  });

  it("pairs a create with the last drop after it when the name comes back in between", () => {
    const skipped = indexesDroppedLater(pending(["CREATE INDEX x FOR (n:A) ON (n.k)", "DROP INDEX x IF EXISTS", "CREATE INDEX x FOR (n:A) ON (n.j)"], ["DROP INDEX x IF EXISTS"]));
    expect([...skipped].sort()).toEqual(["1:1", "1:3"]);
  });
});
