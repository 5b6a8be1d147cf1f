import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { coverageByChild, gapCount, gapPage } from "../src/coverage/coverage.queries.js";
import type { connectDriver, CypherQuery } from "../src/database/index.js";
import { linksQuery } from "../src/linkage/linkage.queries.js";

type Driver = ReturnType<typeof connectDriver>;

/**
 * A `@cypher` statement: one of the hub's hand-written statements inside a subquery, then a
 * projection of its rows. The field's arguments arrive as the statement's parameters.
 */
function wrap(query: CypherQuery, projection: string): string {
  return `CALL () { ${query.cypher} } ${projection}`;
}

/**
 * The generic GraphQL-over-Neo4j system of the benchmark: @neo4j/graphql 7 over the same Neo4j and
 * data, with the type definitions a competent user of that library writes for this graph. Dated
 * links are relationship properties, so "as of a date" is an edge and node filter on each
 * connection; the analytics (coverage, gaps, linkage) are `@cypher` fields holding the same
 * hand-written statements the hub runs, since the library cannot derive them from the types.
 */
export const TYPE_DEFS = /* GraphQL */ `
  type Dated @relationshipProperties {
    validFrom: Date!
    validTo: Date
  }

  type Leadership @relationshipProperties {
    validFrom: Date!
    validTo: Date
    line: String!
  }

  type Place @node(labels: ["Place", "Entity"]) {
    id: ID!
    code: String!
    name: String!
    kind: String!
    validFrom: Date!
    validTo: Date
    children: [Place!]! @relationship(type: "PART_OF", direction: IN, properties: "Dated")
    parents: [Place!]! @relationship(type: "PART_OF", direction: OUT, properties: "Dated")
    organisations: [Organisation!]! @relationship(type: "BUILT_AT", direction: IN, properties: "Dated")
  }

  type Organisation @node(labels: ["Organisation", "Entity"]) {
    id: ID!
    code: String!
    name: String!
    kind: String!
    form: String
    formalMembers: Int
    probationaryMembers: Int
    committeeElected: Boolean
    version: Int
    validFrom: Date!
    validTo: Date
    builtAt: [Place!]! @relationship(type: "BUILT_AT", direction: OUT, properties: "Dated")
    leaders: [Organisation!]! @relationship(type: "LED_BY", direction: OUT, properties: "Leadership")
  }

  type CoverageRow {
    code: String!
    self: Boolean!
    compounds: Int!
    compoundsCovered: Int!
    buildings: Int!
    buildingsCovered: Int!
    communities: Int!
    communitiesCovered: Int!
  }

  type GapRow {
    code: String!
    name: String!
    responsible: String
  }

  type LinkRow {
    kind: String!
    unit: String!
    community: String!
    organisation: String
    via: String
    count: Int
    validFrom: Date!
    validTo: Date
  }

  type Query {
    coverageRows(scope: String!, asOf: Date!, communityKinds: [String!]!): [CoverageRow!]!
      @cypher(statement: """${wrap(
        coverageByChild("", "2000-01-01"),
        `UNWIND [c IN children | c {.compounds, .compoundsCovered, .buildings, .buildingsCovered, .communities, .communitiesCovered, code: c.place.code, self: false}]
                + [self {.*, code: scope.code, self: true}] AS row
         RETURN row`,
      )}""", columnName: "row")
    gapTotal(scope: String!, asOf: Date!): Int!
      @cypher(statement: """${wrap(gapCount("COMPOUND", "", "2000-01-01"), "RETURN total")}""", columnName: "total")
    gapRows(scope: String!, asOf: Date!, after: String, limit: Int!, responsibleKinds: [String!]!): [GapRow!]!
      @cypher(statement: """${wrap(gapPage("COMPOUND", "", "2000-01-01", null, 1), "RETURN {code: place.code, name: place.name, responsible: responsible.code} AS row")}""", columnName: "row")
    linkRows(code: String!, asOf: Date!, communityKinds: [String!]!): [LinkRow!]!
      @cypher(statement: """${wrap(
        linksQuery("community", "", "2000-01-01"),
        `UNWIND links AS link
         RETURN {kind: link.kind, unit: link.unit.code, community: link.community.code, organisation: link.organisation.code,
                 via: link.via.code, count: link.count, validFrom: link.validFrom, validTo: link.validTo} AS row`,
      )}""", columnName: "row")
  }
`;

export interface RunningNeo4jGraphql {
  readonly url: string;
  stop(): Promise<void>;
}

/** Serves TYPE_DEFS over HTTP with Apollo Server, as a user of the library deploys it. */
export async function startNeo4jGraphql(driver: Driver): Promise<RunningNeo4jGraphql> {
  const schema = await new Neo4jGraphQL({ typeDefs: TYPE_DEFS, driver }).getSchema();
  const server = new ApolloServer({ schema });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: "127.0.0.1" } });
  return { url, stop: () => server.stop() };
}
