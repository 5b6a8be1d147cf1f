import type { CypherQuery } from "../database/index.js";
import { dateParam } from "../database/index.js";
import { entityMap, validAt } from "../graph/cypher.js";
import { shapedEntity, type Shape } from "../graph/shape.js";
import { COMMUNITY_LEVEL_PLACES } from "../graph/rules.js";
import type { OrganisationKind, PlaceKind } from "../graph/vocabulary.js";

/**
 * The coverage rules (docs/ANALYTICS.md), as Cypher fragments over a place `p` at `$asOf`:
 * - a compound is covered when a BRANCH valid then is built at the compound itself or at a
 *   courtyard or building inside it (黨支部建在小區, or 在具備條件的樓幢或院落);
 * - a building is covered when a GROUP valid then is built at it (黨小組建在樓幢);
 * - a community-level place (community, or before the merger a village committee or the old
 *   town) is covered when a territorial GENERAL_BRANCH or COMMUNITY_COMMITTEE is built at it.
 */
const compoundHasBranch = (at = "$asOf") => `EXISTS {
  MATCH (q:Place)(()-[inner:PART_OF]->() WHERE ${validAt("inner", at)}){0,3}(p)
  MATCH (q)<-[x:BUILT_AT]-(o:Organisation)
  WHERE o.kind = 'BRANCH' AND ${validAt("x", at)} AND ${validAt("o", at)}
}`;

const buildingHasGroup = (at = "$asOf") => `EXISTS {
  MATCH (p)<-[x:BUILT_AT]-(o:Organisation)
  WHERE o.kind = 'GROUP' AND ${validAt("x", at)} AND ${validAt("o", at)}
}`;

const communityHasOrganisation = (at = "$asOf") => `EXISTS {
  MATCH (p)<-[x:BUILT_AT]-(o:Organisation)
  WHERE o.kind IN ['GENERAL_BRANCH', 'COMMUNITY_COMMITTEE'] AND coalesce(o.form, 'TERRITORIAL') = 'TERRITORIAL'
    AND ${validAt("x", at)} AND ${validAt("o", at)}
}`;

const COMPOUND_HAS_BRANCH = compoundHasBranch();
const BUILDING_HAS_GROUP = buildingHasGroup();

/** The community level (rules.ts): the places the community rate counts. */
export const COMMUNITY_LEVEL_KINDS: readonly PlaceKind[] = COMMUNITY_LEVEL_PLACES;

/** Flags of one place `p` at `at`: what it counts as and whether it is covered. */
const placeFlags = (at = "$asOf") => `
  p.kind = 'COMPOUND' AS isCompound,
  p.kind = 'BUILDING' AS isBuilding,
  p.kind IN $communityKinds AS isCommunity,
  CASE WHEN p.kind = 'COMPOUND' THEN ${compoundHasBranch(at)} ELSE false END AS compoundCovered,
  CASE WHEN p.kind = 'BUILDING' THEN ${buildingHasGroup(at)} ELSE false END AS buildingCovered,
  CASE WHEN p.kind IN $communityKinds THEN ${communityHasOrganisation(at)} ELSE false END AS communityCovered`;

const PLACE_FLAGS = placeFlags();

const SUMS = `
  sum(CASE WHEN isCompound THEN 1 ELSE 0 END) AS compounds,
  sum(CASE WHEN compoundCovered THEN 1 ELSE 0 END) AS compoundsCovered,
  sum(CASE WHEN isBuilding THEN 1 ELSE 0 END) AS buildings,
  sum(CASE WHEN buildingCovered THEN 1 ELSE 0 END) AS buildingsCovered,
  sum(CASE WHEN isCommunity THEN 1 ELSE 0 END) AS communities,
  sum(CASE WHEN communityCovered THEN 1 ELSE 0 END) AS communitiesCovered`;

/**
 * Territorial coverage of a scope at $asOf in ONE statement: a row per direct child of the scope
 * (counting the child and everything inside it) and the scope's own flags. Returns no row when
 * the scope does not exist then.
 */
