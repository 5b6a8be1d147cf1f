import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { PROJECT_ROOT, type Database } from "../database/index.js";
import { importSeed, type ImportReport } from "./import.js";
import { formatProblem, SeedValidationError } from "./problems.js";
import { anyEntityQuery } from "./queries.js";

/** The part of a pino logger the seeding needs. */
export interface SeedLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * At start, the hub fills an empty graph (no :Entity at all) from its initial seed. Skipped when
 * the setting is "" or the folder does not exist. An invalid seed is logged problem by problem, a
 * failed import (rolled back) is logged too, and the hub serves the empty graph rather than
 * refusing to start.
 */
export async function loadSeedIfEmpty(db: Database, folder: string, logger: SeedLogger): Promise<ImportReport | undefined> {
  if (folder === "") return undefined;
  const path = isAbsolute(folder) ? folder : join(PROJECT_ROOT, folder);
  if (!existsSync(path)) {
    logger.warn({ seed: folder }, "initial seed folder not found; starting with the graph as it is");
    return undefined;
  }
  const [row] = await db.read(anyEntityQuery());
  if (row?.any === true) return undefined;
  try {
    const report = await importOnceMore(() => importSeed(db, path), logger, folder);
    logger.info({ seed: folder, records: report.records, millis: report.millis, entities: report.summary.entities }, "initial seed loaded into the empty graph");
    return report;
  } catch (error) {
    // The import rolled back, so the graph is still empty: the hub serves it, and the next start tries again.
    if (error instanceof SeedValidationError) {
      for (const problem of error.problems) logger.error({ seed: folder, code: problem.code }, formatProblem(problem, folder));
      logger.error({ seed: folder, problems: error.problems.length }, "initial seed not loaded: fix the problems above (npm run seed -- validate)");
    } else {
      logger.error(
        { seed: folder, err: error },
        "initial seed not loaded (rolled back); retry with npm run seed -- import, or raise NEO4J_TX_TIMEOUT_MS if the transaction timed out",
      );
    }
    return undefined;
  }
}

/**
 * A freshly started Neo4j runs its first import statements cold (several times slower), which can
 * exceed the hub's transaction time limit on a busy machine. The import rolled back, and the
 * database is warm now, so one more attempt is both safe and likely to fit.
 */
async function importOnceMore(attempt: () => Promise<ImportReport>, logger: SeedLogger, folder: string): Promise<ImportReport> {
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof SeedValidationError) throw error;
    logger.warn({ seed: folder, err: error }, "initial seed import failed and was rolled back; trying once more");
    return attempt();
  }
}
