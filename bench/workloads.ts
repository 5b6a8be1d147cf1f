import { coverageByChild, gapPage } from "../src/coverage/coverage.queries.js";
import type { CypherQuery, Row } from "../src/database/index.js";
import { dateParam } from "../src/database/index.js";
import { nameAt, validAt } from "../src/graph/cypher.js";
import { linksQuery } from "../src/linkage/linkage.queries.js";
import { GAP_PAGE, type Fixture } from "./fixture.js";
import { analyticRequest } from "./neo4j-graphql.js";

/**
 * The seven workloads of `npm run bench`, each written three ways: a GraphQL request to the hub, a
 * GraphQL request to @neo4j/graphql with the type definitions of ./neo4j-graphql.ts, and the
 * hand-written Cypher a developer would send through the driver (the floor). Every form ends in
 * one canonical answer, so the benchmark checks that the three agree before it times anything.
 */

export interface GraphqlRequest {
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

/** One raw-Cypher request: the statements of one transaction. */
export interface RawRequest {
  readonly mode: "READ" | "WRITE";
  readonly statements: readonly CypherQuery[];
}

/** The i-th request of a workload, in the three forms, and how each form's answer is canonicalised. */
export interface WorkloadRequest {
  readonly hub: GraphqlRequest;
  readonly neo4jGraphql: GraphqlRequest | null;
  readonly raw: RawRequest;
  canonical: {
    hub(data: unknown): unknown;
    neo4jGraphql(data: unknown): unknown;
    raw(results: readonly Row[][]): unknown;
  };
}

export interface Workload {
  readonly id: string;
  readonly title: string;
  /** True when requests change the graph (run last, restored after). */
  readonly writes: boolean;
  request(fixture: Fixture, index: number): WorkloadRequest;
}

type Json = Record<string, unknown>;
const list = (value: unknown): Json[] => (value as Json[] | null | undefined) ?? [];
const edges = (connection: unknown): Json[] => list((connection as Json).edges).map((edge) => edge.node as Json);
const first = (value: unknown): Json => (list(value)[0] ?? {}) as Json;

/** The "valid at $asOf" filter of a @neo4j/graphql connection, on the link and on the node. */
const VALID_EDGE = `validFrom: { lte: $asOf }, OR: [{ validTo: { eq: null } }, { validTo: { gt: $asOf } }]`;
const VALID_NODE = VALID_EDGE;

// ---------------------------------------------------------------------------------------------
// Q1: nested hierarchy, communities → compounds → buildings → group → leader

interface Q1Community {
  code: string;
  name: string;
  compounds: { code: string; name: string; buildings: { code: string; name: string; groups: { code: string; name: string; leader: { code: string; name: string } | null }[] }[] }[];
}

const Q1_HUB = `query Q1($scope: String!, $asOf: LocalDate) {
  place(code: $scope, asOf: $asOf) {
    children(kinds: [COMMUNITY]) { code name
      children(kinds: [COMPOUND]) { code name
        children(kinds: [BUILDING]) { code name
          organisations(kinds: [GROUP]) { code name leader { code name } } } } } } }`;

const Q1_NEO4J_GRAPHQL = `query Q1($scope: String!, $asOf: Date!) {
  places(where: { code: { eq: $scope } }) {
    childrenConnection(where: { edge: { ${VALID_EDGE} }, node: { kind: { eq: "COMMUNITY" }, ${VALID_NODE} } }, sort: [{ node: { code: ASC } }]) { edges { node { code name
      childrenConnection(where: { edge: { ${VALID_EDGE} }, node: { kind: { eq: "COMPOUND" }, ${VALID_NODE} } }, sort: [{ node: { code: ASC } }]) { edges { node { code name
        childrenConnection(where: { edge: { ${VALID_EDGE} }, node: { kind: { eq: "BUILDING" }, ${VALID_NODE} } }, sort: [{ node: { code: ASC } }]) { edges { node { code name
          organisationsConnection(where: { edge: { ${VALID_EDGE} }, node: { kind: { eq: "GROUP" }, ${VALID_NODE} } }, sort: [{ node: { code: ASC } }]) { edges { node { code name
            leadersConnection(where: { edge: { line: { eq: "TERRITORIAL" }, ${VALID_EDGE} }, node: { ${VALID_NODE} } }, sort: [{ node: { code: ASC } }], first: 1) { edges { node { code name } } }
          } } }
        } } }
      } } }
    } } } } }`;

/** One statement: the whole tree, each level a subquery collecting its children in code order. */
function q1Raw(scope: string, asOf: string): CypherQuery {
  const level = (parent: string, child: string, kind: string, inner: string, fields: string) => `
    CALL (${parent}) {
      MATCH (${child}:Place)-[link:PART_OF]->(${parent})
      WHERE ${child}.kind = '${kind}' AND ${validAt("link")} AND ${validAt(child)}
      ${inner}
      WITH ${child}${fields ? `, ${fields}` : ""} ORDER BY ${child}.code
      RETURN collect({code: ${child}.code, name: ${nameAt(child)}${fields ? `, ${fields.split(", ").map((field) => `${field}: ${field}`).join(", ")}` : ""}}) AS ${child}s
    }`;
  const groups = `
    CALL (building) {
      MATCH (group:Organisation)-[at:BUILT_AT]->(building)
      WHERE group.kind = 'GROUP' AND ${validAt("at")} AND ${validAt("group")}
      OPTIONAL CALL (group) {
        MATCH (group)-[led:LED_BY]->(leader:Organisation)
        WHERE led.line = 'TERRITORIAL' AND ${validAt("led")} AND ${validAt("leader")}
        RETURN leader ORDER BY leader.code LIMIT 1
      }
      WITH group, leader ORDER BY group.code
      RETURN collect({code: group.code, name: ${nameAt("group")},
                      leader: CASE WHEN leader IS NULL THEN null ELSE {code: leader.code, name: ${nameAt("leader")}} END}) AS groups
    }`;
  const buildings = level("compound", "building", "BUILDING", groups, "groups");
  const compounds = level("community", "compound", "COMPOUND", buildings, "buildings");
  const communities = level("scope", "community", "COMMUNITY", compounds, "compounds");
  return {
    name: "bench.q1",
    cypher: `MATCH (scope:Place {code: $scope}) WHERE ${validAt("scope")} ${communities} RETURN communitys AS communities`,
    params: { scope, asOf: dateParam(asOf) },
  };
}

export const Q1: Workload = {
  id: "Q1",
  title: "nested hierarchy: communities → compounds → buildings → group → leader",
  writes: false,
  request(fixture) {
    const variables = { scope: fixture.scope, asOf: fixture.asOf };
    return {
      hub: { query: Q1_HUB, variables },
      neo4jGraphql: { query: Q1_NEO4J_GRAPHQL, variables },
      raw: { mode: "READ", statements: [q1Raw(fixture.scope, fixture.asOf)] },
      canonical: {
        hub: (data) =>
          list((data as Json).place && ((data as Json).place as Json).children).map((community): Q1Community => ({
            code: String(community.code),
            name: String(community.name),
            compounds: list(community.children).map((compound) => ({
              code: String(compound.code),
              name: String(compound.name),
              buildings: list(compound.children).map((building) => ({
                code: String(building.code),
                name: String(building.name),
                groups: list(building.organisations).map((group) => {
                  const leader = group.leader as Json | null;
                  return { code: String(group.code), name: String(group.name), leader: leader ? { code: String(leader.code), name: String(leader.name) } : null };
                }),
              })),
            })),
          })),
        neo4jGraphql: (data) =>
          edges(first((data as Json).places).childrenConnection).map((community): Q1Community => ({
            code: String(community.code),
            name: String(community.name),
            compounds: edges(community.childrenConnection).map((compound) => ({
              code: String(compound.code),
              name: String(compound.name),
              buildings: edges(compound.childrenConnection).map((building) => ({
                code: String(building.code),
                name: String(building.name),
                groups: edges(building.organisationsConnection).map((group) => {
                  const leader = edges(group.leadersConnection)[0];
                  return { code: String(group.code), name: String(group.name), leader: leader ? { code: String(leader.code), name: String(leader.name) } : null };
                }),
              })),
            })),
          })),
        raw: ([rows]) =>
          list(rows?.[0]?.communities).map((community): Q1Community => ({
            code: String(community.code),
            name: String(community.name),
            compounds: list(community.compounds).map((compound) => ({
              code: String(compound.code),
              name: String(compound.name),
              buildings: list(compound.buildings).map((building) => ({
                code: String(building.code),
                name: String(building.name),
                groups: list(building.groups).map((group) => ({ code: String(group.code), name: String(group.name), leader: (group.leader as Q1Community["compounds"][0]["buildings"][0]["groups"][0]["leader"]) ?? null })),
              })),
            })),
          })),
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Q2 and Q6: coverage of a scope with its breakdown by child (Q6: at a past date, across a merger)

type Counts = [number, number, number, number, number, number];
interface CoverageAnswer {
  totals: Counts;
  breakdown: [string, ...Counts][];
}

const COVERAGE_HUB = `query Coverage($scope: String!, $asOf: LocalDate) {
  coverage(place: $scope, asOf: $asOf) {
    totals { compoundsWithBranch { covered total } buildingsWithGroup { covered total } communitiesWithOrganisation { covered total } }
    breakdown { place { code } compoundsWithBranch { covered total } buildingsWithGroup { covered total } communitiesWithOrganisation { covered total } } } }`;

const rateCounts = (figures: Json): Counts => {
  const rate = (name: string) => figures[name] as { covered: number; total: number };
  return [rate("compoundsWithBranch").covered, rate("compoundsWithBranch").total, rate("buildingsWithGroup").covered, rate("buildingsWithGroup").total, rate("communitiesWithOrganisation").covered, rate("communitiesWithOrganisation").total];
};
const rowCounts = (row: Json): Counts => [Number(row.compoundsCovered), Number(row.compounds), Number(row.buildingsCovered), Number(row.buildings), Number(row.communitiesCovered), Number(row.communities)];
const byCode = (rows: [string, ...Counts][]) => rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
const sumCounts = (rows: Counts[]): Counts => rows.reduce((total, row) => total.map((value, index) => value + row[index]!) as Counts, [0, 0, 0, 0, 0, 0]);

function coverageWorkload(id: string, title: string, dateOf: (fixture: Fixture) => string): Workload {
  return {
    id,
    title,
    writes: false,
    request(fixture) {
      const asOf = dateOf(fixture);
      return {
        hub: { query: COVERAGE_HUB, variables: { scope: fixture.scope, asOf } },
        neo4jGraphql: analyticRequest(["coverageRows"], { ...fixture, asOf }),
        raw: { mode: "READ", statements: [coverageByChild(fixture.scope, asOf)] },
        canonical: {
          hub: (data): CoverageAnswer => {
            const coverage = (data as Json).coverage as Json;
            return { totals: rateCounts(coverage.totals as Json), breakdown: list(coverage.breakdown).map((row) => [String((row.place as Json).code), ...rateCounts(row)]) };
          },
          neo4jGraphql: (data): CoverageAnswer => {
            const rows = list((data as Json).coverageRows);
            return {
              totals: sumCounts(rows.map(rowCounts)),
              breakdown: byCode(rows.filter((row) => !row.self).map((row) => [String(row.code), ...rowCounts(row)])),
            };
          },
          raw: ([rows]): CoverageAnswer => {
            const row = rows?.[0] ?? {};
            const children = list(row.children);
            return {
              totals: sumCounts([rowCounts(row.self as Json), ...children.map(rowCounts)]),
              breakdown: byCode(children.map((child) => [String((child.place as Json).code), ...rowCounts(child)])),
            };
          },
        },
      };
    },
  };
}

export const Q2 = coverageWorkload("Q2", "subdistrict coverage with breakdown", (fixture) => fixture.asOf);
export const Q6 = coverageWorkload("Q6", "coverage at a past date, the day before a merger", (fixture) => fixture.beforeMerger);

// ---------------------------------------------------------------------------------------------
// Q3: one entity by code

const Q3_HUB = `query Q3($code: String!, $asOf: LocalDate) {
  organisation(code: $code, asOf: $asOf) { code name kind form formalMembers validFrom } }`;
const Q3_NEO4J_GRAPHQL = `query Q3($code: String!) {
  organisations(where: { code: { eq: $code } }) { code name kind form formalMembers validFrom } }`;

function q3Raw(code: string, asOf: string): CypherQuery {
  return {
    name: "bench.q3",
    cypher: `MATCH (o:Organisation {code: $code}) WHERE ${validAt("o")}
             RETURN o.code AS code, ${nameAt("o")} AS name, o.kind AS kind, o.form AS form, o.formalMembers AS formalMembers, o.validFrom AS validFrom`,
    params: { code, asOf: dateParam(asOf) },
  };
}

const entityAnswer = (row: Json | undefined) =>
  row ? { code: String(row.code), name: String(row.name), kind: String(row.kind), form: String(row.form), formalMembers: Number(row.formalMembers ?? 0), validFrom: String(row.validFrom) } : null;

export const Q3: Workload = {
  id: "Q3",
  title: "one entity by code",
  writes: false,
  request(fixture, index) {
    const code = fixture.organisations[index % fixture.organisations.length]!;
    return {
      hub: { query: Q3_HUB, variables: { code, asOf: fixture.asOf } },
      neo4jGraphql: { query: Q3_NEO4J_GRAPHQL, variables: { code } },
      raw: { mode: "READ", statements: [q3Raw(code, fixture.asOf)] },
      canonical: {
        hub: (data) => entityAnswer((data as Json).organisation as Json | undefined),
        neo4jGraphql: (data) => entityAnswer(list((data as Json).organisations)[0]),
        raw: ([rows]) => entityAnswer(rows?.[0]),
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Q4: a page of the gap list (compounds without a branch, with who should close the gap)

const Q4_HUB = `query Q4($scope: String!, $asOf: LocalDate, $first: Int) {
  coverage(place: $scope, asOf: $asOf) {
    compoundsWithoutBranch(first: $first) { totalCount edges { node { place { code name } responsible { code } } } } } }`;
export const Q4: Workload = {
  id: "Q4",
  title: `gap list, first page of ${GAP_PAGE}: compounds without a branch and who should close each gap`,
  writes: false,
  request(fixture) {
    return {
      hub: { query: Q4_HUB, variables: { scope: fixture.scope, asOf: fixture.asOf, first: GAP_PAGE } },
      neo4jGraphql: analyticRequest(["gapTotal", "gapRows"], fixture),
      raw: { mode: "READ", statements: [gapPage("COMPOUND", fixture.scope, fixture.asOf, null, GAP_PAGE)] },
      canonical: {
        hub: (data) => {
          const page = ((data as Json).coverage as Json).compoundsWithoutBranch as Json;
          return { total: page.totalCount, rows: edges(page).map((gap) => [(gap.place as Json).code, (gap.place as Json).name, ((gap.responsible as Json | null) ?? {}).code ?? null]) };
        },
        neo4jGraphql: (data) => ({ total: (data as Json).gapTotal, rows: list((data as Json).gapRows).map((row) => [row.code, row.name, row.responsible ?? null]) }),
        raw: ([page]) => ({
          total: page?.[0]?.total,
          rows: (page ?? []).filter((row) => row.place !== null).map((row) => [(row.place as Json).code, (row.place as Json).name, ((row.responsible as Json | null) ?? {}).code ?? null]),
        }),
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Q5: how units are linked to one community

const Q5_HUB = `query Q5($community: String!, $asOf: LocalDate) {
  communityLinks(community: $community, asOf: $asOf) { kind unit { code } community { code } organisation { code } via { code } count validFrom validTo } }`;

const linkAnswer = (row: Json, code: (value: unknown) => unknown) => [row.kind, code(row.unit), code(row.community), code(row.organisation), code(row.via), row.count ?? null, String(row.validFrom), row.validTo === null || row.validTo === undefined ? null : String(row.validTo)];
const codeOf = (value: unknown) => (value === null || value === undefined ? null : (value as Json).code);
const itself = (value: unknown) => value ?? null;

export const Q5: Workload = {
  id: "Q5",
  title: "a community's linkage: council seats, co-building, registrations, pairings, volunteer teams",
  writes: false,
  request(fixture) {
    return {
      hub: { query: Q5_HUB, variables: { community: fixture.community, asOf: fixture.asOf } },
      neo4jGraphql: analyticRequest(["linkRows"], fixture),
      raw: { mode: "READ", statements: [linksQuery("community", fixture.community, fixture.asOf)] },
      canonical: {
        hub: (data) => list((data as Json).communityLinks).map((row) => linkAnswer(row, codeOf)),
        neo4jGraphql: (data) => list((data as Json).linkRows).map((row) => linkAnswer(row, itself)),
        raw: ([rows]) => list(rows?.[0]?.links).map((row) => linkAnswer(row, codeOf)),
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Q7: a mixed stream, four reads (Q3) then one write (formal members of one organisation)

const Q7_HUB_WRITE = `mutation Q7($input: UpdateOrganisationInput!) { updateOrganisation(input: $input) { organisation { code formalMembers } } }`;
const Q7_NEO4J_GRAPHQL_WRITE = `mutation Q7($code: String!, $formalMembers: Int!) {
  updateOrganisations(where: { code: { eq: $code } }, update: { formalMembers: { set: $formalMembers } }) { organisations { code formalMembers } } }`;

/** The value the i-th write sets: the original and one more, in turn, so the graph ends as it began after an even count. */
export function writtenValue(fixture: Fixture, index: number): number {
  return fixture.written.formalMembers + (Math.floor(index / 5) % 2 === 0 ? 1 : 0);
}

export const Q7: Workload = {
  id: "Q7",
  title: "mixed stream: four reads of one entity, then one write (formal members), in turn",
  writes: true,
  request(fixture, index) {
    if (index % 5 !== 4) return Q3.request(fixture, index);
    const { code } = fixture.written;
    const formalMembers = writtenValue(fixture, index);
    const answer = (row: Json | undefined) => (row ? { code: row.code, formalMembers: Number(row.formalMembers) } : null);
    return {
      hub: { query: Q7_HUB_WRITE, variables: { input: { code, formalMembers } } },
      neo4jGraphql: { query: Q7_NEO4J_GRAPHQL_WRITE, variables: { code, formalMembers } },
      raw: {
        mode: "WRITE",
        statements: [
          {
            name: "bench.q7.write",
            cypher: "MATCH (o:Organisation {code: $code}) SET o.formalMembers = $formalMembers, o.version = o.version + 1 RETURN o.code AS code, o.formalMembers AS formalMembers",
            params: { code, formalMembers },
          },
        ],
      },
      canonical: {
        hub: (data) => answer(((data as Json).updateOrganisation as Json).organisation as Json),
        neo4jGraphql: (data) => answer(list(((data as Json).updateOrganisations as Json).organisations)[0]),
        raw: ([rows]) => answer(rows?.[0]),
      },
    };
  },
};

export const WORKLOADS: readonly Workload[] = [Q1, Q2, Q3, Q4, Q5, Q6, Q7];

