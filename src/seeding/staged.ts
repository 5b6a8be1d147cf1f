import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT, type Database } from "../database/index.js";
import type { EntityLabel } from "../graph/vocabulary.js";
import type { SeedModel } from "./model.js";
import { planImport, planSize, type ExistingRelation, type ImportSummary } from "./plan.js";
import { SeedValidationError, sortProblems } from "./problems.js";
import {
  createRelationsQuery,
  deleteEntitiesQuery,
  deleteRelationsByContentQuery,
  deleteRelationsQuery,
  existingRelationIdsQuery,
  restoreEntitiesQuery,
  type EntityWriteRow,
  type RelationWriteRow,
} from "./queries.js";
import type { SeedRelationType } from "./spec.js";
import { chunks, groupInto, readGraphState, type QueryRunner } from "./state.js";
import { coverageCodesOf, IMPORT_TRANSACTION_TIMEOUT_MS, importSteps, runStep, type ImportProgress, type ImportStep, type SerialisedStep } from "./steps.js";
import { maintainRollupsInBatches } from "../coverage/rollup.maintain.js";

/**
 * Imports too large for one transaction (heap, transaction log) are applied in batches, each its
 * own transaction, with a compensating journal:
 *
 * 1. Before a batch is written, its intent is appended (and fsynced) to a journal file: the rows,
 *    and for updates the entities' properties and versions as they were.
 * 2. After it commits, a `done` line records the element ids of the relations it created.
 * 3. Batches run in the order create entities → update entities → create relations → delete
 *    relations, so everything destroyed is destroyed last.
 * 4. If a batch fails, the journal is replayed backwards: deleted relations are recreated,
 *    created relations deleted (by id, or by content for a batch whose `done` line is missing),
 *    updated entities get their old properties and version back, created entities are deleted.
 *    The journal is removed once the graph is back as it was.
 * 5. After the last batch, a `rollups` line, then the coverage roll-ups follow (coverageCodesOf
 *    the steps, in batches of their own), and only then is the journal removed: a failure there
 *    undoes the batches like any other, and an undo of a journal with that line ends by bringing
 *    the roll-ups of the journalled steps back in step with the restored graph.
 * 6. If the process dies mid-way, the journal stays in `.data/seed-journal/`; the next staged
 *    import refuses to start until `npm run seed -- recover <journal>` has run the same
 *    compensation.
 *
 * Not isolated: other writers see the import's batches as they commit. Run large imports when
 * nothing else writes the seeded entities (typically into an empty graph, for benchmarks).
 */
/** Codes per transaction of the roll-ups' pass (its own size: a statement's rows are not a pass's). */
const ROLLUP_BATCH = 2_000;

export const DEFAULT_JOURNAL_DIR = join(PROJECT_ROOT, ".data", "seed-journal");

type JournalEntry =
  | { readonly type: "start"; readonly startedAt: string; readonly folder: string }
  | { readonly type: "intent"; readonly step: SerialisedStep; readonly before?: readonly EntityWriteRow[] }
  | { readonly type: "done"; readonly batch: number; readonly ids: readonly string[] }
  /** Every batch committed; the roll-ups' pass begins (an undo from here on recomputes them too). */
  | { readonly type: "rollups" };

export class StagedImportError extends Error {
  constructor(
    message: string,
    readonly journal: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "StagedImportError";
  }
}

class Journal {
  private readonly fd: number;
  constructor(readonly file: string) {
    this.fd = openSync(file, "a");
  }
  append(entry: JournalEntry): void {
    writeSync(this.fd, JSON.stringify(entry) + "\n");
    fsyncSync(this.fd);
  }
  close(): void {
    closeSync(this.fd);
  }
}

/** Journals of staged imports that neither finished nor were compensated. */
export function pendingJournals(dir: string = DEFAULT_JOURNAL_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".jsonl"))
    .sort()
    .map((name) => join(dir, name));
}

export interface StagedOptions {
  readonly batchSize: number;
  readonly journalDir: string;
  readonly folder: string;
  readonly onProgress?: ((progress: ImportProgress) => void) | undefined;
  readonly beforeStep?: ((step: ImportStep) => void | Promise<void>) | undefined;
}

function readRunner(db: Database): QueryRunner {
  return { run: (query) => db.read(query) };
}

