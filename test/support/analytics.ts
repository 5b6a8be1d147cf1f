import pino from "pino";
import { join } from "node:path";
import { requireRole, type Role } from "../../src/auth/index.js";
import { expect } from "vitest";
import { PROJECT_ROOT, type CypherQuery, type Database } from "../../src/database/index.js";
import type { ReportDefinition } from "../../src/exports/export.route.js";
import type { Table } from "../../src/exports/table.js";
import { DEFAULT_DISCLOSURE_THRESHOLD } from "../../src/people/suppression.js";
import { Loaders } from "../../src/graph/loaders.js";
import { importSeed } from "../../src/seeding/index.js";
import type { HubContext } from "../../src/server/context.js";
import type { Hub } from "../../src/server/hub.js";
import { connectTestDatabase, resetGraph } from "./graph.js";
import { postGraphql, type TestIdentity } from "./hub.js";
import { DEFAULT_TIME_ZONE, todayIn } from "../../src/temporal/index.js";

/** The project's real seed, whose hand-computed figures are in seeds/longhutang/EXPECTED.md. */
export const LONGHUTANG = join(PROJECT_ROOT, "seeds", "longhutang");

/**
 * Empties the graph and imports one seed folder (a fixture or the Longhutang seed), through a
 * connection of its own with the test timeout: a hub's transaction limit is meant for requests.
 *
 * Then it refreshes the index statistics and drops cached plans. A graph wiped and reloaded keeps
 * the statistics of the graph before it for a while; the planner then takes near-empty indexes
 * for cheap and scans them instead of expanding from the rows it has (ten times the db hits on
 * the Longhutang seed), so PROFILE figures would depend on what the previous test loaded.
 */
export async function loadSeed(folder: string): Promise<void> {
  const db = connectTestDatabase();
  try {
    await resetGraph(db);
    await importSeed(db, folder);
    await db.autoCommit({ name: "test.resampleIndexes", cypher: "CALL db.resampleOutdatedIndexes()" });
    await db.autoCommit({ name: "test.clearQueryCaches", cypher: "CALL db.clearQueryCaches()" });
  } finally {
    await db.close();
  }
}

/** A request context for calling a service directly (a report's table function as the CSV route would, or a write as its resolver would). */
const SILENT = pino({ level: "silent" });

export function reportContext(db: Database, role: Role = "analyst", scope: readonly string[] = []): HubContext {
  return {
    db,
    logger: SILENT,
    requestId: "test",
    about: undefined as never,
    viewer: { subject: `test-${role}`, role, scope },
    loaders: new Loaders(),
    today: todayIn(DEFAULT_TIME_ZONE),
    policy: { disclosureThreshold: DEFAULT_DISCLOSURE_THRESHOLD },
  };
}

/** The CSV table of a registered report, after the role check the export route makes. */
export async function reportTable(report: ReportDefinition, db: Database, params: Record<string, string>, role: Role = "analyst"): Promise<Table> {
  const context = reportContext(db, role);
  requireRole(context.viewer, report.role);
  return report.table(context, params);
}

/** Who an analytics test request speaks for: a role, or a full identity (a steward's scope). */
export type Caller = TestIdentity | Role;

/** GraphQL over HTTP for analytics tests (as an analyst unless told): `send` returns the response, `ask` insists on no errors. */
export function analyticsClient(hub: () => Hub) {
  const send = <T>(query: string, variables: Record<string, unknown> = {}, as: Caller = "analyst") => postGraphql<T>(hub().url, query, variables, {}, as);
  const ask = async <T>(query: string, variables: Record<string, unknown> = {}, as: Caller = "analyst"): Promise<T> => {
    const response = await send<T>(query, variables, as);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  return { send, ask };
}

/**
 * PROFILE a query and fail when it costs more than twice the db hits measured for it on the
 * Longhutang seed (docs/ANALYTICS.md): a plan that starts scanning far more of the graph shows.
 */
export async function expectWithinBudget(db: Database, name: string, query: CypherQuery, measured: number): Promise<void> {
  const { dbHits } = await db.profile(query);
  process.stdout.write(`PROFILE ${name}: ${dbHits} db hits (measured ${measured})\n`);
  expect(dbHits).toBeLessThanOrEqual(measured * 2);
}
