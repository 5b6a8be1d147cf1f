import { join } from "node:path";
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/database/index.js";
import { REPORTS } from "../../src/exports/registry.js";
import { snapshotId } from "../../src/graph/snapshot.js";
import type { EntityLabel } from "../../src/graph/vocabulary.js";
import { importSeed } from "../../src/seeding/index.js";
import type { Hub } from "../../src/server/hub.js";
import { buildHubSchema } from "../../src/server/schema.js";
import { connectTestDatabase, graphFingerprint, resetGraph } from "../support/graph.js";
import { postGraphql, startTestHub, testToken, type TestIdentity } from "../support/hub.js";
import { requiredArgs, sampleValue } from "../support/schema-walk.js";

/**
 * The leak scan of issue 10: every query field (walked from the schema, with every field below it
 * selected a few levels deep), every CSV export and every mutation, called by every role that may
 * not see personal data — viewer, analyst, and a steward whose scope covers none of it — over the
 * Longhutang seed (40 members, 160 beneficiaries, 157 pairings). Each answer's whole text (data and
 * errors) is searched for every personal code and name in the graph: 0 hits. An admin makes the
 * same calls and must get hits, so the scan can fail. Arguments are personal codes as well as
 * places, so each call aims at personal data.
 */

const LONGHUTANG = join(PROJECT_ROOT, "seeds", "longhutang");
const D = "2022-10-01";

const CALLERS: Record<string, TestIdentity> = {
  viewer: { role: "viewer", sub: "leak-viewer" },
  analyst: { role: "analyst", sub: "leak-analyst" },
  // A steward of a place that exists but holds no personal record (an office facility is no place; a district code outside the seed is).
  stranger: { role: "steward", sub: "leak-steward", scope: ["ELSEWHERE"] },
};

interface Personal {
  readonly codes: string[];
  readonly names: string[];
}

/** Every personal string of the graph: the codes and every name (past ones too) of members, beneficiaries and pairings. */
async function personalStrings(hub: Hub): Promise<Personal> {
  const rows = await hub.db.read({
    name: "test.personalStrings",
    cypher: `MATCH (n:Entity) WHERE n:Member OR n:Beneficiary OR n:Pairing RETURN n.code AS code, coalesce(n.names, [n.name]) AS names`,
  });
  return { codes: rows.map((row) => String(row.code)), names: [...new Set(rows.flatMap((row) => row.names as string[]))] };
}

/** The personal strings found in `text`, leaving out the ones the caller itself sent. */
function hits(text: string, personal: Personal, sent: readonly string[]): string[] {
  // Codes share prefixes (LHT-M-001, LHT-M-0010): match a code only when no code character follows.
  const found = personal.codes.filter((code) => !sent.includes(code) && new RegExp(`${code}(?![A-Z0-9_-])`).test(text));
  return [...found, ...personal.names.filter((name) => text.includes(name))];
}

/** A selection of every field of `type`, `depth` levels deep, with required arguments from `argsFor`. */
function selection(schema: GraphQLSchema, type: GraphQLNamedType, depth: number, argsFor: (field: GraphQLField<unknown, unknown>) => string | null): string {
  if (isScalarType(type) || isEnumType(type)) return "";
  if (depth === 0) return "{ __typename }";
  if (isUnionType(type) || isInterfaceType(type)) {
    const members = isUnionType(type) ? type.getTypes() : schema.getPossibleTypes(type);
    return `{ __typename ${members.map((member) => `... on ${member.name} ${selection(schema, member, depth, argsFor)}`).join(" ")} }`;
  }
  if (!isObjectType(type)) return "";
  const parts: string[] = ["__typename"];
  for (const field of Object.values(type.getFields())) {
    const args = argsFor(field);
    if (args === null) continue;
    const named = getNamedType(field.type);
    parts.push(`${field.name}${args} ${selection(schema, named, depth - 1, argsFor)}`);
  }
  return `{ ${parts.join(" ")} }`;
}

/** A literal of an input type for the scan: every text is `code`, ids `id`, dates `D`; input objects with their required fields. */
function literal(type: GraphQLInputType, code: string, id: string): string {
  if (isNonNullType(type)) return literal(type.ofType, code, id);
  if (isListType(type)) return `[${literal(type.ofType, code, id)}]`;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((field) => isNonNullType(field.type) && field.defaultValue === undefined);
    return `{ ${fields.map((field) => `${field.name}: ${literal(field.type, code, id)}`).join(", ")} }`;
  }
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (type.name === "String") return JSON.stringify(code);
  if (type.name === "ID") return JSON.stringify(id);
  if (type.name === "LocalDate") return JSON.stringify(D);
  return JSON.stringify(sampleValue(type));
}