export function coverageByChild(scope: string, asOf: string): CypherQuery {
  return {
    name: "coverage.byChild",
    cypher: `
      MATCH (scope:Place {code: $scope})
      WHERE ${validAt("scope")}
      CALL (scope) {
        MATCH (child:Place)-[top:PART_OF]->(scope)
        WHERE ${validAt("top")} AND ${validAt("child")}
        CALL (child) {
          MATCH (p:Place)(()-[r:PART_OF]->() WHERE ${validAt("r")}){0,11}(child)
          WHERE p.kind IN ['COMPOUND', 'BUILDING'] + $communityKinds
          WITH p, ${PLACE_FLAGS}
          RETURN ${SUMS}
        }
        RETURN collect({place: ${entityMap("child")}, compounds: compounds, compoundsCovered: compoundsCovered,
                        buildings: buildings, buildingsCovered: buildingsCovered,
                        communities: communities, communitiesCovered: communitiesCovered}) AS children
      }
      WITH scope, children, scope AS p
      WITH scope, children, ${PLACE_FLAGS}
      RETURN ${entityMap("scope")} AS scope, children,
             {compounds: CASE WHEN isCompound THEN 1 ELSE 0 END, compoundsCovered: CASE WHEN compoundCovered THEN 1 ELSE 0 END,
              buildings: CASE WHEN isBuilding THEN 1 ELSE 0 END, buildingsCovered: CASE WHEN buildingCovered THEN 1 ELSE 0 END,
              communities: CASE WHEN isCommunity THEN 1 ELSE 0 END, communitiesCovered: CASE WHEN communityCovered THEN 1 ELSE 0 END} AS self`,
    params: { scope, asOf: dateParam(asOf), communityKinds: COMMUNITY_LEVEL_KINDS },
  };
}

/** The six counts of `scope`'s subtree at `at` (every counted place with a chain of valid part-of links up to it). */
const liveSubtree = (at: string) => `
  MATCH (p:Place)(()-[r:PART_OF]->() WHERE ${validAt("r", at)}){0,12}(scope)
  WHERE p.kind IN ['COMPOUND', 'BUILDING'] + $communityKinds
  WITH DISTINCT p
  WITH p, ${placeFlags(at)}
  RETURN ${SUMS}`;

const COUNTS = "compounds, compoundsCovered, buildings, buildingsCovered, communities, communitiesCovered";

/**
 * Totals of the scope at each of `$dates` in ONE statement, walking the subtree at each date by the
 * same rules as coverageByChild: a row per date with `exists` (the scope is valid then) and the
 * six counts (zero when it is not). The roll-ups' reference (test/coverage/rollups.test.ts).
 */
export function coverageSeriesLive(scope: string, dates: readonly string[]): CypherQuery {
  return {
    name: "coverage.seriesLive",
    cypher: `
      MATCH (scope:Place {code: $scope})
      UNWIND $dates AS at
      CALL (scope, at) {
        WITH scope, at WHERE ${validAt("scope", "at")}
        ${liveSubtree("at")}
      }
      RETURN at, ${validAt("scope", "at")} AS exists, ${COUNTS}
      ORDER BY at`,
    params: { scope, dates: dates.map(dateParam), communityKinds: COMMUNITY_LEVEL_KINDS },
  };
}

/** The counts of every place valid at $asOf, each walking its own subtree: the roll-ups' reference over a whole graph. */
export function coverageLiveEveryPlace(asOf: string): CypherQuery {
  return {
    name: "coverage.liveEveryPlace",
    cypher: `
      MATCH (scope:Place) WHERE ${validAt("scope")}
      CALL (scope) { ${liveSubtree("$asOf")} }
      RETURN scope.code AS place, ${COUNTS}
      ORDER BY place`,
    params: { asOf: dateParam(asOf), communityKinds: COMMUNITY_LEVEL_KINDS },
  };
}

export type GapKind = "COMPOUND" | "BUILDING";

/**
 * Who is expected to close a gap, by kind and level (docs/ANALYTICS.md), never by code. The tiers,
 * first match wins:
 * 0. for a building: its compound's BRANCH, wherever inside the compound it is built (at the
 *    compound, or at a courtyard or building in it) — the branch that covers the compound;
 * 1. a community-level organisation (`COMMUNITY_LEVEL_ORGANISATION_KINDS`) built on the gap's place
 *    chain — normally the community's, but one built at the compound itself is nearer;
 * 2. the WORKING_COMMITTEE built on the chain; 3. the DISTRICT_COMMITTEE.
 * Only territorial organisations (`form: TERRITORIAL`) are responsible.
 */
export const RESPONSIBLE_TIERS: readonly (readonly OrganisationKind[])[] = [
  ["BRANCH"],
  ["GENERAL_BRANCH", "COMMUNITY_COMMITTEE"],
  ["WORKING_COMMITTEE"],
  ["DISTRICT_COMMITTEE"],
];

