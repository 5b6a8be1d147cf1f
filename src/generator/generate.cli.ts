import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { ConfigError, loadConfig, type HubConfig } from "../config/index.js";
import { Database, migrate, startLocalNeo4j, type RunningNeo4j } from "../database/index.js";
import { formatProblem, SeedValidationError } from "../seeding/index.js";
import {
  countChunk,
  emptyCounts,
  GeneratedFolderError,
  generateChunks,
  importGenerated,
  parseScale,
  partCount,
  importProgressDisplay,
  bulkImportGenerated,
  BulkImportRefused,
  bulkProgressDisplay,
  ScaleError,
  SeedFolderWriter,
  type GeneratedImportReport,
  type GeneratorOptions,
} from "./index.js";
import { allCountsQuery, entityCountsQuery } from "./queries.js";

/**
 * `npm run generate -- --seed 42 --scale S1 [--out <folder>] [--import [--local] | --bulk-import [--workers <n>]]`:
 * writes a synthetic seed folder and/or imports it into Neo4j, and reports time, peak memory and
 * counts (docs/SCALE.md). Exit codes: 0 done, 1 the generated seed does not validate (a generator
 * bug), 2 usage, 3 failure, 4 the bulk import refused the store (not empty, or Neo4j running).
 */
const HELP = `Usage: npm run generate -- [--seed <n>] [--scale S1|S2|S3|<subdistricts>] [--out <folder>] [--import [--local] | --bulk-import [--workers <n>]]

Generates a synthetic, deterministic party-organisation network in the shapes and ratios of
seeds/longhutang: the same seed and scale give the same output, byte for byte.

Options
  --seed <n>        any integer (default 42)
  --scale <s>       S1 (1 subdistrict, ~10k nodes), S2 (10, ~100k), S3 (100, ~1M) or a number of
                    subdistricts (default S1)
  --out <folder>    write the seed folder there (default seeds/generated-<scale>, git-ignored);
                    only an empty folder or an earlier generated seed is replaced
  --import          import into Neo4j, one subdistrict per transaction (validated first); with
                    --import and no --out, no folder is written
  --local           no NEO4J_URI: use the project's own Neo4j (reused when running, otherwise
                    started for the command and stopped afterwards; LOCAL_NEO4J_* settings apply)
  --batch-size <n>  rows per UNWIND statement on import (default 5000)
  --workers <n>     with --bulk-import: worker threads that generate, validate and encode the
                    parts (default: one per core; 0 does them on the main thread)
  --bulk-import     fill an EMPTY local Neo4j store offline, many times faster than --import:
                    every part is validated and written as CSV, then \`neo4j-admin database import\`
                    builds the store while Neo4j is stopped; Neo4j is started, migrated and the
                    coverage roll-ups computed. Uses the project's own Neo4j (LOCAL_NEO4J_*
                    settings, not NEO4J_URI); it must not be running. A store holding more than
                    the migration ledger is refused (exit 4, BULK_IMPORT_STORE_NOT_EMPTY): add to
                    a filled store with --import
  -h, --help        this text

Examples
  npm run generate -- --seed 42 --scale S1
  npm run generate -- --seed 7 --scale S2 --import --local
  LOCAL_NEO4J_HEAP=4g LOCAL_NEO4J_PAGECACHE=4g npm run generate -- --scale S3 --import --local
  LOCAL_NEO4J_DATA_DIR=.data/neo4j-s3 npm run generate -- --scale S3 --bulk-import
`;

class UsageError extends Error {}

interface Arguments {
  readonly seed: number;
  readonly scaleText: string;
  readonly subdistricts: number;
  readonly out: string | undefined;
  readonly importing: boolean;
  readonly local: boolean;
  readonly bulk: boolean;
  readonly batchSize: number | undefined;
  readonly workers: number | undefined;
}

const VALUED = new Set(["--seed", "--scale", "--out", "--batch-size", "--workers"]);
const FLAGS = new Set(["--import", "--local", "--bulk-import"]);

