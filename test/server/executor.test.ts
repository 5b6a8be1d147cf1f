import { join } from "node:path";
import { getNamedType, isAbstractType, isEnumType, isObjectType, isScalarType, type GraphQLField, type GraphQLNamedType, type GraphQLSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/auth/index.js";
import { PROJECT_ROOT } from "../../src/database/index.js";
import { importSeed } from "../../src/seeding/index.js";
import type { Hub } from "../../src/server/hub.js";
import { buildHubSchema } from "../../src/server/schema.js";
import { resetGraph } from "../support/graph.js";
import { postGraphql, startTestHub, type GraphqlResponse } from "../support/hub.js";
import { requiredArgs, sampleValue } from "../support/schema-walk.js";

/**
 * graphql-jit and graphql-js must give the same answer to everything (src/server/executor.ts):
 * every query field of the schema, its answer selected as deep as the depth limit allows (every
 * field without required arguments, every type of an interface or union spelled out), with the
 * Longhutang seed's codes for its arguments, asked by each role — and the same with the
 * schema's placeholder arguments (not-found errors), and every mutation refused to a viewer. Two
 * hubs, one of each executor, on the same Neo4j; the answers, errors included, must be equal.
 */

const LONGHUTANG = join(PROJECT_ROOT, "seeds", "longhutang");
const D = "2022-10-01";

/** Real values of the seed for the arguments the root fields take, by name. */
const SEED_ARGUMENTS: Record<string, unknown> = {
  code: "LHT-C1",
  place: "LHT",
  within: "LHT",
  scope: "LHT",
  community: "LHT-C1",
  unit: "LHT-U-SCH1",
  council: "LHT-C1-CNCL",
  organisation: "LHT-C1-GB",
  from: "2020-01-01",
  to: D,
  before: "2020-01-01",
  after: D,
  asOf: D,
};

/** The selection of every field of `type` without required arguments, `depth` levels down. */
function selectAll(schema: GraphQLSchema, type: GraphQLNamedType, depth: number): string {
  if (isScalarType(type) || isEnumType(type)) return "";
  if (isAbstractType(type)) {
    const possible = schema.getPossibleTypes(type);
    return `{ __typename ${possible.map((member) => `... on ${member.name} ${selectAll(schema, member, depth)}`).join(" ")} }`;
  }
  if (!isObjectType(type)) return "";
  const fields = Object.values(type.getFields()).filter((field) => requiredArgs(field).length === 0);
  const parts = fields.flatMap((field) => {
    const named = getNamedType(field.type);
    if (isScalarType(named) || isEnumType(named)) return [field.name];
    if (depth <= 1) return [];
    const below = selectAll(schema, named, depth - 1);
    return below ? [`${field.name} ${below}`] : [];
  });
  return `{ __typename ${parts.join(" ")} }`;
}

/** A document calling `field` with the seed's values where it knows the argument, samples otherwise. */
function deepCall(schema: GraphQLSchema, field: GraphQLField<unknown, unknown>, seeded: boolean): { query: string; variables: Record<string, unknown> } {
  const args = field.args.filter((arg) => requiredArgs(field).includes(arg) || (seeded && arg.name in SEED_ARGUMENTS));
  const declarations = args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(", ");
  const call = args.length > 0 ? `(${args.map((arg) => `${arg.name}: $${arg.name}`).join(", ")})` : "";
  return {
    query: `query${declarations ? `(${declarations})` : ""} { ${field.name}${call} ${selectAll(schema, getNamedType(field.type), 3)} }`,
    variables: Object.fromEntries(args.map((arg) => [arg.name, seeded && arg.name in SEED_ARGUMENTS ? SEED_ARGUMENTS[arg.name] : sampleValue(arg.type)])),
  };
}

/** A response with its errors in path order: the two executors may meet independent errors in another order. */
function canonical(response: GraphqlResponse): unknown {
  const errors = response.errors?.map((error) => JSON.stringify(error)).sort();
  return { status: response.status, data: response.data ?? null, errors: errors ?? null };
}

describe("graphql-jit answers exactly as graphql-js", () => {
  let jit: Hub;
  let js: Hub;
  let schema: GraphQLSchema;

  beforeAll(async () => {
    // The cost limit of the deep documents is not what is compared: lifted on both.
    const env = { HUB_MAX_COST: "100000000", HUB_MAX_DEPTH: "12" };
    [jit, js] = await Promise.all([startTestHub({ ...env, HUB_EXECUTOR: "graphql-jit" }), startTestHub({ ...env, HUB_EXECUTOR: "graphql-js" })]);
    await resetGraph(jit.db);
    await importSeed(jit.db, LONGHUTANG);
    schema = await buildHubSchema();
  }, 180_000);

  afterAll(async () => {
    await Promise.all([jit?.stop(), js?.stop()]);
  });

  const same = async (query: string, variables: Record<string, unknown>, as: Role) => {
    const [fromJit, fromJs] = await Promise.all([postGraphql(jit.url, query, variables, {}, as), postGraphql(js.url, query, variables, {}, as)]);
    return { jit: canonical(fromJit), js: canonical(fromJs), answered: fromJs.data !== undefined && fromJs.data !== null };
  };

  it("every query, selected deep, with the seed's codes, as viewer, analyst and admin", async () => {
    const differ: string[] = [];
    let answered = 0;
    for (const field of Object.values(schema.getQueryType()!.getFields())) {
      const { query, variables } = deepCall(schema, field, true);
      for (const as of ["viewer", "analyst", "admin"] as const) {
        const outcome = await same(query, variables, as);
        if (JSON.stringify(outcome.jit) !== JSON.stringify(outcome.js)) differ.push(`${field.name} as ${as}:\n  jit ${JSON.stringify(outcome.jit).slice(0, 600)}\n  js  ${JSON.stringify(outcome.js).slice(0, 600)}`);
        if (outcome.answered) answered++;
      }
    }
    expect(differ).toEqual([]);
    // Not a comparison of two empty answers: most queries found something.
    expect(answered).toBeGreaterThan(60);
  }, 600_000);

  it("every query with placeholder arguments (not found, bad codes) as admin, and every mutation refused to a viewer", async () => {
    const differ: string[] = [];
    for (const field of Object.values(schema.getQueryType()!.getFields())) {
      const { query, variables } = deepCall(schema, field, false);
      const outcome = await same(query, variables, "admin");
      if (JSON.stringify(outcome.jit) !== JSON.stringify(outcome.js)) differ.push(`${field.name}: jit ${JSON.stringify(outcome.jit).slice(0, 400)} js ${JSON.stringify(outcome.js).slice(0, 400)}`);
    }
    for (const field of Object.values(schema.getMutationType()!.getFields())) {
      const args = requiredArgs(field);
      const query = `mutation${args.length ? `(${args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(", ")})` : ""} { ${field.name}${args.length ? `(${args.map((arg) => `${arg.name}: $${arg.name}`).join(", ")})` : ""} ${selectAll(schema, getNamedType(field.type), 2)} }`;
      const variables = Object.fromEntries(args.map((arg) => [arg.name, sampleValue(arg.type)]));
      const outcome = await same(query, variables, "viewer");
      if (JSON.stringify(outcome.jit) !== JSON.stringify(outcome.js)) differ.push(`${field.name}: jit ${JSON.stringify(outcome.jit).slice(0, 400)} js ${JSON.stringify(outcome.js).slice(0, 400)}`);
    }
    expect(differ).toEqual([]);
  }, 600_000);

  it("variables: defaults of required input fields, bad values, fragments with @include/@skip, code-breaking literals and aliases", async () => {
    const cases: [string, Record<string, unknown>][] = [
      [`query($c: String!, $d: LocalDate, $deep: Boolean!) { place(code: $c, asOf: $d) { code ...F @include(if: $deep) children @skip(if: $deep) { code } } } fragment F on Place { name children { code name organisations { code kind } } }`, { c: "LHT-C1", d: D, deep: true }],
      [`query($c: String!, $d: LocalDate, $deep: Boolean!) { place(code: $c, asOf: $d) { code ...F @include(if: $deep) children @skip(if: $deep) { code } } } fragment F on Place { name }`, { c: "LHT-C1", d: D, deep: false }],
      [`query($d: LocalDate) { place(code: "LHT", asOf: $d) { code } }`, { d: "2022-02-30" }],
      [`query($d: LocalDate) { place(code: "LHT", asOf: $d) { code } }`, { d: 20220101 }],
      [`query($c: String!) { place(code: $c) { code } }`, {}],
      // Compiled code is generated from the document: literals and names that would break out of a JavaScript string or object must stay data.
      [`{ a: place(code: "\\"); process.exit(1); //'\\u2028") { code } constructor: about { hubVersion } __proto__x: about { hubVersion } toString: viewer { role } }`, {}],
      [`mutation($input: SetLeadershipInput!) { setLeadership(input: $input) { __typename } }`, { input: { code: "LHT-NOPE", date: D, leader: "LHT-C1-GB" } }],
    ];
    for (const [query, variables] of cases) {
      const outcome = await same(query, variables, "admin");
      expect(outcome.jit, query).toEqual(outcome.js);
    }
  });

  it("runs a failing mutation once: an answer with `data: null` is not executed again on graphql-js", async () => {
    // A refusal inside the write (no such organisation) answers `data: null`; the compiled
    // executor falls back to graphql-js only when no resolver ran, so the statements are the same.
    const query = `mutation($input: TransferMemberInput!) { transferMember(input: $input) { __typename } }`;
    const variables = { input: { code: "LHT-M-001", date: D, organisation: "LHT-NOPE" } };
    const statementsOf = async (hub: Hub) => {
      const names: string[] = [];
      const stop = hub.db.onQuery((event) => names.push(event.name));
      try {
        const response = await postGraphql(hub.url, query, variables, {}, "admin");
        expect(response.data ?? null).toBeNull();
        expect(response.errors?.length).toBe(1);
      } finally {
        stop();
      }
      return names;
    };
    const [fromJit, fromJs] = [await statementsOf(jit), await statementsOf(js)];
    expect(fromJit.length).toBeGreaterThan(0);
    expect(fromJit).toEqual(fromJs);
  });
});
