import type { CypherQuery } from "../database/index.js";
import { ENTITY_LABELS, type EntityLabel } from "../graph/vocabulary.js";
import type { ExistingRelation, ImportPlan } from "./plan.js";
import {
  createEntitiesBulkQuery,
  createEntitiesQuery,
  createRelationsBulkQuery,
  createRelationsQuery,
  deleteRelationsQuery,
  updateEntitiesQuery,
  type BulkRelationWriteRow,
  type EntityWriteRow,
  type RelationWriteRow,
} from "./queries.js";
import { labelsOf, SEED_RELATION_TYPES, type SeedRelationType } from "./spec.js";
import { chunks, type QueryRunner } from "./state.js";

/**
 * An import plan cut into write statements of at most `batchSize` rows, in an order where every
 * statement finds what it needs: entities first, then their relations, and deletions last (so a
 * staged import that fails before them has destroyed nothing it must rebuild).
 */
export type ImportStage = "createEntities" | "updateEntities" | "createRelations" | "deleteRelations";

/**
 * `label` / `type` null: a bulk step of several kinds (one transaction only; a staged import's
 * compensation needs steps of one kind).
 */
export type ImportStep =
  | { readonly stage: "createEntities"; readonly label: EntityLabel | null; readonly batch: number; readonly rows: readonly EntityWriteRow[]; readonly query: CypherQuery }
  | { readonly stage: "updateEntities"; readonly label: EntityLabel; readonly batch: number; readonly rows: readonly EntityWriteRow[]; readonly query: CypherQuery }
  | { readonly stage: "createRelations"; readonly type: SeedRelationType | null; readonly batch: number; readonly rows: readonly RelationWriteRow[]; readonly query: CypherQuery }
  | { readonly stage: "deleteRelations"; readonly batch: number; readonly rows: readonly ExistingRelation[]; readonly query: CypherQuery };

/** A step without its Cypher (as a staged import's journal keeps it). */
export type SerialisedStep = ImportStep extends infer S ? (S extends ImportStep ? Omit<S, "query"> : never) : never;

export function importSteps(plan: ImportPlan, batchSize: number, bulk = false): ImportStep[] {
  const steps: ImportStep[] = [];
  let batch = 0;
  if (bulk) {
    const rows = ENTITY_LABELS.flatMap((label) => (plan.creates.get(label) ?? []).map((row) => ({ ...row, labels: labelsOf(label) })));
    for (const part of chunks(rows, batchSize)) steps.push({ stage: "createEntities", label: null, batch: batch++, rows: part, query: createEntitiesBulkQuery(part) });
  } else {
    for (const label of ENTITY_LABELS) {
      for (const rows of chunks(plan.creates.get(label) ?? [], batchSize)) {
        steps.push({ stage: "createEntities", label, batch: batch++, rows, query: createEntitiesQuery(label, rows) });
      }
    }
  }
  for (const label of ENTITY_LABELS) {
    for (const rows of chunks(plan.updates.get(label) ?? [], batchSize)) {
      steps.push({ stage: "updateEntities", label, batch: batch++, rows, query: updateEntitiesQuery(label, rows) });
    }
  }
  if (bulk) {
    // Sorted by start node, then end node: each node's relationship chain is written in one run.
    const rows = SEED_RELATION_TYPES.flatMap((type) => (plan.relationCreates.get(type) ?? []).map((row) => ({ ...row, type })));
    rows.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
    for (const part of chunks(rows, batchSize)) steps.push({ stage: "createRelations", type: null, batch: batch++, rows: part, query: createRelationsBulkQuery(part) });
  } else {
    for (const type of SEED_RELATION_TYPES) {
      for (const rows of chunks(plan.relationCreates.get(type) ?? [], batchSize)) {
        steps.push({ stage: "createRelations", type, batch: batch++, rows, query: createRelationsQuery(type, rows) });
      }
    }
  }
  for (const rows of chunks(plan.relationDeletes, batchSize)) {
    steps.push({ stage: "deleteRelations", batch: batch++, rows, query: deleteRelationsQuery(rows.map((relation) => relation.id)) });
  }
  return steps;
}

/** The relation types a coverage figure depends on (docs/ANALYTICS.md, "Roll-ups"). */
const COVERAGE_RELATIONS: readonly string[] = ["PART_OF", "BUILT_AT"];

/**
 * The entities whose coverage roll-ups a set of steps can move, for maintainRollups: the places
 * and organisations written, and BOTH endpoints of every part-of and built-at link created or
 * deleted. A deleted link's far end must be named: once it is gone nothing the import wrote still
 * reaches it (a re-import that hands a compound back from a merger's community the seed does not
 * know, or an organisation rebuilt there back to its seed place). maintainRollups walks on from
 * them (below a place whose own links changed, up to three links above each). Works on journalled
 * steps too, so the undo of a staged import can bring the roll-ups back with the graph.
 */
export function coverageCodesOf(steps: readonly SerialisedStep[]): string[] {
  const codes = new Set<string>();
  for (const step of steps) {
    if (step.stage === "createEntities" || step.stage === "updateEntities") {
      // A bulk step (label null) carries each row's labels.
      for (const row of step.rows as readonly (EntityWriteRow & { labels?: readonly string[] })[]) {
        const labels = step.label ? [step.label] : (row.labels ?? []);
        if (labels.includes("Place") || labels.includes("Organisation")) codes.add(row.code);
      }
    } else {
      for (const row of step.rows as readonly (BulkRelationWriteRow | ExistingRelation)[]) {
        const type = step.stage === "createRelations" ? (step.type ?? row.type) : row.type;
        if (COVERAGE_RELATIONS.includes(type)) codes.add(row.from).add(row.to);
      }
    }
  }
  return [...codes];
}

/** The number of rows a statement must report, or it touched something it should not have. */
export function expectedCount(step: ImportStep): number {
  return step.rows.length;
}

export function describeStep(step: ImportStep): string {
  const what = step.stage === "createEntities" || step.stage === "updateEntities" ? (step.label ?? "entities") : step.stage === "createRelations" ? (step.type ?? "relations") : "relations";
  return `${step.stage} ${what} (batch ${step.batch + 1}, ${step.rows.length} rows)`;
}

export interface ImportProgress {
  readonly phase: "writing" | "compensating";
  readonly done: number;
  readonly total: number;
}

/** Runs one write statement and checks it wrote exactly its rows: a shortfall means the graph moved under us. */
export async function runStep(runner: QueryRunner, step: ImportStep): Promise<string[]> {
  const rows = await runner.run(step.query);
  const journalled = step.stage === "createRelations" && step.type !== null;
  const written = journalled ? rows.length : Number(rows[0]?.written ?? rows[0]?.deleted ?? 0);
  if (written !== step.rows.length) {
    throw new Error(`seed import: ${describeStep(step)} wrote ${written} of ${step.rows.length} rows; an endpoint is missing or changed meanwhile`);
  }
  return journalled ? rows.map((row) => row.id as string) : [];
}

/** An import is not a request: a 50 000-record transaction on a busy machine may take minutes. */
export const IMPORT_TRANSACTION_TIMEOUT_MS = 30 * 60_000;
