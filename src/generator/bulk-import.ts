import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { RollupMaintenance } from "../coverage/rollup.maintain.js";
import { Database, importIntoLocalStore, localStoreDirectory, migrate, portAnswers, removeLocalStore, startLocalNeo4j, type RunningNeo4j } from "../database/index.js";
import { refreshStatistics } from "../seeding/index.js";
import { ARRAY_DELIMITER, BulkCsvWriter, ImportIds } from "./bulk-csv.js";
import { bulkParts } from "./bulk-parts.js";
import { BulkRollups } from "./bulk-rollups.js";
import { addCounts, emptyCounts, type GraphCounts } from "./counts.js";
import type { GeneratorOptions } from "./generate.js";
import type { GeneratedChunk } from "./model.js";

/**
 * The offline import of a generated network into an EMPTY local Neo4j store: every part is
 * generated and validated as the online import does it (validateChunk), encoded as CSV with the
 * online import's mapping (bulk-csv.ts) — by worker threads, one part each at a time, while this
 * thread writes the finished parts in generation order (bulk-parts.ts) — and the whole store is then built by Neo4j's own
 * `neo4j-admin database import` while the DBMS is stopped. Neo4j is started again, the schema
 * migrations are applied (constraints and indexes over the imported data). The coverage roll-ups
 * are computed in Node from the same validated parts (bulk-rollups.ts) and imported with the rest,
 * so nothing is rebuilt after the start.
 *
 * All or nothing: the store is replaced only by a complete, validated import (a validation problem
 * or a failed CSV write stops before the admin tool runs; the admin tool fails as a whole). Only an
 * empty store is replaced — one that holds nothing but the migration ledger — so running the
 * command again over an imported store is refused rather than duplicating or losing anything;
 * add to a filled store with the online `--import`, which is idempotent part by part.
 */
export type BulkImportRefusal = "BULK_IMPORT_STORE_NOT_EMPTY" | "BULK_IMPORT_NEO4J_RUNNING";

export class BulkImportRefused extends Error {
  constructor(
    readonly code: BulkImportRefusal,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = "BulkImportRefused";
  }
}

export interface BulkImportTarget {
  /** The local Neo4j's home (LOCAL_NEO4J_DATA_DIR). */
  readonly home: string;
  readonly boltPort: number;
  readonly heap: string;
  readonly pageCache: string;
  /** More Neo4j settings for the instance started afterwards. */
  readonly settings?: Readonly<Record<string, string>>;
  /** How long each start of Neo4j may take (default 10 minutes: a fresh store's first start on a busy machine is slow). */
  readonly startTimeoutMs?: number;
  /** Where the CSV files are written (default `<home>/bulk-import-csv`, removed after the import). */
  readonly csvFolder?: string;
}

export interface BulkPartWritten {
  readonly part: "district" | "subdistrict";
  readonly index: number;
  readonly entities: number;
  readonly relationships: number;
  readonly millis: number;
}

export interface BulkImportHooks {
  readonly onChunk?: ((chunk: GeneratedChunk) => void) | undefined;
  readonly onPart?: (part: BulkPartWritten) => void;
  /** A stage begins or ends, or the admin tool prints a line. */
  readonly log?: (message: string) => void;
  /** Worker threads that generate, validate and encode the parts (default one per core; 0: this thread). */
  readonly workers?: number | undefined;
}

export interface BulkImportReport {
  readonly parts: number;
  /** What the import put into the empty graph, counted from the generated records. */
  readonly expected: GraphCounts;
  readonly written: { readonly entities: number; readonly relationships: number };
  readonly rollups: RollupMaintenance;
  /** Milliseconds per stage and in total (Neo4j's starts included). */
  readonly millis: { readonly check: number; readonly csv: number; readonly adminImport: number; readonly start: number; readonly migrate: number; readonly total: number };
}

export interface BulkImported {
  readonly report: BulkImportReport;
  /** The local Neo4j, started over the imported store; the caller stops it. */
  readonly neo4j: RunningNeo4j;
}

const TRANSACTION_TIMEOUT_MS = 600_000;
const START_TIMEOUT_MS = 600_000;

function connect(neo4j: RunningNeo4j): Database {
  return Database.connect({ uri: neo4j.uri }, { transactionTimeoutMs: TRANSACTION_TIMEOUT_MS });
}

/** Refuses a running Neo4j (its store cannot be replaced under it) and a store with more than the migration ledger. */
async function assertEmptyStore(target: BulkImportTarget, log: (message: string) => void): Promise<void> {
  if (await portAnswers(target.boltPort)) {
    throw new BulkImportRefused("BULK_IMPORT_NEO4J_RUNNING", `something answers on port ${target.boltPort}; the bulk import replaces the store of a stopped local Neo4j — stop it first (or use --import)`);
  }
  if (!existsSync(localStoreDirectory(target.home))) return;
  log(`checking that the store in ${target.home} is empty …`);
  const neo4j = await startLocalNeo4j({ home: target.home, boltPort: target.boltPort, heap: target.heap, pageCache: target.pageCache, startTimeoutMs: target.startTimeoutMs ?? START_TIMEOUT_MS, log });
  const db = connect(neo4j);
  try {
    const [row] = await db.read({ name: "generator.bulk.nonLedgerNodes", cypher: "MATCH (n) WHERE NOT n:SchemaMigration RETURN count(n) AS nodes" });
    const nodes = Number(row?.nodes ?? 0);
    if (nodes > 0) {
      throw new BulkImportRefused(
        "BULK_IMPORT_STORE_NOT_EMPTY",
        `the store in ${target.home} holds ${nodes} nodes besides the migration ledger; the bulk import only fills an empty store — use --import to add to it, or point LOCAL_NEO4J_DATA_DIR at a new folder`,
      );
    }
  } finally {
    await db.close();
    await neo4j.stop();
  }
}

