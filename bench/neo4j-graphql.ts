import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { coverageByChild, gapCount, gapPage } from "../src/coverage/coverage.queries.js";
import { DateParam, type connectDriver, type CypherQuery } from "../src/database/index.js";
import { linksQuery } from "../src/linkage/linkage.queries.js";
import { GAP_PAGE, type Fixture } from "./fixture.js";

type Driver = ReturnType<typeof connectDriver>;

/** The GraphQL type of a statement parameter, from its value (null: an optional string, as `after`). */
function parameterType(value: unknown): string {
  if (value === null || value === undefined) return "String";
  if (value instanceof DateParam) return "Date!";
  if (typeof value === "number") return Number.isInteger(value) ? "Int!" : "Float!";
  if (typeof value === "boolean") return "Boolean!";
  if (Array.isArray(value)) return `[${parameterType(value[0] ?? "")}]!`;
  return "String!";
}

/** A statement's parameters as GraphQL variables: dates as ISO strings. */
function variablesOf(params: Record<string, unknown>): Record<string, unknown> {
  const plain = (value: unknown): unknown => (value instanceof DateParam ? value.iso : Array.isArray(value) ? value.map(plain) : value);
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, plain(value)]));
}

/**
 * The analytics as `@cypher` fields on Query: each holds one of the hub's hand-written statements
 * in a subquery, then a projection of its rows; its arguments are exactly that statement's
 * parameters (types read from their values), so field and statement cannot drift apart.
 */
interface AnalyticField {
  readonly returns: string;
  readonly column: string;
  readonly projection: string;
  /** The statement for a sample request (for the type definitions) or a real one. */
  readonly statement: (fixture: Fixture) => CypherQuery;
  readonly selection: string;
}

const SAMPLE: Fixture = { scope: "", asOf: "2000-01-01", community: "", beforeMerger: "2000-01-01", organisations: [], written: { code: "", formalMembers: 0 } };

export const ANALYTIC_FIELDS = {
  coverageRows: {
    returns: "[CoverageRow!]!",
    column: "row",
    statement: (fixture: Fixture) => coverageByChild(fixture.scope, fixture.asOf),
    projection: `UNWIND [c IN children | c {.compounds, .compoundsCovered, .buildings, .buildingsCovered, .communities, .communitiesCovered, code: c.place.code, self: false}]
                       + [self {.*, code: scope.code, self: true}] AS row
                RETURN row`,
    selection: "code self compounds compoundsCovered buildings buildingsCovered communities communitiesCovered",
  },
  gapTotal: {
    returns: "Int!",
    column: "total",
    statement: (fixture: Fixture) => gapCount("COMPOUND", fixture.scope, fixture.asOf),
    projection: "RETURN total",
    selection: "",
  },
  gapRows: {
    returns: "[GapRow!]!",
    column: "row",
    statement: (fixture: Fixture) => gapPage("COMPOUND", fixture.scope, fixture.asOf, null, GAP_PAGE),
    projection: "WITH * WHERE place IS NOT NULL RETURN {code: place.code, name: place.name, responsible: responsible.code} AS row",
    selection: "code name responsible",
  },
  linkRows: {
    returns: "[LinkRow!]!",
    column: "row",
    statement: (fixture: Fixture) => linksQuery("community", fixture.community, fixture.asOf),
    projection: `UNWIND links AS link
                RETURN {kind: link.kind, unit: link.unit.code, community: link.community.code, organisation: link.organisation.code,
                        via: link.via.code, count: link.count, validFrom: link.validFrom, validTo: link.validTo} AS row`,
    selection: "kind unit community organisation via count validFrom validTo",
  },
} satisfies Record<string, AnalyticField>;

export type AnalyticName = keyof typeof ANALYTIC_FIELDS;

function fieldDefinition(name: string, field: AnalyticField): string {
  const params = field.statement(SAMPLE).params ?? {};
  const args = Object.entries(params).map(([param, value]) => `${param}: ${parameterType(value)}`).join(", ");
  return `${name}(${args}): ${field.returns} @cypher(statement: """CALL () { ${field.statement(SAMPLE).cypher} } ${field.projection}""", columnName: "${field.column}")`;
}

/** One request to the analytic fields `names`, with the parameters of the fixture's statements as variables. */
export function analyticRequest(names: readonly AnalyticName[], fixture: Fixture): { query: string; variables: Record<string, unknown> } {
  const variables: Record<string, unknown> = {};
  const declarations = new Map<string, string>();
  const fields = names.map((name) => {
    const field: AnalyticField = ANALYTIC_FIELDS[name];
    const params = field.statement(fixture).params ?? {};
    Object.assign(variables, variablesOf(params));
    for (const [param, value] of Object.entries(params)) declarations.set(param, parameterType(field.statement(SAMPLE).params?.[param] ?? value));
    const args = Object.keys(params).map((param) => `${param}: $${param}`).join(", ");
    return `${name}(${args})${field.selection ? ` { ${field.selection} }` : ""}`;
  });
  const header = [...declarations].map(([param, type]) => `$${param}: ${type}`).join(", ");
  return { query: `query(${header}) { ${fields.join(" ")} }`, variables };
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
    ${Object.entries(ANALYTIC_FIELDS).map(([name, field]) => fieldDefinition(name, field)).join("\n    ")}
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