/**
 * The responsible organisation `o` of the gap place `p` at $asOf (null when there is none).
 * Within a tier: the nearest place up the chain; for the compound's branch, one built at the
 * compound itself, then one built at a courtyard containing the building, then elsewhere in the
 * compound; then the kind's order in its tier (a general branch before a community committee at
 * the same place); only candidates equal in all of these fall back to the longest standing
 * (earliest validFrom) and, last, the code.
 */
const RESPONSIBLE = `
      OPTIONAL CALL (p) {
        MATCH chain = (p)(()-[y:PART_OF]->() WHERE ${validAt("y")}){0,8}(a:Place)
        WITH p, a, length(chain) AS distance
        CALL (p, a, distance) {
          WITH p, a, distance WHERE $gapKind = 'BUILDING' AND a.kind = 'COMPOUND'
          MATCH (q:Place)(()-[inner:PART_OF]->() WHERE ${validAt("inner")}){0,3}(a)
          MATCH (q)<-[x:BUILT_AT]-(o:Organisation)
          WHERE o.kind = 'BRANCH' AND ${validAt("x")} AND ${validAt("o")} AND coalesce(o.form, 'TERRITORIAL') = 'TERRITORIAL'
          RETURN o, 0 AS tier, 0 AS rank,
                 CASE WHEN q = a THEN 0 WHEN EXISTS { MATCH (p)(()-[z:PART_OF]->() WHERE ${validAt("z")}){0,3}(q) } THEN 1 ELSE 2 END AS inside
          UNION
          MATCH (a)<-[x:BUILT_AT]-(o:Organisation)
          WHERE ${validAt("x")} AND ${validAt("o")} AND coalesce(o.form, 'TERRITORIAL') = 'TERRITORIAL'
          WITH o, [t IN range(1, size($tiers) - 1) WHERE o.kind IN $tiers[t]][0] AS tier
          WHERE tier IS NOT NULL
          RETURN o, tier, [k IN range(0, size($tiers[tier]) - 1) WHERE $tiers[tier][k] = o.kind][0] AS rank, 0 AS inside
        }
        RETURN o ORDER BY tier, distance, inside, rank, o.validFrom, o.code LIMIT 1
      }`;

const GAP_FILTER: Record<GapKind, string> = {
  COMPOUND: `p.kind = 'COMPOUND' AND NOT ${COMPOUND_HAS_BRANCH}`,
  BUILDING: `p.kind = 'BUILDING' AND NOT ${BUILDING_HAS_GROUP}`,
};

/** How a gap page reads the entities of each gap: whole (exports), or as a GraphQL selection asks. */
export interface GapShapes {
  readonly place: Shape;
  readonly parent: Shape;
  readonly responsible: Shape;
}
export const WHOLE_GAPS: GapShapes = { place: "all", parent: "all", responsible: "all" };

const GAPS_IN_SCOPE = (kind: GapKind) => `
  MATCH (scope:Place {code: $scope})
  WHERE ${validAt("scope")}
  MATCH (p:Place)(()-[r:PART_OF]->() WHERE ${validAt("r")}){0,12}(scope)
  WHERE ${validAt("p")} AND ${GAP_FILTER[kind]}`;

/**
 * One page of gaps (compounds without a branch, or buildings without a group) in the scope at
 * $asOf, ordered by code, each with its parent and the organisation responsible for it
 * (`RESPONSIBLE`), and on every row the `total` of gaps in the scope. The walk that finds the gaps
 * is the costly part and a page needs all of them to order them, so the count comes from the same
 * walk instead of a second statement walking the subtree again (issue 13: the benchmark's gap list
 * was two walks). A page with no gap is one row with `place` null, so the total still arrives.
 * The entities come in `shapes` (src/graph/shape.ts), what the request selects of each.
 */
export function gapPage(kind: GapKind, scope: string, asOf: string, after: string | null, limit: number, shapes: GapShapes = WHOLE_GAPS): CypherQuery {
  return {
    name: `coverage.gaps.${kind}`,
    cypher: `
      ${GAPS_IN_SCOPE(kind)}
      WITH DISTINCT p ORDER BY p.code
      WITH collect(p) AS gaps
      WITH size(gaps) AS total, [gap IN gaps WHERE $after IS NULL OR gap.code > $after][..$limit] AS page
      UNWIND CASE WHEN page = [] THEN [null] ELSE page END AS p
      OPTIONAL CALL (p) {
        MATCH (p)-[up:PART_OF]->(parent:Place) WHERE ${validAt("up")}
        RETURN parent LIMIT 1
      }
${RESPONSIBLE}
      RETURN total,
             CASE WHEN p IS NULL THEN null ELSE ${shapedEntity("p", shapes.place)} END AS place,
             CASE WHEN parent IS NULL THEN null ELSE ${shapedEntity("parent", shapes.parent)} END AS parent,
             CASE WHEN o IS NULL THEN null ELSE ${shapedEntity("o", shapes.responsible)} END AS responsible
      ORDER BY p.code`,
    params: { scope, asOf: dateParam(asOf), after, limit, gapKind: kind, tiers: RESPONSIBLE_TIERS },
  };
}