export async function bulkImportGenerated(options: GeneratorOptions, target: BulkImportTarget, hooks: BulkImportHooks = {}): Promise<BulkImported> {
  const log = hooks.log ?? (() => undefined);
  const started = performance.now();
  let mark = started;
  const lap = () => {
    const now = performance.now();
    const millis = Math.round(now - mark);
    mark = now;
    return millis;
  };

  await assertEmptyStore(target, log);
  const check = lap();

  const folder = resolve(target.csvFolder ?? join(target.home, "bulk-import-csv"));
  rmSync(folder, { recursive: true, force: true });
  const expected = emptyCounts();
  const writer = new BulkCsvWriter(folder);
  const rollupsInNode = new BulkRollups();
  const emptyLinks: string[] = [];
  let parts = 0;
  /** Where the node ids of the parts written so far end. */
  let idsEnd = 0;
  let files;
  try {
    for await (const result of bulkParts(options, { workers: hooks.workers, withChunk: hooks.onChunk !== undefined })) {
      const { part, index } = result.part;
      addCounts(expected, result.counts);
      if (result.chunk) hooks.onChunk?.(result.chunk);
      rollupsInNode.merge(result.rollups, part === "subdistrict");
      writer.write(result.csv, result);
      emptyLinks.push(...result.emptyLinks);
      idsEnd = result.ids.base + result.ids.nodes;
      parts++;
      // The part's own time in its worker (generate + validate + encode).
      hooks.onPart?.({ part, index, entities: result.entities, relationships: result.relationships, millis: result.millis.generate + result.millis.validate + result.millis.encode });
    }
    const lastPoints = rollupsInNode.finish();
    emptyLinks.push(...writer.appendRollups([], lastPoints, ImportIds.ofPart({ base: idsEnd, topBase: idsEnd }, lastPoints.length)).emptyLinks);
  } finally {
    files = writer.close();
  }
  const rollups: RollupMaintenance = { places: rollupsInNode.places, points: rollupsInNode.points };
  const csv = lap();
  log(`CSV: ${files.nodes} nodes in ${files.nodeFiles.length} files, ${files.relationships} relationships in ${files.relationshipFiles.length} files (${folder})`);

  await importIntoLocalStore({
    home: target.home,
    nodeFiles: files.nodeFiles,
    relationshipFiles: files.relationshipFiles,
    arrayDelimiter: ARRAY_DELIMITER,
    idType: files.idType,
    multilineFields: files.multilineFields,
    heap: "1g",
    onOutput: (line) => log(`neo4j-admin: ${line}`),
  }).catch((error: unknown) => {
    // A failed import leaves store files "likely in an unusable state" (its own warning).
    // The store held nothing but the ledger before (assertEmptyStore): removing it loses nothing.
    removeLocalStore(target.home);
    throw error;
  });
  rmSync(folder, { recursive: true, force: true });
  const adminImport = lap();

  const neo4j = await startLocalNeo4j({
    home: target.home,
    boltPort: target.boltPort,
    heap: target.heap,
    pageCache: target.pageCache,
    settings: target.settings,
    startTimeoutMs: target.startTimeoutMs ?? START_TIMEOUT_MS,
    log,
  });
  const start = lap();
  const db = connect(neo4j);
  try {
    await migrate(db);
    // An empty list cannot be a CSV cell: the sources of places without a part-of link get theirs now.
    await db.autoCommit({
      name: "generator.bulk.emptyLinks",
      cypher: "UNWIND $places AS place MATCH (s:CoverageSource {place: place}) SET s.links = $none RETURN count(*) AS set",
      params: { places: emptyLinks, none: [] },
    });
    // The migrations' constraints and indexes are populated in the background; coverage seeks on them.
    await db.autoCommit({ name: "generator.bulk.awaitIndexes", cypher: "CALL db.awaitIndexes(600)" });
    // Fresh indexes over a store the planner has no statistics of yet: without a resample the
    // statements may be planned as scans.
    await refreshStatistics(db);
    const migrated = lap();
    return {
      neo4j,
      report: {
        parts,
        expected,
        written: { entities: files.nodes, relationships: files.relationships },
        rollups,
        millis: { check, csv, adminImport, start, migrate: migrated, total: Math.round(performance.now() - started) },
      },
    };
  } catch (error) {
    // A migration refused the imported data (two entities with one code make entity_code fail,
    // two roll-up points of one place and day coverage_rollup_point: the admin tool no longer
    // sees codes), or the indexes did not come up: the import is not done.
    await neo4j.stop();
    removeLocalStore(target.home);
    throw error;
  } finally {
    await db.close();
  }
}