function parseArguments(argv: readonly string[]): Arguments | "help" {
  if (argv.includes("--help") || argv.includes("-h")) return "help";
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (FLAGS.has(arg)) flags.add(arg);
    else if (VALUED.has(arg)) {
      const value = argv[++index];
      if (value === undefined || value.startsWith("--")) throw new UsageError(`${arg} needs a value`);
      values.set(arg, value);
    } else throw new UsageError(`unexpected argument ${arg}`);
  }
  const seedText = values.get("--seed") ?? "42";
  if (!/^-?\d{1,15}$/.test(seedText)) throw new UsageError(`--seed must be an integer, got "${seedText}"`);
  const scaleText = values.get("--scale") ?? "S1";
  let subdistricts: number;
  try {
    subdistricts = parseScale(scaleText);
  } catch (error) {
    if (error instanceof ScaleError) throw new UsageError(error.message);
    throw error;
  }
  const batchText = values.get("--batch-size");
  if (batchText !== undefined && !/^[1-9]\d{0,5}$/.test(batchText)) throw new UsageError(`--batch-size must be a positive integer, got "${batchText}"`);
  const importing = flags.has("--import");
  const bulk = flags.has("--bulk-import");
  if (bulk && importing) throw new UsageError("--bulk-import and --import are two ways to import: choose one");
  if (bulk && batchText !== undefined) throw new UsageError("--batch-size goes with --import (the bulk import writes no statements)");
  const workersText = values.get("--workers");
  if (workersText !== undefined && !/^\d{1,2}$/.test(workersText)) throw new UsageError(`--workers must be a whole number (0 for none), got "${workersText}"`);
  if (workersText !== undefined && !bulk) throw new UsageError("--workers goes with --bulk-import");
  if (flags.has("--local") && !importing) throw new UsageError(bulk ? "--bulk-import always uses the project's own Neo4j: drop --local" : "--local goes with --import");
  const out = values.get("--out") ?? (importing || bulk ? undefined : join("seeds", `generated-${scaleText.toLowerCase()}`));
  return { seed: Number(seedText), scaleText, subdistricts, out, importing, local: flags.has("--local"), bulk, batchSize: batchText === undefined ? undefined : Number(batchText), workers: workersText === undefined ? undefined : Number(workersText) };
}

interface Connection {
  readonly db: Database;
  readonly where: string;
  /** The JVM's peak resident memory so far, when this command started it. */
  readonly neo4jPeakRss: () => number | undefined;
  close(): Promise<void>;
}

