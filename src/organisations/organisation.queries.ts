import type { CypherQuery } from "../database/index.js";
import { dateParam } from "../database/index.js";
import { entityMap, insidePlace, nameContains, validAt } from "../graph/cypher.js";
import { entityCount, entityPage, type ListFilter } from "../graph/entity.queries.js";
import type { LeadershipLine, OrganisationForm, OrganisationKind } from "../graph/vocabulary.js";
import { aliveFromCypher } from "../temporal/index.js";

export interface OrganisationFilter extends ListFilter {
  readonly asOf: string;
  readonly kinds: readonly OrganisationKind[] | null;
  readonly forms: readonly OrganisationForm[] | null;
  readonly within: string | null;
  readonly nameContains: string | null;
}

/** An organisation `e` valid at $asOf, of the asked kinds and forms, built (then) at $within or a place inside it, named so then. */
const ORGANISATION_FILTER = `
  ${validAt("e")}
  AND ($kinds IS NULL OR e.kind IN $kinds)
  AND ($forms IS NULL OR e.form IN $forms)
  AND ${nameContains("e")}
  AND ($within IS NULL OR EXISTS {
    MATCH (e)-[b:BUILT_AT]->(p:Place)
    WHERE ${validAt("b")} AND ${insidePlace("p")}
  })`;

export function organisationPage(filter: OrganisationFilter, after: string | null, limit: number): CypherQuery {
  return entityPage("organisations.page", "Organisation", ORGANISATION_FILTER, filter, after, limit);
}

export function organisationCount(filter: OrganisationFilter): CypherQuery {
  return entityCount("organisations.count", "Organisation", ORGANISATION_FILTER, filter);
}

/**
 * The chain of leaders on one line from each organisation up to one that has no leader on that
 * line at $asOf, nearest first (the organisation itself excluded). One row per organisation.
 */
export function leadershipChains(ids: readonly string[], line: LeadershipLine, asOf: string): CypherQuery {
  return {
    name: "organisations.leadershipChains",
    cypher: `
      UNWIND $ids AS id
      MATCH (o:Organisation {id: id})
      OPTIONAL MATCH path = (o)(()-[r:LED_BY]->() WHERE r.line = $line AND ${validAt("r")}){1,16}(top:Organisation)
      WHERE NOT EXISTS { MATCH (top)-[up:LED_BY]->() WHERE up.line = $line AND ${validAt("up")} }
      RETURN id AS key, CASE WHEN path IS NULL THEN [] ELSE [n IN nodes(path)[1..] | ${entityMap("n")}] END AS chain`,
    params: { ids, line, asOf: dateParam(asOf) },
  };
}

/**
 * For each place the organisation is built at on $asOf: the leader's places that contain it
 * (itself or an ancestor). An empty `containing` list with a non-empty `leaderPlaces` is a
 * misaligned leadership.
 */
export function placeAlignment(organisation: string, leader: string, asOf: string): CypherQuery {
  return {
    name: "organisations.placeAlignment",
    cypher: `
      MATCH (o:Organisation {code: $organisation})-[b:BUILT_AT]->(op:Place)
      WHERE ${validAt("b")}
      OPTIONAL MATCH (:Organisation {code: $leader})-[lb:BUILT_AT]->(lp:Place)
      WHERE ${validAt("lb")}
      WITH op, collect(lp) AS leaderPlaces
      RETURN op.code AS place,
             [lp IN leaderPlaces | lp.code] AS leaderPlaces,
             [lp IN leaderPlaces WHERE lp = op OR EXISTS { MATCH (op)(()-[r:PART_OF]->() WHERE ${validAt("r")}){1,12}(lp) } | lp.code] AS containing`,
    params: { organisation, leader, asOf: dateParam(asOf) },
  };
}

/** Organisations led by this one on or after $date. */
export function activeSubordinates(code: string, date: string): CypherQuery {
  return {
    name: "organisations.activeSubordinates",
    cypher: `
      MATCH (o:Organisation {code: $code})<-[r:LED_BY]-(sub:Organisation)
      WHERE ${aliveFromCypher("r")}
      RETURN collect(DISTINCT sub.code) AS codes`,
    params: { code, date: dateParam(date) },
  };
}

/** The organisation's territorial leader(s) on $date. */
export function territorialLeaderAt(code: string, date: string): CypherQuery {
  return {
    name: "organisations.territorialLeaderAt",
    cypher: `
      MATCH (:Organisation {code: $code})-[r:LED_BY]->(l:Organisation)
      WHERE r.line = 'TERRITORIAL' AND ${validAt("r", "$date")}
      RETURN l.code AS code`,
    params: { code, date: dateParam(date) },
  };
}
