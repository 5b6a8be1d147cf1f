import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema, isAbstractType, type GraphQLSchema } from "graphql";
import { PROJECT_ROOT } from "../../src/database/index.js";
import { importSeed } from "../../src/seeding/index.js";
import type { Hub } from "../../src/server/hub.js";
import { connectTestDatabase, resetGraph } from "../support/graph.js";
import { startTestHub, testToken, type TestIdentity } from "../support/hub.js";

/**
 * The client contract tier (docs/CLIENTS.md): real client libraries with normalised caches, in
 * Node, against a real hub on the Longhutang seed. This module starts that hub.
 */

export const LONGHUTANG = join(PROJECT_ROOT, "seeds", "longhutang");

/** The day before the merger of the seven villages and the old town, and the merger day. */
export const BEFORE = "2020-06-30";
export const MERGER = "2020-07-01";

/** A hub with the Longhutang seed loaded (the import is one transaction, on its own connection). */
export async function startLonghutangHub(env: Record<string, string> = {}): Promise<Hub> {
  const hub = await startTestHub(env);
  const db = connectTestDatabase();
  await resetGraph(db);
  await importSeed(db, LONGHUTANG);
  await db.close();
  return hub;
}

export async function authorization(identity: TestIdentity = {}): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await testToken(identity)}` };
}

/** The committed schema, as a client project reads it. */
export function committedSchema(): GraphQLSchema {
  return buildSchema(readFileSync(join(PROJECT_ROOT, "schema", "schema.graphql"), "utf8"));
}

/** Interface → implementing types, which a normalised cache needs to match `... on Place` under `Node`. */
export function possibleTypes(schema: GraphQLSchema = committedSchema()): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (isAbstractType(type) && !type.name.startsWith("__")) result[type.name] = schema.getPossibleTypes(type).map((possible) => possible.name);
  }
  return result;
}
