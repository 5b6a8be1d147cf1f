import type { CypherQuery } from "../database/index.js";
import { dateParam } from "../database/index.js";
import { entityMap, nameAt, validAt } from "../graph/cypher.js";
import { AGREEMENT_COMMUNITIES } from "../graph/rules.js";
import { shapedEntity, type Shape } from "../graph/shape.js";

/** The light reference of an entity (EntityRef): code, its kind label, its name at `$asOf`. */
function entityRef(alias: string): string {
  return `{code: ${alias}.code, label: [label IN labels(${alias}) WHERE NOT label IN ['Entity', 'Person']][0], name: ${nameAt(alias)}}`;
}

/** Which side a link query starts from: one unit (all its communities) or one community (all its units). */
export type LinkAnchor = "unit" | "community";

/** The far side of a link must be valid at `$asOf` too: the community seen from a unit, the unit seen from a community. */
function otherSide(anchor: LinkAnchor): string {
  return anchor === "unit" ? validAt("community") : validAt("u");
}

/**
 * The community-level place `community` that contains `place` at `$asOf`. From a unit, it is the
 * nearest enclosing place of a community kind; from a community, the anchored place itself, so a
 * subdistrict-wide question sees everything inside it.
 */
function communityOf(anchor: LinkAnchor, place: string): string {
  const walk = `MATCH (${place})(()-[inCommunity:PART_OF]->() WHERE ${validAt("inCommunity")}){0,12}(community:Place)`;
  return `${walk} WHERE ${anchor === "unit" ? "community.kind IN $communityKinds AND " : ""}${otherSide(anchor)}`;
}

/** A unit's own organisation at `$asOf` (COVERS mode OWN): the seat holder, helper or organiser. */
const OWN_ORGANISATION = `(u:Unit)<-[own:COVERS]-(o:Organisation) WHERE own.mode = 'OWN' AND ${validAt("own")} AND ${validAt("o")}`;

/**
 * Every way units and communities are linked at `$asOf`, anchored on one unit or one community
 * (`$code`), in ONE statement: a UNION of five link kinds inside one subquery.
 * - COUNCIL_SEAT: the unit's own organisation holds a seat on a council that serves the community
 *   (seat, council and its serves link valid); one link per seat.
 * - CO_BUILDING: a co-building agreement (共駐共建) with the unit as party and the community as the
 *   other side; one link per agreement.
 * - REGISTRATION: in-service members employed by the unit and registered with the community
 *   (雙報到), as a COUNT; no member property leaves the database, only `inService` is tested.
 * - PAIRING: pairings whose helper is the unit's own organisation, counted per community where the
 *   helped beneficiaries live (only the LIVES_IN link and its place are read, never the person).
 * - VOLUNTEER_TEAM: volunteer teams organised by the unit's own organisation, linked to the
 *   community the unit is located in; one link per team.
 * The anchor is matched optionally so an unknown code is told apart from a unit without links.
 * The unit, community and organisation of each link come in `shapes`: what the selection asks for.
 */
/** The shapes (src/graph/shape.ts) a link's unit, community and organisation are read in; `via` (a council, an agreement or a team) is read whole. */
export interface LinkShapes {
  readonly unit: Shape;
  readonly community: Shape;
  readonly organisation: Shape;
}

export const WHOLE_LINKS: LinkShapes = { unit: "all", community: "all", organisation: "all" };