/** True when a field takes a required text or id: it is asked once per target code. */
function aimsAtCode(field: GraphQLField<unknown, unknown>): boolean {
  return requiredArgs(field).some((arg) => ["String", "ID"].includes(getNamedType(arg.type).name) || isInputObjectType(getNamedType(arg.type)));
}

describe("leak scan: no personal code or name reaches a caller who may not see it", () => {
  let hub: Hub;
  let schema: GraphQLSchema;
  let personal: Personal;
  /** Codes each call aims at: a member, a beneficiary of each kind, pairings, a place with residents, the subdistrict. */
  let targets: string[];
  let ids: string[];
  const tally = { calls: 0, exports: 0, mutations: 0, adminHits: 0 };

  beforeAll(async () => {
    schema = await buildHubSchema();
    hub = await startTestHub({ NEO4J_TX_TIMEOUT_MS: "60000" });
    const db = connectTestDatabase();
    await resetGraph(db);
    await importSeed(db, LONGHUTANG);
    await db.close();
    personal = await personalStrings(hub);
    expect(personal.codes.length).toBeGreaterThan(300);
    const [member, beneficiary, pairing] = ["LHT-M-", "LHT-B-", "LHT-P-"].map((prefix) => personal.codes.filter((code) => code.startsWith(prefix)).sort()[0]!);
    const young = personal.codes.filter((code) => code.startsWith("LHT-P-Y")).sort()[0]!;
    targets = [member!, beneficiary!, pairing!, young, "LHT-C1", "LHT"];
    // Snapshot ids are derived from label, code and date, so they can be guessed: the scan aims at them too.
    const found = await hub.db.read({ name: "test.personalLabels", cypher: `MATCH (n:Entity) WHERE n.code IN $codes RETURN n.code AS code, [l IN labels(n) WHERE l <> 'Entity'][0] AS label`, params: { codes: targets } });
    const labelOf = new Map(found.map((row) => [String(row.code), String(row.label) as EntityLabel]));
    ids = targets.map((code) => snapshotId(labelOf.get(code)!, code, D));
  });
  afterAll(() => hub.stop());

  /** Required arguments of a field filled for one target code; null when the field cannot be asked (an argument the scan cannot fill). */
  const argsFor =
    (code: string) =>
    (field: GraphQLField<unknown, unknown>): string | null => {
      const required = requiredArgs(field);
      const optional = field.args.filter((arg) => arg.name === "asOf" && !required.includes(arg));
      const parts = [...required, ...optional].map((arg) => {
        if (arg.name === "before") return `before: "2020-01-01"`;
        return `${arg.name}: ${literal(arg.type, code, ids[targets.indexOf(code)]!)}`;
      });
      return parts.length > 0 ? `(${parts.join(", ")})` : "";
    };

  /** Sends a query at the deepest selection the limits accept (3, then 2, then 1 level). */
  const scanQuery = async (fieldName: string, code: string, who: TestIdentity): Promise<string> => {
    const field = schema.getQueryType()!.getFields()[fieldName]!;
    for (const depth of [3, 2, 1]) {
      const document = `{ x: ${field.name}${argsFor(code)(field) ?? ""} ${selection(schema, getNamedType(field.type), depth, argsFor(code))} }`;
      const response = await postGraphql(hub.url, document, {}, {}, who);
      const codeOf = response.errors?.[0]?.extensions?.code;
      if (codeOf === "LIMIT_EXCEEDED" && depth > 1) continue;
      return JSON.stringify(response);
    }
    return "";
  };

  it("finds no personal data in any query field for a viewer, an analyst or a steward of elsewhere — and finds it for an admin", async () => {
    const leaks: string[] = [];
    const fields = Object.keys(schema.getQueryType()!.getFields());
    for (const name of fields) {
      const field = schema.getQueryType()!.getFields()[name]!;
      for (const code of aimsAtCode(field) ? targets : targets.slice(-1)) {
        for (const [who, identity] of Object.entries(CALLERS)) {
          const found = hits(await scanQuery(name, code, identity), personal, [code]);
          tally.calls += 1;
          if (found.length > 0) leaks.push(`${name}(${code}) as ${who}: ${found.slice(0, 3).join(", ")}`);
        }
        tally.adminHits += hits(await scanQuery(name, code, { role: "admin" }), personal, [code]).length;
      }
    }
    console.log(`leak scan: ${fields.length} query fields × ${targets.length} targets × ${Object.keys(CALLERS).length} callers = ${tally.calls} calls; admin control saw ${tally.adminHits} personal strings`);
    expect(leaks).toEqual([]);
    expect(tally.adminHits).toBeGreaterThan(100);
  }, 1_800_000);

  it("finds no personal data in any CSV export", async () => {
    const leaks: string[] = [];
    let adminHits = 0;
    for (const name of Object.keys(REPORTS)) {
      for (const code of targets) {
        const params = new URLSearchParams({ within: code, place: code, asOf: D, unit: code, community: code, council: code, from: code, to: "LHT-C1" });
        for (const [who, identity] of [...Object.entries(CALLERS), ["admin", { role: "admin" } as TestIdentity]] as const) {
          const response = await fetch(`${hub.url.replace(/\/graphql$/, "")}/export/${name}.csv?${params}`, { headers: { authorization: `Bearer ${await testToken(identity)}` } });
          const text = await response.text();
          const found = hits(text, personal, [code]);
          if (who === "admin") adminHits += found.length;
          else {
            tally.exports += 1;
            if (found.length > 0) leaks.push(`${name}(${code}) as ${who}: ${found.slice(0, 3).join(", ")}`);
          }
        }
      }
    }
    console.log(`leak scan: ${Object.keys(REPORTS).length} CSV exports, ${tally.exports} downloads; admin control saw ${adminHits} personal strings`);
    expect(leaks).toEqual([]);
    expect(adminHits).toBeGreaterThan(0);
  }, 900_000);

  it("finds no personal data in the answer to any refused mutation, and nothing changes", async () => {
    const before = await graphFingerprint(hub.db);
    const leaks: string[] = [];
    for (const field of Object.values(schema.getMutationType()!.getFields())) {
      for (const code of targets.slice(0, 3)) {
        const args = argsFor(code)(field) ?? "";
        const document = `mutation { x: ${field.name}${args} ${selection(schema, getNamedType(field.type), 2, argsFor(code))} }`;
        for (const [who, identity] of Object.entries(CALLERS)) {
          const response = await postGraphql(hub.url, document, {}, {}, identity);
          tally.mutations += 1;
          expect(response.data?.x ?? null, `${field.name} as ${who}`).toBeNull();
          const found = hits(JSON.stringify(response), personal, [code]);
          if (found.length > 0) leaks.push(`${field.name}(${code}) as ${who}: ${found.slice(0, 3).join(", ")}`);
        }
      }
    }
    console.log(`leak scan: ${Object.keys(schema.getMutationType()!.getFields()).length} mutations, ${tally.mutations} refused calls`);
    expect(leaks).toEqual([]);
    expect(await graphFingerprint(hub.db)).toBe(before);
  }, 1_200_000);

  it("suppresses small counts of pairings for a viewer, and shows them to an admin", async () => {
    // One building's pairings: a handful of households, students or young people under guidance.
    const rows = await hub.db.read({
      name: "test.smallPairingScope",
      cypher: `MATCH (:Pairing)-[:HELPS]->(:Beneficiary {kind: 'YOUNG_PERSON'})-[:LIVES_IN]->(b:Place) RETURN b.code AS code LIMIT 1`,
    });
    const building = String(rows[0]!.code);
    const query = `{ x: pairingSummary(within: "${building}", asOf: "2022-09-21") { pairings suppressed byKind { kind pairings suppressed } } }`;
    const admin = await postGraphql<{ x: { pairings: number; byKind: { kind: string; pairings: number | null; suppressed: boolean }[] } }>(hub.url, query, {}, {}, "admin");
    const young = admin.data!.x.byKind.find((kind) => kind.kind === "YOUNG_PERSON")!;
    expect(young.pairings).toBeGreaterThan(0);
    expect(young.pairings).toBeLessThan(5);
    for (const identity of Object.values(CALLERS)) {
      const seen = await postGraphql<{ x: { byKind: { kind: string; pairings: number | null; suppressed: boolean }[] } }>(hub.url, query, {}, {}, identity);
      const cell = seen.data!.x.byKind.find((kind) => kind.kind === "YOUNG_PERSON")!;
      expect(cell).toEqual({ kind: "YOUNG_PERSON", pairings: null, suppressed: true });
      // No other small count is left beside it that would give it away.
      for (const kind of seen.data!.x.byKind) expect(kind.pairings === null || kind.pairings === 0 || kind.pairings >= 5).toBe(true);
    }
    // The in-scope steward sees the records, so the counts too.
    const steward = await postGraphql<{ x: { byKind: { kind: string; pairings: number | null }[] } }>(hub.url, query, {}, {}, { role: "steward", scope: ["LHT"] });
    expect(steward.data!.x.byKind.find((kind) => kind.kind === "YOUNG_PERSON")!.pairings).toBe(young.pairings);
  });
});