export async function importStaged(db: Database, model: SeedModel, options: StagedOptions): Promise<ImportSummary> {
  const pending = pendingJournals(options.journalDir);
  if (pending.length > 0) {
    throw new StagedImportError(
      `An earlier staged import was interrupted and its changes are still in the graph. Undo them first: npm run seed -- recover ${pending[0]}`,
      pending[0],
    );
  }
  const state = await readGraphState(readRunner(db), model, options.batchSize);
  const plan = planImport(model, state.entities, state.relations);
  if (plan.conflicts.length > 0) throw new SeedValidationError(sortProblems([...plan.conflicts]));

  mkdirSync(options.journalDir, { recursive: true });
  const file = join(options.journalDir, `import-${new Date().toISOString().replace(/[:.]/g, "-")}-${process.pid}.jsonl`);
  const journal = new Journal(file);
  journal.append({ type: "start", startedAt: new Date().toISOString(), folder: options.folder });
  const before = new Map([...plan.before].flatMap(([, rows]) => rows.map((row) => [row.code, row] as const)));
  const total = planSize(plan);
  let done = 0;
  const steps = importSteps(plan, options.batchSize);
  try {
    for (const step of steps) {
      const { query: _query, ...serialised } = step;
      journal.append({
        type: "intent",
        step: serialised,
        ...(step.stage === "updateEntities" ? { before: step.rows.map((row) => before.get(row.code)!) } : {}),
      });
      await options.beforeStep?.(step);
      const ids = await db.writeTransaction((tx) => runStep(tx, step), { timeoutMs: IMPORT_TRANSACTION_TIMEOUT_MS });
      journal.append({ type: "done", batch: step.batch, ids });
      done += step.rows.length;
      options.onProgress?.({ phase: "writing", done, total });
    }
    journal.append({ type: "rollups" });
    await maintainRollupsInBatches(db, coverageCodesOf(steps), ROLLUP_BATCH, IMPORT_TRANSACTION_TIMEOUT_MS);
  } catch (error) {
    journal.close();
    try {
      const entries = readJournal(file);
      await compensate(db, entries, options.batchSize, options.onProgress);
      await followUndo(db, entries);
    } catch (compensationError) {
      throw new StagedImportError(
        `The staged import failed (${(error as Error).message}) and undoing it failed too (${(compensationError as Error).message}). Retry the undo: npm run seed -- recover ${file}`,
        file,
        { cause: error },
      );
    }
    rmSync(file, { force: true });
    throw new StagedImportError(`The staged import failed and was undone; the graph is as before. Cause: ${(error as Error).message}`, undefined, { cause: error });
  }
  journal.close();
  rmSync(file, { force: true });
  return plan.summary;
}

function readJournal(file: string): JournalEntry[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as JournalEntry];
      } catch {
        return []; // a line cut short by a crash: its batch never got its `done`, which is handled
      }
    });
}

/** Undoes a staged import from its journal, last batch first. Safe to run again if it is interrupted. */
async function compensate(db: Database, entries: readonly JournalEntry[], batchSize: number, onProgress?: (progress: ImportProgress) => void): Promise<void> {
  const intents = entries.filter((entry): entry is Extract<JournalEntry, { type: "intent" }> => entry.type === "intent");
  const doneIds = new Map(entries.filter((entry): entry is Extract<JournalEntry, { type: "done" }> => entry.type === "done").map((entry) => [entry.batch, entry.ids]));
  const total = intents.reduce((sum, intent) => sum + intent.step.rows.length, 0);
  let progressed = 0;
  const advance = (rows: number) => {
    progressed += rows;
    onProgress?.({ phase: "compensating", done: progressed, total });
  };
  const write = (query: Parameters<Database["write"]>[0]) => db.write(query);
  for (const intent of [...intents].reverse()) {
    const step = intent.step;
    switch (step.stage) {
      case "deleteRelations": {
        const relations = step.rows as readonly ExistingRelation[];
        const present = new Set((await db.read(existingRelationIdsQuery(relations.map((relation) => relation.id)))).map((row) => row.id as string));
        const byType = new Map<SeedRelationType, RelationWriteRow[]>();
        for (const relation of relations.filter((candidate) => !present.has(candidate.id))) {
          groupInto(byType, relation.type, { from: relation.from, to: relation.to, validFrom: relation.validFrom, validTo: relation.validTo, properties: relation.properties });
        }
        for (const [type, rows] of byType) for (const part of chunks(rows, batchSize)) await write(createRelationsQuery(type, part));
        break;
      }
      case "createRelations": {
        const ids = doneIds.get(step.batch);
        if (ids) await write(deleteRelationsQuery(ids));
        // Staged imports run steps of one type each (importSteps without bulk), so the type is known.
        else if (step.type !== null) await write(deleteRelationsByContentQuery(step.type, step.rows as readonly RelationWriteRow[]));
        else throw new Error(`staged import journal: batch ${step.batch} mixes relation types and has no ids`);
        break;
      }
      case "updateEntities":
        await write(restoreEntitiesQuery(step.label as EntityLabel, intent.before ?? []));
        break;
      case "createEntities":
        await write(deleteEntitiesQuery((step.rows as readonly EntityWriteRow[]).map((row) => row.code)));
        break;
    }
    advance(step.rows.length);
  }
}

/**
 * After an undo, if the roll-ups' pass had begun (they are untouched before it), the roll-ups of
 * every journalled step are recomputed from the restored graph.
 */
async function followUndo(db: Database, entries: readonly JournalEntry[]): Promise<void> {
  if (!entries.some((entry) => entry.type === "rollups")) return;
  const steps = entries.flatMap((entry) => (entry.type === "intent" ? [entry.step] : []));
  await maintainRollupsInBatches(db, coverageCodesOf(steps), ROLLUP_BATCH, IMPORT_TRANSACTION_TIMEOUT_MS);
}

/**
 * `npm run seed -- recover <journal>`: undoes an interrupted staged import (and the roll-ups with
 * it, if it died during their pass), then removes its journal.
 */
export async function recoverImport(db: Database, file: string, onProgress?: (progress: ImportProgress) => void): Promise<void> {
  const entries = readJournal(file);
  await compensate(db, entries, 5_000, onProgress);
  await followUndo(db, entries);
  rmSync(file, { force: true });
}
