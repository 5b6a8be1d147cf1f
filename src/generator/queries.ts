import type { CypherQuery } from "../database/index.js";

/**
 * The generator's own Cypher: what the graph holds after an import, for the CLI's report and the
 * tests. Both counts are answered from Neo4j's count store, in constant time at any scale.
 */

/** Every node and every relationship, whatever the label (docs/SCALE.md reports these). */
export function allCountsQuery(): CypherQuery {
  return {
    name: "generator.allCounts",
    cypher: `
      CALL () { MATCH (n) RETURN count(n) AS nodes }
      CALL () { MATCH ()-[r]->() RETURN count(r) AS relations }
      RETURN nodes, relations`,
  };
}

/** The organisation graph only: entities and the relationships between them (no migration ledger, no audit trail). */
export function entityCountsQuery(): CypherQuery {
  return {
    name: "generator.entityCounts",
    cypher: `
      CALL () { MATCH (n:Entity) RETURN count(n) AS nodes }
      CALL () { MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS relations }
      RETURN nodes, relations`,
  };
}
