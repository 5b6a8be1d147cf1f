import { inject } from "vitest";
import { secretBytes, signToken, type Role } from "../../src/auth/index.js";
import { loadConfig, type HubConfig } from "../../src/config/index.js";
import { join } from "node:path";
import { PROJECT_ROOT, type Database } from "../../src/database/index.js";
import { importSeed } from "../../src/seeding/index.js";
import { createLogger, startHub, type Hub } from "../../src/server/hub.js";
import { connectTestDatabase, resetGraph } from "./graph.js";

/** The HS256 secret of every test hub (testHubConfig sets HUB_JWT_SECRET to it unless told otherwise). */
export const TEST_JWT_SECRET = "dangjian-hub test secret, not for any real deployment";

/** Who a test request speaks for: a role (admin by default), a subject, a steward's scope. */
export interface TestIdentity {
  role?: Role;
  sub?: string;
  scope?: readonly string[];
  /** Seconds (or a jose time span such as "1h"); default one hour. */
  ttl?: number | string;
  /** Sign with another secret (to test a bad signature). */
  secret?: string;
  issuer?: string;
  audience?: string;
}

/** A signed token that a test hub accepts (unless the identity says otherwise). */
export function testToken(identity: TestIdentity | Role = {}): Promise<string> {
  const who = typeof identity === "string" ? { role: identity } : identity;
  const role = who.role ?? "admin";
  return signToken({ sub: who.sub ?? `test-${role}`, role, scope: who.scope ?? [] }, secretBytes(who.secret ?? TEST_JWT_SECRET), {
    issuer: who.issuer ?? "dangjian-hub",
    audience: who.audience ?? "dangjian-hub",
    ttl: who.ttl ?? 3_600,
  });
}

/** Configuration for a hub on the run's test Neo4j, on a free HTTP port, quiet logs. */
export function testHubConfig(env: Record<string, string> = {}): HubConfig {
  return loadConfig({
    NEO4J_URI: inject("neo4jUri"),
    NEO4J_USERNAME: inject("neo4jUsername"),
    NEO4J_PASSWORD: inject("neo4jPassword"),
    HUB_PORT: "0",
    LOG_LEVEL: "silent",
    HUB_INITIAL_SEED: "",
    HUB_JWT_SECRET: TEST_JWT_SECRET,
    // Test hubs start by the dozen on small graphs: planning every analytic at each start would
    // only slow the suite (test/server/warm-up.test.ts covers the warm-up).
    HUB_WARM_UP: "false",
    // A test hub serves the dashboard only when its test asks (HUB_DASHBOARD_PORT: "0").
    HUB_DASHBOARD_PORT: "off",
    ...env,
  });
}

export function startTestHub(env: Record<string, string> = {}): Promise<Hub> {
  const config = testHubConfig(env);
  return startHub(config, createLogger(config));
}

/** A fresh graph holding the Longhutang seed, a test hub on it, and the hub's base URL (its HTTP routes' root). */
export async function startSeededHub(): Promise<{ db: Database; hub: Hub; base: string }> {
  const db = connectTestDatabase();
  await resetGraph(db);
  await importSeed(db, join(PROJECT_ROOT, "seeds", "longhutang"));
  const hub = await startTestHub();
  return { db, hub, base: hub.url.replace(/\/graphql$/, "") };
}

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: readonly (string | number)[]; extensions?: { code?: string } & Record<string, unknown> }[];
}

/**
 * Sends a real GraphQL request over HTTP, with a bearer token for `as` (default: an admin).
 * `as: null`, or an Authorization header of the caller's own, sends no generated token.
 */
export async function postGraphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  as: TestIdentity | Role | null = {},
): Promise<GraphqlResponse<T>> {
  const ownAuthorization = Object.keys(headers).some((name) => name.toLowerCase() === "authorization");
  const authorization: Record<string, string> = as === null || ownAuthorization ? {} : { authorization: `Bearer ${await testToken(as)}` };
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...authorization, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphqlResponse<T>, "status">;
  return { status: response.status, ...body };
}

/**
 * The answer of a look-up of something that does not exist (on the date asked): the field is null
 * WITH a NOT_FOUND error on its path (docs/ERRORS.md, "Null means an error"), never a silent null.
 */
export function expectNotFound(response: GraphqlResponse, field: string): void {
  if (response.data?.[field] !== null || !response.errors?.some((error) => error.extensions?.code === "NOT_FOUND")) {
    throw new Error(`expected ${field}: null with a NOT_FOUND error, got ${JSON.stringify(response)}`);
  }
}

/**
 * The data of an answer whose only errors are NOT_FOUND on the root fields `missing` (each null):
 * things that do not exist on the date asked, next to siblings that do.
 */
export function dataWithNotFound<T>(response: GraphqlResponse<T>, missing: readonly string[]): T {
  const unexpected = (response.errors ?? []).filter((error) => error.extensions?.code !== "NOT_FOUND" || !missing.includes(String(error.path?.[0])));
  const data = response.data as Record<string, unknown> | undefined;
  if (unexpected.length > 0 || !data || missing.some((field) => data[field] !== null) || (response.errors ?? []).length !== missing.length) {
    throw new Error(`expected ${missing.join(", ")}: null with NOT_FOUND and nothing else, got ${JSON.stringify(response)}`);
  }
  return response.data!;
}