export function linksQuery(anchor: LinkAnchor, code: string, asOf: string, shapes: LinkShapes = WHOLE_LINKS): CypherQuery {
  const anchorMatch =
    anchor === "unit"
      ? `OPTIONAL MATCH (u:Entity:Unit {code: $code}) WHERE ${validAt("u")}`
      : `OPTIONAL MATCH (community:Entity:Place {code: $code}) WHERE ${validAt("community")}`;
  const anchorVariable = anchor === "unit" ? "u" : "community";
  const side = `AND ${otherSide(anchor)}`;
  return {
    name: `linkage.${anchor}Links`,
    cypher: `
      ${anchorMatch}
      OPTIONAL CALL (${anchorVariable}) {
        MATCH ${OWN_ORGANISATION}
        MATCH (o)-[seat:HOLDS_SEAT]->(council:Council)-[serves:SERVES]->(community:Place)
        WHERE ${validAt("seat")} AND ${validAt("council")} AND ${validAt("serves")} ${side}
        RETURN 'COUNCIL_SEAT' AS kind, u AS linkUnit, community AS linkCommunity, o, council AS via, null AS tally,
               seat.validFrom AS validFrom, seat.validTo AS validTo, coalesce(seat.partTime, false) AS partTime, seat.responsibilities AS responsibilities
        UNION ALL
        MATCH (u:Unit)<-[party:PARTY]-(agreement:CoBuildingAgreement)-[with:WITH]->(community:Place)
        WHERE ${validAt("agreement")} AND ${validAt("party")} AND ${validAt("with")} ${side}
        RETURN 'CO_BUILDING' AS kind, u AS linkUnit, community AS linkCommunity, null AS o, agreement AS via, null AS tally,
               agreement.validFrom AS validFrom, agreement.validTo AS validTo, null AS partTime, null AS responsibilities
        UNION ALL
        MATCH (u:Unit)<-[employed:EMPLOYED_BY]-(member:Member)-[registered:REGISTERED_WITH]->(community:Place)
        WHERE member.inService = true AND ${validAt("employed")} AND ${validAt("registered")} ${side}
        WITH u, community, count(DISTINCT member) AS members, min(registered.validFrom) AS since
        RETURN 'REGISTRATION' AS kind, u AS linkUnit, community AS linkCommunity, null AS o, null AS via, members AS tally,
               since AS validFrom, null AS validTo, null AS partTime, null AS responsibilities
        UNION ALL
        MATCH ${OWN_ORGANISATION}
        MATCH (o)<-[helper:HELPER]-(pairing:Pairing)-[helps:HELPS]->(:Beneficiary)-[lives:LIVES_IN]->(home:Place)
        WHERE ${validAt("pairing")} AND ${validAt("helper")} AND ${validAt("helps")} AND ${validAt("lives")}
        ${communityOf(anchor, "home")}
        WITH u, community, o, count(DISTINCT pairing) AS pairings, min(pairing.validFrom) AS since,
             CASE WHEN count(pairing) = count(pairing.validTo) THEN max(pairing.validTo) END AS until
        RETURN 'PAIRING' AS kind, u AS linkUnit, community AS linkCommunity, o, null AS via, pairings AS tally,
               since AS validFrom, until AS validTo, null AS partTime, null AS responsibilities
        UNION ALL
        MATCH ${OWN_ORGANISATION}
        MATCH (o)<-[organised:ORGANISED_BY]-(team:VolunteerTeam), (u)-[located:LOCATED_IN]->(site:Place)
        WHERE ${validAt("organised")} AND ${validAt("team")} AND ${validAt("located")}
        ${communityOf(anchor, "site")}
        RETURN 'VOLUNTEER_TEAM' AS kind, u AS linkUnit, community AS linkCommunity, o, team AS via, null AS tally,
               team.validFrom AS validFrom, team.validTo AS validTo, null AS partTime, null AS responsibilities
      }
      WITH ${anchorVariable} AS anchor, kind, linkUnit, linkCommunity, o, via, tally, validFrom, validTo, partTime, responsibilities
      ORDER BY kind, linkUnit.code, linkCommunity.code, via.code, validFrom
      RETURN anchor IS NOT NULL AS found,
        [link IN collect(CASE WHEN kind IS NULL THEN null ELSE {
          kind: kind, unit: ${shapedEntity("linkUnit", shapes.unit)}, community: ${shapedEntity("linkCommunity", shapes.community)},
          organisation: CASE WHEN o IS NULL THEN null ELSE ${shapedEntity("o", shapes.organisation)} END,
          via: CASE WHEN via IS NULL THEN null ELSE ${entityMap("via")} END,
          count: tally, validFrom: validFrom, validTo: validTo, partTime: partTime, responsibilities: responsibilities
        } END) WHERE link IS NOT NULL] AS links`,
    params: { code, asOf: dateParam(asOf), communityKinds: AGREEMENT_COMMUNITIES },
  };
}

