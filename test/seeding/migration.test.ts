import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/database/index.js";
import { connectTestDatabase } from "../support/graph.js";

/** schema/migrations/0002_entities.cypher: every lookup key of the seed tools and the API is indexed. */
describe("migration 0002: entity constraints and indexes", () => {
  let db: Database;
  beforeAll(() => {
    db = connectTestDatabase();
  });
  afterAll(() => db.close());

  it("creates the uniqueness constraints on id and code", async () => {
    const rows = await db.read({
      name: "test.constraints",
      cypher: "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties WHERE name STARTS WITH 'entity_' RETURN name, type, labelsOrTypes, properties ORDER BY name",
    });
    expect(rows).toEqual([
      { name: "entity_code", type: "UNIQUENESS", labelsOrTypes: ["Entity"], properties: ["code"] },
      { name: "entity_id", type: "UNIQUENESS", labelsOrTypes: ["Entity"], properties: ["id"] },
    ]);
  });

  it("creates the range indexes, online (0013 and 0014 drop the indexes no statement read)", async () => {
    const rows = await db.read({
      name: "test.indexes",
      cypher: "SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, state RETURN name, type, entityType, labelsOrTypes, properties, state ORDER BY name",
    });
    const byName = new Map(rows.map((row) => [row.name as string, row]));
    const expected: [string, string, string, string, string][] = [
      ["place_kind", "RANGE", "NODE", "Place", "kind"],
      ["organisation_kind", "RANGE", "NODE", "Organisation", "kind"],
      ["unit_kind", "RANGE", "NODE", "Unit", "kind"],
      ["entity_valid_to", "RANGE", "NODE", "Entity", "validTo"],
      ["part_of_valid_from", "RANGE", "RELATIONSHIP", "PART_OF", "validFrom"],
      ["built_at_valid_from", "RANGE", "RELATIONSHIP", "BUILT_AT", "validFrom"],
      ["led_by_valid_from", "RANGE", "RELATIONSHIP", "LED_BY", "validFrom"],
      ["covers_valid_from", "RANGE", "RELATIONSHIP", "COVERS", "validFrom"],
      ["located_in_valid_from", "RANGE", "RELATIONSHIP", "LOCATED_IN", "validFrom"],
      ["member_of_valid_from", "RANGE", "RELATIONSHIP", "MEMBER_OF", "validFrom"],
      ["holds_seat_valid_from", "RANGE", "RELATIONSHIP", "HOLDS_SEAT", "validFrom"],
      // The constraints' own indexes.
      ["entity_id", "RANGE", "NODE", "Entity", "id"],
      ["entity_code", "RANGE", "NODE", "Entity", "code"],
    ];
    for (const [name, type, entityType, label, property] of expected) {
      expect(byName.get(name), name).toEqual({ name, type, entityType, labelsOrTypes: [label], properties: [property], state: "ONLINE" });
    }
    for (const dropped of ["entity_name_text", "entity_valid_from", "member_status", "resides_in_valid_from", "employed_by_valid_from"]) expect(byName.has(dropped), dropped).toBe(false);
  });
});