/** Peak resident set size of a process in bytes (Linux /proc), undefined elsewhere. */
function peakRssOf(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** NEO4J_URI, or with --local the project's own Neo4j, as `npm run seed` does. */
async function connect(config: HubConfig, local: boolean): Promise<Connection> {
  // One subdistrict is one transaction; the hub's per-request limit is meant for API calls.
  const options = { transactionTimeoutMs: process.env.NEO4J_TX_TIMEOUT_MS ? config.transactionTimeoutMs : 600_000 };
  const none = () => undefined;
  if (config.neo4j.kind === "external") {
    const db = Database.connect(config.neo4j, options);
    return { db, where: config.neo4j.uri, neo4jPeakRss: none, close: () => db.close() };
  }
  if (!local) throw new UsageError("NEO4J_URI is not set: point --import at a database with NEO4J_URI (and credentials), or add --local for the project's own Neo4j.");
  const uri = `bolt://127.0.0.1:${config.neo4j.boltPort}`;
  const existing = Database.connect({ uri }, options);
  if (await existing.ping(2_000)) return { db: existing, where: `${uri} (local, running)`, neo4jPeakRss: none, close: () => existing.close() };
  await existing.close();
  process.stderr.write(`starting the local Neo4j (data in ${config.neo4j.dataDir}, heap ${config.neo4j.heap}, page cache ${config.neo4j.pageCache}) …\n`);
  const neo4j: RunningNeo4j = await startLocalNeo4j({
    home: config.neo4j.dataDir,
    boltPort: config.neo4j.boltPort,
    heap: config.neo4j.heap,
    pageCache: config.neo4j.pageCache,
    log: (message) => process.stderr.write(`${message}\n`),
  });
  const db = Database.connect({ uri: neo4j.uri }, options);
  return {
    db,
    where: `${neo4j.uri} (local, started for this command)`,
    neo4jPeakRss: () => peakRssOf(neo4j.pid),
    close: async () => {
      await db.close();
      await neo4j.stop();
    },
  };
}

const mib = (bytes: number | undefined) => (bytes === undefined ? "n/a" : `${Math.round(bytes / 1024 / 1024)} MiB`);
const seconds = (millis: number) => `${(millis / 1000).toFixed(1)} s`;
/** Peak resident memory of this Node process (maxRSS is in KiB). */
const nodePeakRss = () => process.resourceUsage().maxRSS * 1024;

function writeOnly(args: Arguments, options: GeneratorOptions): void {
  const started = performance.now();
  const writer = new SeedFolderWriter(args.out!, options);
  const counts = emptyCounts();
  for (const { chunk } of generateChunks(options)) {
    countChunk(chunk, counts);
    writer.append(chunk);
  }
  const files = writer.close();
  const millis = performance.now() - started;
  for (const file of files) process.stdout.write(`${relative(process.cwd(), resolve(args.out!, file.file))}: ${file.records} records\n`);
  process.stdout.write(`generated seed ${args.seed}, scale ${args.scaleText}: ${counts.nodes} nodes, ${counts.relations} relationships, in ${seconds(millis)}, peak RSS ${mib(nodePeakRss())}\n`);
  process.stdout.write(
    JSON.stringify({ command: "write", seed: args.seed, scale: args.scaleText, subdistricts: args.subdistricts, nodes: counts.nodes, relations: counts.relations, millis: Math.round(millis), peakRssBytes: nodePeakRss() }) + "\n",
  );
}

/** What the graph holds after an import and the peak memories: the closing lines and JSON fields of both imports. */
async function graphAfterImport(db: Database, neo4jPeak: number | undefined): Promise<{ lines: string[]; json: Record<string, unknown> }> {
  const [all] = await db.read(allCountsQuery());
  const [entities] = await db.read(entityCountsQuery());
  return {
    lines: [
      `  graph now: MATCH (n) ${String(all?.nodes)} nodes, MATCH ()-[r]->() ${String(all?.relations)} relationships; entities ${String(entities?.nodes)}, between entities ${String(entities?.relations)}`,
      `  peak RSS: node ${mib(nodePeakRss())}, Neo4j JVM ${mib(neo4jPeak)}`,
    ],
    json: {
      graph: { nodes: all?.nodes, relations: all?.relations, entities: entities?.nodes, entityRelations: entities?.relations },
      peakRssBytes: { node: nodePeakRss(), neo4j: neo4jPeak ?? null },
    },
  };
}

async function generateAndImport(args: Arguments, options: GeneratorOptions): Promise<void> {
  const connection = await connect(loadConfig(), args.local);
  try {
    await migrate(connection.db);
    const writer = args.out ? new SeedFolderWriter(args.out, options) : undefined;
    const progress = importProgressDisplay(partCount(options));
    const report: GeneratedImportReport = await importGenerated(connection.db, options, {
      batchSize: args.batchSize,
      onProgress: progress.onRows,
      onPart: progress.onPart,
      onChunk: writer ? (chunk) => writer.append(chunk) : undefined,
    }).finally(progress.end);
    writer?.close();
    const after = await graphAfterImport(connection.db, connection.neo4jPeakRss());
    process.stdout.write(
      [
        `imported seed ${args.seed}, scale ${args.scaleText} into ${connection.where} in ${seconds(report.millis)} (${report.parts} parts)`,
        `  created: ${report.created.entities} entities, ${report.created.relations} relationships (generated: ${report.expected.nodes} nodes, ${report.expected.relations} relationships)`,
        ...after.lines,
        "",
      ].join("\n"),
    );
    process.stdout.write(
      JSON.stringify({
        command: "import",
        seed: args.seed,
        scale: args.scaleText,
        subdistricts: args.subdistricts,
        millis: report.millis,
        generated: { nodes: report.expected.nodes, relations: report.expected.relations },
        created: report.created,
        ...after.json,
      }) + "\n",
    );
  } finally {
    await connection.close();
  }
}

async function generateAndBulkImport(args: Arguments, options: GeneratorOptions): Promise<void> {
  const config = loadConfig();
  if (config.neo4j.kind === "external") throw new UsageError("--bulk-import writes the store of the project's own Neo4j (LOCAL_NEO4J_DATA_DIR) offline; unset NEO4J_URI, or use --import for that database.");
  const target = { home: config.neo4j.dataDir, boltPort: config.neo4j.boltPort, heap: config.neo4j.heap, pageCache: config.neo4j.pageCache };
  const writer = args.out ? new SeedFolderWriter(args.out, options) : undefined;
  const progress = bulkProgressDisplay(partCount(options));
  const { report, neo4j } = await bulkImportGenerated(options, target, {
    onPart: progress.onPart,
    log: progress.log,
    onChunk: writer ? (chunk) => writer.append(chunk) : undefined,
    workers: args.workers,
  }).finally(progress.end);
  writer?.close();
  const db = Database.connect({ uri: neo4j.uri }, { transactionTimeoutMs: 600_000 });
  try {
    const after = await graphAfterImport(db, peakRssOf(neo4j.pid));
    const rate = Math.round(report.written.entities / (report.millis.total / 1000));
    const stages = report.millis;
    process.stdout.write(
      [
        `bulk-imported seed ${args.seed}, scale ${args.scaleText} into ${target.home} in ${seconds(stages.total)} (${rate} entities/s; ${report.parts} parts)`,
        `  stages: check ${seconds(stages.check)}, generate + validate + CSV ${seconds(stages.csv)}, neo4j-admin ${seconds(stages.adminImport)}, start ${seconds(stages.start)}, migrations ${seconds(stages.migrate)}, roll-ups computed in Node with the CSV (${report.rollups.places} places, ${report.rollups.points} points)`,
        `  written: ${report.written.entities} entities, ${report.written.relationships} relationships (generated: ${report.expected.nodes} nodes, ${report.expected.relations} relationships)`,
        ...after.lines,
        "",
      ].join("\n"),
    );
    process.stdout.write(
      JSON.stringify({
        command: "bulk-import",
        seed: args.seed,
        scale: args.scaleText,
        subdistricts: args.subdistricts,
        millis: stages,
        entitiesPerSecond: rate,
        generated: { nodes: report.expected.nodes, relations: report.expected.relations },
        written: report.written,
        rollups: report.rollups,
        ...after.json,
      }) + "\n",
    );
  } finally {
    await db.close();
    await neo4j.stop();
  }
}

async function run(argv: readonly string[]): Promise<number> {
  const args = parseArguments(argv);
  if (args === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  const options: GeneratorOptions = { seed: args.seed, subdistricts: args.subdistricts };
  if (args.bulk) await generateAndBulkImport(args, options);
  else if (args.importing) await generateAndImport(args, options);
  else writeOnly(args, options);
  return 0;
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof GeneratedFolderError) {
    process.stderr.write(`generate: ${error.message}\n\nRun npm run generate -- --help for usage.\n`);
    process.exitCode = 2;
  } else if (error instanceof BulkImportRefused) {
    process.stderr.write(`generate: ${error.message}\n`);
    process.exitCode = 4;
  } else if (error instanceof SeedValidationError) {
    for (const problem of error.problems.slice(0, 50)) process.stderr.write(`${formatProblem(problem, "generated")}\n`);
    process.stderr.write(`generate: the generated seed has ${error.problems.length} problem(s) — a generator bug; nothing of the failing part was written\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`generate: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 3;
  }
}
