import type { Database, Transaction } from "../database/index.js";
import type { SeedModel } from "./model.js";
import { planImport, planSize, type ImportPlan, type ImportSummary } from "./plan.js";
export type { ImportProgress } from "./steps.js";
import { SeedValidationError, sortProblems } from "./problems.js";
import { importStaged, DEFAULT_JOURNAL_DIR } from "./staged.js";
import { readGraphState } from "./state.js";
import { coverageCodesOf, IMPORT_TRANSACTION_TIMEOUT_MS, importSteps, runStep, type ImportProgress, type ImportStep } from "./steps.js";
import { validateSeed, type SeedValidation } from "./validate.js";
import { maintainRollups } from "../coverage/rollup.maintain.js";

/**
 * `import`: validate, compare the seed with the graph, write only the difference.
 *
 * - Idempotent: entities are matched by code; an entity whose managed properties and owned
 *   relations already equal the seed's is not written (its version stays); relations are matched
 *   by content, so unchanged ones keep their identity.
 * - All or nothing: a seed of up to `singleTransactionLimit` records (default 50 000) is read,
 *   compared and written in ONE write transaction; any failure rolls it back. Larger seeds are
 *   imported in stages with a journal and compensation (staged.ts).
 * - Entities in the graph but not in the seed are left alone; for seeded entities, the relations
 *   of the types their file owns are replaced by exactly the seed's links.
 */
export interface ImportOptions {
  /** Validate and compare only; write nothing. */
  readonly dryRun?: boolean;
  /** Rows per UNWIND statement (default 5 000). */
  readonly batchSize?: number;
  /** Seeds with more records are imported in stages (default 50 000). */
  readonly singleTransactionLimit?: number;
  /** Where a staged import keeps its journal (default .data/seed-journal). */
  readonly journalDir?: string;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Time limit of each import transaction (default IMPORT_TRANSACTION_TIMEOUT_MS, not the per-request limit). */
  readonly timeoutMs?: number;
  /**
   * Runs in the import's one transaction after its writes, which are then ROLLED BACK: the graph as
   * it would be after the import, looked at and thrown away (`npm run seed -- check <folder>`).
   */
  readonly inspect?: (tx: Transaction) => Promise<void>;
  /**
   * Resample the index statistics and drop cached plans after writing (default true). An import of
   * many parts turns it off and refreshes now and then itself: dropping the plans after every part
   * made each part plan its ~40 statements again.
   */
  readonly refreshStatistics?: boolean;
  /** Called before each write statement; a throw aborts the import (tests inject failures here). */
  readonly beforeStep?: (step: ImportStep) => void | Promise<void>;
  /**
   * Runs in the import's one transaction after its writes, before commit: a throw rolls everything
   * back (the HTTP import writes its audit entry here, so a committed import always has one).
   * Refused for an import that would be staged: staged writes have no one commit to guard.
   */
  readonly beforeCommit?: (tx: Transaction, summary: ImportSummary, plan: ImportPlan) => Promise<void>;
  /**
   * Runs in the import's one transaction after the graph was read and compared, before the first
   * write: the graph as it is BEFORE the import, with the plan of what will change (the HTTP
   * import checks a steward's scope over the records' old state here, and over the new one in
   * `beforeCommit`). A throw rolls back. Refused for a staged import, as `beforeCommit` is.
   */
  readonly beforeWrites?: (tx: Transaction, plan: ImportPlan) => Promise<void>;
}

export interface ImportReport {
  readonly mode: "dry-run" | "single-transaction" | "staged" | "inspected";
  readonly records: number;
  readonly summary: ImportSummary;
  readonly millis: number;
}

/** Thrown to roll back an import after `inspect` looked at it. */
class RolledBack extends Error {
  constructor(readonly summary: ImportSummary) {
    super("rolled back after inspection");
  }
}

export const DEFAULT_BATCH_SIZE = 5_000;
export const DEFAULT_SINGLE_TRANSACTION_LIMIT = 50_000;

/** Rejects a plan that would overwrite an entity of another kind, with the problems located in the seed. */
function assertNoConflicts(plan: ImportPlan): void {
  if (plan.conflicts.length > 0) throw new SeedValidationError(sortProblems([...plan.conflicts]));
}