/**
 * A council's composition at `$asOf`: the seats valid then, each with the seat-holding organisation
 * and the unit it is the own organisation of (COVERS mode OWN; the first by code if several), plus
 * the totals — seats, seats held by RESIDENT_UNIT units (駐區單位), part-time seats.
 */
export function councilCompositionQuery(code: string, asOf: string): CypherQuery {
  return {
    name: "linkage.councilComposition",
    cypher: `
      OPTIONAL MATCH (council:Entity:Council {code: $code}) WHERE ${validAt("council")}
      OPTIONAL CALL (council) {
        MATCH (council)<-[seat:HOLDS_SEAT]-(o:Organisation)
        WHERE ${validAt("seat")} AND ${validAt("o")}
        OPTIONAL CALL (o) {
          MATCH (o)-[own:COVERS]->(unit:Unit) WHERE own.mode = 'OWN' AND ${validAt("own")} AND ${validAt("unit")}
          RETURN unit ORDER BY unit.code LIMIT 1
        }
        RETURN seat, o, unit
      }
      WITH council, seat, o, unit ORDER BY o.code, seat.validFrom
      WITH council, collect(CASE WHEN seat IS NULL THEN null ELSE {
          organisation: ${entityMap("o")}, unit: CASE WHEN unit IS NULL THEN null ELSE ${entityMap("unit")} END,
          responsibilities: seat.responsibilities, partTime: coalesce(seat.partTime, false), validFrom: seat.validFrom, validTo: seat.validTo
        } END) AS seats,
        count(seat) AS total, count(CASE WHEN unit.kind = 'RESIDENT_UNIT' THEN seat END) AS residentUnitSeats,
        count(CASE WHEN seat.partTime THEN seat END) AS partTimeSeats
      RETURN council IS NOT NULL AS found,
        CASE WHEN council IS NULL THEN null ELSE ${entityMap("council")} END AS council,
        [(council)-[serves:SERVES]->(place:Place) WHERE ${validAt("serves")} | ${entityMap("place")}][0] AS serves,
        [(council)-[convened:CONVENED_BY]->(convener:Organisation) WHERE ${validAt("convened")} | ${entityMap("convener")}][0] AS convenedBy,
        seats, total, residentUnitSeats, partTimeSeats`,
    params: { code, asOf: dateParam(asOf) },
  };
}

/**
 * The shortest path between two entities over relations valid at `$asOf`, through entities valid
 * then, of at most `maxHops` relations, in either direction. Undated relations (change-event
 * lineage) are not walked. `$persons` false keeps every :Person node (members, beneficiaries) off
 * the path. `maxHops` is a validated integer from 1 to 6 written into the quantifier, which Cypher
 * does not accept as a parameter.
 */
export function shortestConnectionQuery(from: string, to: string, maxHops: number, asOf: string, persons: boolean): CypherQuery {
  if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > 6) throw new Error(`maxHops out of range: ${maxHops}`);
  return {
    name: "linkage.shortestConnection",
    cypher: `
      OPTIONAL MATCH (a:Entity {code: $from}) WHERE ${validAt("a")}
      OPTIONAL MATCH (b:Entity {code: $to}) WHERE ${validAt("b")}
      OPTIONAL CALL (a, b) {
        MATCH path = SHORTEST 1 (a)(()-[r]-(y:Entity) WHERE ${validAt("r")} AND ${validAt("y")} AND ($persons OR NOT y:Person)){1,${maxHops}}(b)
        WHERE a <> b
        RETURN [n IN nodes(path) | ${entityRef("n")}] AS entities,
               [i IN range(0, length(path) - 1) | {
                 type: type(relationships(path)[i]),
                 forward: startNode(relationships(path)[i]) = nodes(path)[i],
                 validFrom: relationships(path)[i].validFrom, validTo: relationships(path)[i].validTo
               }] AS relations
      }
      RETURN CASE WHEN a IS NULL THEN null ELSE ${entityRef("a")} END AS fromRef,
             CASE WHEN b IS NULL THEN null ELSE ${entityRef("b")} END AS toRef,
             coalesce(a:Person, false) AS fromPerson, coalesce(b:Person, false) AS toPerson,
             entities, relations`,
    params: { from, to, asOf: dateParam(asOf), persons },
  };
}
