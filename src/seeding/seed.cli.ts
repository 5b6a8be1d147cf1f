import { existsSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { ConfigError, loadConfig, type HubConfig } from "../config/index.js";
import { Database, migrate, startLocalNeo4j, type RunningNeo4j } from "../database/index.js";
import { findBrokenRecords, type BrokenRecord } from "../integrity/broken.service.js";
import { exportSeed, ExportFolderError } from "./export.js";
import { importSeed, type ImportReport } from "./import.js";
import { formatProblem, SeedValidationError, type SeedProblem } from "./problems.js";
import { stderrProgress } from "./progress.js";
import { recoverImport, StagedImportError } from "./staged.js";
import { validateSeed } from "./validate.js";

/**
 * `npm run seed -- <validate|import|export|recover> <folder> [options]`: the data steward's tool.
 * Exit codes: 0 done, 1 the seed has problems (nothing written), 2 usage, 3 failure (Neo4j
 * unreachable, import failed and was rolled back).
 */
const HELP = `Usage: npm run seed -- <command> <folder> [options]

Commands
  validate <folder>   Check a seed folder and list every problem as
                      file:line [record] CODE: reason. Needs no database.
  import <folder>     Validate, then write the seed into Neo4j: creates what is new, updates what
                      changed, leaves the rest untouched. All or nothing: on any problem or
                      failure the graph stays exactly as it was. Running it twice changes nothing.
  export <folder>     Write the graph as a seed folder (same files and format). Includes members
                      and beneficiaries: the folder then holds personal data.
  recover <journal>   Undo a large (staged) import that was interrupted; the failed import names
                      the journal file.
  check [<folder>]    List every broken record (links whose start is their end, links or names
                      dated outside their entity's life, records left without their place or
                      organisation, two parents or homes at once) in the graph; with a folder, in
                      the graph as it would be after importing it (loaded in one transaction that
                      is rolled back: nothing is written). Exit 1 when any is found.

Options
  --dry-run   import: validate and report what would be created / updated / unchanged; write nothing
  --local     no NEO4J_URI: use the project's own Neo4j (the one npm start runs, data in
              .data/neo4j); reuses it when it is already running, otherwise starts it for the
              command and stops it afterwards
  --force     export: replace the seed files already in the folder
  --json      print problems or the summary as JSON on stdout
  -h, --help  this text

Which Neo4j
  NEO4J_URI (with NEO4J_USERNAME / NEO4J_PASSWORD, NEO4J_DATABASE) names the database, as for the
  hub. Without NEO4J_URI, import and export refuse unless --local is given, so that a seed never
  lands in a database by accident.

Examples
  npm run seed -- validate seeds/longhutang
  npm run seed -- import seeds/longhutang --local --dry-run
  NEO4J_URI=bolt://db.example:7687 NEO4J_USERNAME=neo4j NEO4J_PASSWORD=… npm run seed -- import seeds/longhutang
  npm run seed -- export /tmp/snapshot --local
  npm run seed -- check --local
  npm run seed -- check seeds/longhutang --local

Exit codes: 0 done, 1 the seed has problems (nothing written), 2 usage, 3 failure (nothing written).
See seeds/README.md for the format and every problem code.
`;

class UsageError extends Error {}

interface Arguments {
  command: "validate" | "import" | "export" | "recover" | "check";
  /** Empty for `check` of the graph itself. */
  target: string;
  dryRun: boolean;
  local: boolean;
  force: boolean;
  json: boolean;
}

const COMMANDS = ["validate", "import", "export", "recover", "check"] as const;
const FLAGS = new Set(["--dry-run", "--local", "--force", "--json"]);

function parseArguments(argv: readonly string[]): Arguments | "help" {
  if (argv.includes("--help") || argv.includes("-h")) return "help";
  const flags = argv.filter((arg) => arg.startsWith("-"));
  const positional = argv.filter((arg) => !arg.startsWith("-"));
  const unknown = flags.find((flag) => !FLAGS.has(flag));
  if (unknown) throw new UsageError(`unknown option ${unknown}`);
  const [command, target, ...rest] = positional;
  if (command === undefined) throw new UsageError("missing command (validate, import, export, recover or check)");
  if (!(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`unknown command "${command}" (validate, import, export, recover or check)`);
  if (target === undefined && command !== "check") throw new UsageError(`${command} needs a ${command === "recover" ? "journal file" : "folder"}`);
  if (rest.length > 0) throw new UsageError(`unexpected argument ${rest[0]}`);
  const args: Arguments = {
    command: command as Arguments["command"],
    target: target ?? "",
    dryRun: flags.includes("--dry-run"),
    local: flags.includes("--local"),
    force: flags.includes("--force"),
    json: flags.includes("--json"),
  };
  if (args.dryRun && args.command !== "import") throw new UsageError("--dry-run goes with import");
  if (args.force && args.command !== "export") throw new UsageError("--force goes with export");
  if ((args.command === "validate" || args.command === "import" || (args.command === "check" && args.target !== "")) && !(existsSync(args.target) && statSync(args.target).isDirectory())) {
    throw new UsageError(`${args.target} is not a folder`);
  }
  return args;
}

interface Connection {
  db: Database;
  where: string;
  close(): Promise<void>;
}

/** NEO4J_URI, or with --local the project's own Neo4j: reused if it answers, started (and stopped) otherwise. */
async function connect(config: HubConfig, local: boolean): Promise<Connection> {
  // A seed import is one transaction: the hub's per-request limit would cut a large one short.
  const options = { transactionTimeoutMs: process.env.NEO4J_TX_TIMEOUT_MS ? config.transactionTimeoutMs : 600_000 };
  if (config.neo4j.kind === "external") {
    const db = Database.connect(config.neo4j, options);
    return { db, where: config.neo4j.uri, close: () => db.close() };
  }
  if (!local) {
    throw new UsageError(
      "NEO4J_URI is not set. Point the command at a database with NEO4J_URI=bolt://host:7687 (and NEO4J_USERNAME / NEO4J_PASSWORD), or add --local to use the project's own Neo4j (the one npm start runs).",
    );
  }
  const uri = `bolt://127.0.0.1:${config.neo4j.boltPort}`;
  const running = Database.connect({ uri }, options);
  if (await running.ping(2_000)) {
    process.stderr.write(`using the local Neo4j already running at ${uri}\n`);
    return { db: running, where: `${uri} (local, running)`, close: () => running.close() };
  }
  await running.close();
  process.stderr.write(`starting the local Neo4j (data in ${config.neo4j.dataDir}) …\n`);
  const neo4j: RunningNeo4j = await startLocalNeo4j({
    home: config.neo4j.dataDir,
    boltPort: config.neo4j.boltPort,
    heap: config.neo4j.heap,
    pageCache: config.neo4j.pageCache,
    log: (message) => process.stderr.write(`${message}\n`),
  });
  process.stderr.write(`local Neo4j ${neo4j.version} ready in ${(neo4j.startMillis / 1000).toFixed(1)} s\n`);
  const db = Database.connect({ uri: neo4j.uri }, options);
  return {
    db,
    where: `${neo4j.uri} (local, started for this command)`,
    close: async () => {
      await db.close();
      await neo4j.stop();
    },
  };
}

function show(folder: string): string {
  const path = relative(process.cwd(), resolve(folder));
  return path === "" ? "." : path;
}

function printProblems(problems: readonly SeedProblem[], folder: string, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify({ problems }, null, 2) + "\n");
    return;
  }
  for (const problem of problems) process.stdout.write(formatProblem(problem, show(folder)) + "\n");
  const files = new Set(problems.map((problem) => problem.file)).size;
  process.stdout.write(`\n${problems.length} problem${problems.length === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}; nothing was written.\n`);
}