export function gapCount(kind: GapKind, scope: string, asOf: string): CypherQuery {
  return {
    name: `coverage.gapCount.${kind}`,
    cypher: `${GAPS_IN_SCOPE(kind)} RETURN count(DISTINCT p) AS total`,
    params: { scope, asOf: dateParam(asOf) },
  };
}

const NEW_ORGANISATION_KINDS = ["NEW_ECONOMIC_ORGANISATION", "NEW_SOCIAL_ORGANISATION"];

/** New economic and social organisations located in the scope at $asOf and operating. */
const NEW_ORGANISATIONS_IN_SCOPE = `
  MATCH (scope:Place {code: $scope})
  WHERE ${validAt("scope")}
  MATCH (p:Place)(()-[r:PART_OF]->() WHERE ${validAt("r")}){0,12}(scope)
  MATCH (u:Unit)-[l:LOCATED_IN]->(p)
  WHERE ${validAt("l")} AND ${validAt("u")} AND u.kind IN $unitKinds AND coalesce(u.operating, true)
  WITH DISTINCT u`;

const HAS_ANY_COVER = `EXISTS { MATCH (u)<-[c:COVERS]-(o:Organisation) WHERE ${validAt("c")} AND ${validAt("o")} }`;
const HAS_OWN_COVER = `EXISTS { MATCH (u)<-[c:COVERS]-(o:Organisation) WHERE c.mode = 'OWN' AND ${validAt("c")} AND ${validAt("o")} }`;
const HAS_WORK_COVER = `EXISTS { MATCH (u)-[w:WORK_COVERED_BY]->(o:Organisation) WHERE ${validAt("w")} AND ${validAt("o")} }`;

/**
 * Coverage of new economic and social organisations (兩新組織) by kind, in ONE statement:
 * organisational (own, joint or regional), own organisation, and work coverage (an organisation,
 * or at least a party-building instructor or liaison).
 */
export function newOrganisationCoverage(scope: string, asOf: string): CypherQuery {
  return {
    name: "coverage.newOrganisations",
    cypher: `
      ${NEW_ORGANISATIONS_IN_SCOPE}
      WITH u, ${HAS_ANY_COVER} AS covered, ${HAS_OWN_COVER} AS own, ${HAS_WORK_COVER} AS worked
      RETURN u.kind AS kind, count(u) AS units,
             sum(CASE WHEN covered THEN 1 ELSE 0 END) AS covered,
             sum(CASE WHEN own THEN 1 ELSE 0 END) AS own,
             sum(CASE WHEN covered OR worked THEN 1 ELSE 0 END) AS workCovered
      ORDER BY kind`,
    params: { scope, asOf: dateParam(asOf), unitKinds: NEW_ORGANISATION_KINDS },
  };
}

const WITHOUT_OWN = `u.formalPartyMembers >= $threshold AND NOT ${HAS_OWN_COVER}`;

/** Units with 3+ formal members and no organisation of their own (they should found one). */
export function withoutOwnOrganisationPage(scope: string, asOf: string, threshold: number, after: string | null, limit: number): CypherQuery {
  return {
    name: "coverage.withoutOwnOrganisation",
    cypher: `
      ${NEW_ORGANISATIONS_IN_SCOPE}
      WHERE ${WITHOUT_OWN} AND ($after IS NULL OR u.code > $after)
      RETURN ${entityMap("u")} AS entity
      ORDER BY u.code
      LIMIT $limit`,
    params: { scope, asOf: dateParam(asOf), unitKinds: NEW_ORGANISATION_KINDS, threshold, after, limit },
  };
}

export function withoutOwnOrganisationCount(scope: string, asOf: string, threshold: number): CypherQuery {
  return {
    name: "coverage.withoutOwnOrganisationCount",
    cypher: `${NEW_ORGANISATIONS_IN_SCOPE} WHERE ${WITHOUT_OWN} RETURN count(u) AS total`,
    params: { scope, asOf: dateParam(asOf), unitKinds: NEW_ORGANISATION_KINDS, threshold },
  };
}