export async function importSeed(db: Database, source: string | SeedValidation, options: ImportOptions = {}): Promise<ImportReport> {
  const started = performance.now();
  const validation = typeof source === "string" ? validateSeed(source) : source;
  if (validation.problems.length > 0) throw new SeedValidationError(validation.problems);
  const model: SeedModel = validation.model;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const timeoutMs = options.timeoutMs ?? IMPORT_TRANSACTION_TIMEOUT_MS;
  const records = model.entities.length;
  const report = (mode: ImportReport["mode"], summary: ImportSummary): ImportReport => ({ mode, records, summary, millis: Math.round(performance.now() - started) });

  if (options.dryRun) {
    const plan = await db.readTransaction(
      async (tx) => {
        const state = await readGraphState(tx, model, batchSize);
        return planImport(model, state.entities, state.relations);
      },
      { timeoutMs },
    );
    assertNoConflicts(plan);
    return report("dry-run", plan.summary);
  }

  // Over the limit the import is staged: several commits, so neither a look before the one commit nor a rollback after it exists.
  const staged = records > (options.singleTransactionLimit ?? DEFAULT_SINGLE_TRANSACTION_LIMIT);
  if (options.inspect && staged) {
    throw new Error(`${records} records are too many to load and inspect in one transaction; import the folder, then check the graph.`);
  }
  if ((options.beforeCommit || options.beforeWrites) && staged) {
    throw new Error(`${records} records are too many to check in one transaction; import them with npm run seed.`);
  }
  if (staged) {
    const summary = await importStaged(db, model, {
      batchSize,
      journalDir: options.journalDir ?? DEFAULT_JOURNAL_DIR,
      folder: validation.folder,
      onProgress: options.onProgress,
      beforeStep: options.beforeStep,
    });
    // Staged writes span many transactions; importStaged has the roll-ups follow in a pass of their
    // own before it drops its journal (an undo, or `seed recover`, brings them back with the graph).
    if (options.refreshStatistics !== false) await refreshStatistics(db);
    return report("staged", summary);
  }

  // One transaction: read, compare and write see the same graph, and a failure anywhere rolls back
  // everything. The driver may retry the whole function on a transient error, so it keeps no state outside.
  const summary = await db.writeTransaction(async (tx) => {
    const state = await readGraphState(tx, model, batchSize);
    const plan = planImport(model, state.entities, state.relations);
    assertNoConflicts(plan);
    await options.beforeWrites?.(tx, plan);
    const total = planSize(plan);
    let done = 0;
    const steps = importSteps(plan, batchSize, true);
    for (const step of steps) {
      await options.beforeStep?.(step);
      await runStep(tx, step);
      done += step.rows.length;
      options.onProgress?.({ phase: "writing", done, total });
    }
    // Every place and organisation written, and both ends of every coverage link written or
    // deleted, in this same transaction (not the seed's own codes: a deleted link's far end may be
    // a place the seed does not know).
    await maintainRollups(tx, coverageCodesOf(steps));
    await options.beforeCommit?.(tx, plan.summary, plan);
    if (options.inspect) {
      await options.inspect(tx);
      throw new RolledBack(plan.summary);
    }
    return plan.summary;
  }, { timeoutMs }).catch((error: unknown) => {
    if (error instanceof RolledBack) return error.summary;
    throw error;
  });
  if (options.inspect) return report("inspected", summary);
  if (options.refreshStatistics !== false) await refreshStatistics(db);
  return report("single-transaction", summary);
}

/**
 * After a bulk change the planner still sees the old index statistics and may choose scans over
 * expansions (docs/ANALYTICS.md measured 10× the db hits); resampling and dropping cached plans
 * restores the intended plans at once.
 */
export async function refreshStatistics(db: Database): Promise<void> {
  await db.autoCommit({ name: "seed.resampleIndexes", cypher: "CALL db.resampleOutdatedIndexes()" });
  await db.autoCommit({ name: "seed.clearQueryCaches", cypher: "CALL db.clearQueryCaches()" });
}
