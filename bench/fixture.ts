import type { CypherQuery } from "../src/database/index.js";
import { dateParam } from "../src/database/index.js";
import { validAt } from "../src/graph/cypher.js";

/** Rows in one page of the gap list (Q4). */
export const GAP_PAGE = 20;

/** The codes and dates a run works on, discovered from the loaded graph (see fixtureQuery). */
export interface Fixture {
  readonly scope: string;
  readonly asOf: string;
  readonly community: string;
  /** Day before the scope's first merger: coverage across a merger (Q6). */
  readonly beforeMerger: string;
  /** Organisations read by Q3 and Q7, in turn. */
  readonly organisations: readonly string[];
  /** The organisation Q7 writes to, with its formal members before the run. */
  readonly written: { readonly code: string; readonly formalMembers: number };
}

/** Finds the run's fixture in the loaded graph: the first subdistrict by code, and so on. */
export function fixtureQuery(asOf: string): CypherQuery {
  return {
    name: "bench.fixture",
    cypher: `
      MATCH (scope:Place {kind: 'SUBDISTRICT'}) WHERE ${validAt("scope")}
      WITH scope ORDER BY scope.code LIMIT 1
      CALL (scope) {
        MATCH (community:Place {kind: 'COMMUNITY'})-[link:PART_OF]->(scope) WHERE ${validAt("link")} AND ${validAt("community")}
        RETURN community.code AS community ORDER BY community.code LIMIT 1
      }
      CALL (scope) {
        MATCH (event:ChangeEvent {kind: 'MERGER'})-[:RESULTING]->(:Place)-[:PART_OF]->(scope)
        RETURN event.date - duration('P1D') AS beforeMerger ORDER BY event.date LIMIT 1
      }
      CALL (scope) {
        MATCH (o:Organisation)-[at:BUILT_AT]->(:Place)-[:PART_OF*0..3]->(scope)
        WHERE o.kind IN ['BRANCH', 'GENERAL_BRANCH'] AND ${validAt("o")} AND ${validAt("at")}
        WITH DISTINCT o ORDER BY o.code LIMIT 16
        RETURN collect(o.code) AS organisations
      }
      CALL (scope) {
        MATCH (o:Organisation {kind: 'BRANCH'})-[at:BUILT_AT]->(:Place)-[:PART_OF*0..2]->(scope)
        WHERE ${validAt("o")} AND ${validAt("at")} AND coalesce(o.formalMembers, 0) >= 3 AND coalesce(o.formalMembers, 0) <= 5
        RETURN {code: o.code, formalMembers: o.formalMembers} AS written ORDER BY o.code LIMIT 1
      }
      RETURN scope.code AS scope, community, beforeMerger, organisations, written`,
    params: { asOf: dateParam(asOf) },
  };
}