function printImport(report: ImportReport, folder: string, where: string, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify(report, null, 2) + "\n");
    return;
  }
  const header = report.mode === "dry-run" ? "dry run (nothing written)" : `${report.mode}, ${(report.millis / 1000).toFixed(1)} s`;
  const lines = [`${show(folder)} → ${where}: ${report.records} records, ${header}`, "", `${"kind".padEnd(22)}${"created".padStart(9)}${"updated".padStart(9)}${"unchanged".padStart(11)}`];
  for (const [kind, counts] of Object.entries(report.summary.entities)) {
    lines.push(`${kind.padEnd(22)}${String(counts.created).padStart(9)}${String(counts.updated).padStart(9)}${String(counts.unchanged).padStart(11)}`);
  }
  const relations = report.summary.relations;
  lines.push("", `relations: ${relations.created} created, ${relations.deleted} deleted, ${relations.unchanged} unchanged`);
  if (report.mode === "dry-run") lines.push("", "Run the same command without --dry-run to write these changes.");
  process.stdout.write(lines.join("\n") + "\n");
}

async function run(argv: readonly string[]): Promise<number> {
  const args = parseArguments(argv);
  if (args === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  if (args.command === "validate") {
    const validation = validateSeed(args.target);
    if (validation.problems.length > 0) {
      printProblems(validation.problems, args.target, args.json);
      return 1;
    }
    if (args.json) process.stdout.write(JSON.stringify({ problems: [], records: validation.recordCount }, null, 2) + "\n");
    else process.stdout.write(`${show(args.target)}: ${validation.recordCount} records in ${validation.files.length} files, no problems.\n`);
    return 0;
  }
  if (args.command === "import" || (args.command === "check" && args.target !== "")) {
    // Validate before connecting: a steward fixing a file needs no database.
    const validation = validateSeed(args.target);
    if (validation.problems.length > 0) {
      printProblems(validation.problems, args.target, args.json);
      return 1;
    }
  }
  const connection = await connect(loadConfig(), args.local);
  try {
    if ((args.command !== "import" || !args.dryRun) && args.command !== "check") await migrate(connection.db);
    switch (args.command) {
      case "import": {
        const report = await importSeed(connection.db, args.target, { dryRun: args.dryRun, onProgress: stderrProgress() });
        printImport(report, args.target, connection.where, args.json);
        return 0;
      }
      case "export": {
        const report = await exportSeed(connection.db, args.target, { force: args.force });
        if (args.json) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
        else {
          for (const file of report.files) process.stdout.write(`${show(join(args.target, file.file))}: ${file.records} records\n`);
          process.stdout.write(`exported from ${connection.where} in ${(report.millis / 1000).toFixed(1)} s\n`);
        }
        return 0;
      }
      case "check": {
        let found: BrokenRecord[] = [];
        if (args.target === "") found = await findBrokenRecords((query) => connection.db.read(query));
        else await importSeed(connection.db, args.target, { inspect: async (tx) => void (found = await findBrokenRecords((query) => tx.run(query))) });
        const where = args.target === "" ? connection.where : `${show(args.target)} loaded into ${connection.where} (rolled back)`;
        if (args.json) process.stdout.write(JSON.stringify({ where, broken: found }, null, 2) + "\n");
        else {
          for (const record of found) process.stdout.write(`${record.problem} ${record.label} ${record.code}: ${record.detail}\n`);
          process.stdout.write(`${found.length} broken record(s) in ${where}\n`);
        }
        return found.length > 0 ? 1 : 0;
      }
      case "recover":
        await recoverImport(connection.db, args.target, stderrProgress());
        process.stdout.write(`undone: the interrupted import recorded in ${args.target} is rolled back and its journal removed.\n`);
        return 0;
    }
  } finally {
    await connection.close();
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof ExportFolderError) {
    process.stderr.write(`seed: ${error.message}\n\nRun npm run seed -- --help for usage.\n`);
    process.exitCode = 2;
  } else if (error instanceof SeedValidationError) {
    printProblems(error.problems, process.argv[3] ?? ".", process.argv.includes("--json"));
    process.exitCode = 1;
  } else if (error instanceof StagedImportError) {
    process.stderr.write(`seed: ${error.message}\n`);
    process.exitCode = 3;
  } else {
    const rolledBack = process.argv[2] === "import" ? " (the import was rolled back: nothing was written)" : "";
    process.stderr.write(`seed: failed${rolledBack}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 3;
  }
}
