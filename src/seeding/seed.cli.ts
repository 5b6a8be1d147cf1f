import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { ConfigError, loadConfig, type HubConfig } from "../config/index.js";
import { Database, migrate, startLocalNeo4j, type RunningNeo4j } from "../database/index.js";
import { findBrokenRecords, type BrokenRecord } from "../integrity/broken.service.js";
import { exportWorkbook, formatWorkbookProblem, importWorkbook, seedFolderWorkbook, templateWorkbook, validateWorkbook, WorkbookValidationError, type WorkbookProblem } from "../spreadsheet/index.js";
import { exportSeed, ExportFolderError, UnknownScopeError, writeSeedFolder } from "./export.js";
import { importSeed, type ImportReport } from "./import.js";
import { formatProblem, SeedValidationError, type SeedProblem } from "./problems.js";
import { stderrProgress } from "./progress.js";
import { recoverImport, StagedImportError } from "./staged.js";
import { validateSeed } from "./validate.js";

/**
 * `npm run seed -- <command> <folder|workbook> [options]`: the data steward's tool, for seed
 * folders (YAML) and workbooks (.xlsx, src/spreadsheet). Exit codes: 0 done, 1 the seed has
 * problems (nothing written), 2 usage, 3 failure (Neo4j unreachable, import failed and was rolled back).
 */
const HELP = `Usage: npm run seed -- <command> <folder> [options]
       npm run seed -- <xlsx-command> <workbook.xlsx> [options]

Commands
  validate <folder>   Check a seed folder and list every problem as
                      file:line [record] CODE: reason. Needs no database.
  import <folder>     Validate, then write the seed into Neo4j: creates what is new, updates what
                      changed, leaves the rest untouched. All or nothing: on any problem or
                      failure the graph stays exactly as it was. Running it twice changes nothing.
  export <folder>     Write the graph (or --scope) as a seed folder (same files and format).
                      Includes members and beneficiaries unless --no-personal: personal data.
  recover <journal>   Undo a large (staged) import that was interrupted; the failed import names
                      the journal file.
  check [<folder>]    List every broken record (links whose start is their end, links or names
                      dated outside their entity's life, records left without their place or
                      organisation, two parents or homes at once) in the graph; with a folder, in
                      the graph as it would be after importing it (loaded in one transaction that
                      is rolled back: nothing is written). Exit 1 when any is found.

Spreadsheets (.xlsx; one sheet per record type, the same validator and importer as seed folders)
  xlsx-export <workbook.xlsx>     The graph (or --scope) as a workbook.
  xlsx-import <workbook.xlsx>     Validate, then import, all or nothing; every problem is named
                                  by sheet and cell: 組織!C12 [record] CODE: reason.
  xlsx-validate <workbook.xlsx>   Check a workbook; needs no database.
  xlsx-template <workbook.xlsx>   A blank workbook; with --scope its 參照 sheet lists the
                                  scope's places, organisations and units (needs a database).
  xlsx-from-yaml <folder> <workbook.xlsx>   A seed folder as a workbook (no database).
  xlsx-to-yaml <workbook.xlsx> <folder>     A workbook as a seed folder (no database).

Options
  --dry-run       import, xlsx-import: validate and report what would be created / updated /
                  unchanged; write nothing
  --local         no NEO4J_URI: use the project's own Neo4j (the one npm start runs, data in
                  .data/neo4j); reuses it when it is already running, otherwise starts it for the
                  command and stops it afterwards
  --scope CODE    export, xlsx-export, xlsx-template: one place and what lies in it (with every
                  record those refer to, so the result validates on its own)
  --no-personal   export, xlsx-export: leave members, beneficiaries and pairings out
  --force         replace the seed files in the folder, or the workbook file, if they exist
  --json          print problems or the summary as JSON on stdout
  -h, --help      this text

Which Neo4j
  NEO4J_URI (with NEO4J_USERNAME / NEO4J_PASSWORD, NEO4J_DATABASE) names the database, as for the
  hub. Without NEO4J_URI, commands that need a database refuse unless --local is given, so that
  a seed never lands in a database by accident.

Examples
  npm run seed -- validate seeds/longhutang
  npm run seed -- import seeds/longhutang --local --dry-run
  NEO4J_URI=bolt://db.example:7687 NEO4J_USERNAME=neo4j NEO4J_PASSWORD=… npm run seed -- import seeds/longhutang
  npm run seed -- export /tmp/snapshot --local
  npm run seed -- xlsx-export /tmp/lht-c1.xlsx --scope LHT-C1 --local
  npm run seed -- xlsx-import /tmp/lht-c1.xlsx --local --dry-run

Exit codes: 0 done, 1 the seed has problems (nothing written), 2 usage, 3 failure (nothing written).
See seeds/README.md for the format and every problem code.
`;

class UsageError extends Error {}

/** Each command's positional arguments, and whether it needs a database. */
const COMMANDS = {
  validate: { operands: ["folder"], database: false },
  import: { operands: ["folder"], database: true },
  export: { operands: ["folder"], database: true },
  recover: { operands: ["journal file"], database: true },
  check: { operands: ["folder"], database: true },
  "xlsx-validate": { operands: ["workbook"], database: false },
  "xlsx-import": { operands: ["workbook"], database: true },
  "xlsx-export": { operands: ["workbook"], database: true },
  "xlsx-template": { operands: ["workbook"], database: false },
  "xlsx-from-yaml": { operands: ["folder", "workbook"], database: false },
  "xlsx-to-yaml": { operands: ["workbook", "folder"], database: false },
} as const;
type Command = keyof typeof COMMANDS;

interface Arguments {
  command: Command;
  target: string;
  /** The second operand of xlsx-from-yaml / xlsx-to-yaml. */
  destination: string | undefined;
  scope: string | undefined;
  personal: boolean;
  dryRun: boolean;
  local: boolean;
  force: boolean;
  json: boolean;
}

const FLAGS = new Set(["--dry-run", "--local", "--force", "--json", "--no-personal"]);
const COMMAND_LIST = Object.keys(COMMANDS).join(", ");

function parseArguments(argv: readonly string[]): Arguments | "help" {
  if (argv.includes("--help") || argv.includes("-h")) return "help";
  const flags: string[] = [];
  const positional: string[] = [];
  let scope: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === "--scope" || arg.startsWith("--scope=")) {
      scope = arg === "--scope" ? argv[++index] : arg.slice("--scope=".length);
      if (scope === undefined || scope === "" || scope.startsWith("-")) throw new UsageError("--scope needs a place code");
    } else if (arg.startsWith("-")) flags.push(arg);
    else positional.push(arg);
  }
  const unknown = flags.find((flag) => !FLAGS.has(flag));
  if (unknown) throw new UsageError(`unknown option ${unknown}`);
  const [command, ...operands] = positional;
  if (command === undefined) throw new UsageError(`missing command (${COMMAND_LIST})`);
  if (!Object.hasOwn(COMMANDS, command)) throw new UsageError(`unknown command "${command}" (${COMMAND_LIST})`);
  const wanted = COMMANDS[command as Command].operands;
  // `check` alone looks at the graph itself; with a folder, at the graph after importing it.
  const least = command === "check" ? 0 : wanted.length;
  if (operands.length < least) throw new UsageError(`${command} needs ${wanted.map((operand) => `a ${operand}`).join(" and ")}`);
  if (operands.length > wanted.length) throw new UsageError(`unexpected argument ${operands[wanted.length]}`);
  const args: Arguments = {
    command: command as Command,
    target: operands[0] ?? "",
    destination: operands[1],
    scope,
    personal: !flags.includes("--no-personal"),
    dryRun: flags.includes("--dry-run"),
    local: flags.includes("--local"),
    force: flags.includes("--force"),
    json: flags.includes("--json"),
  };
  if (args.dryRun && args.command !== "import" && args.command !== "xlsx-import") throw new UsageError("--dry-run goes with import");
  if (args.force && !["export", "xlsx-export", "xlsx-template", "xlsx-from-yaml", "xlsx-to-yaml"].includes(args.command)) throw new UsageError("--force goes with export");
  if (scope !== undefined && !["export", "xlsx-export", "xlsx-template"].includes(args.command)) throw new UsageError("--scope goes with export, xlsx-export and xlsx-template");
  if (!args.personal && args.command !== "export" && args.command !== "xlsx-export") throw new UsageError("--no-personal goes with export and xlsx-export");
  const folders = { validate: args.target, import: args.target, "xlsx-from-yaml": args.target, ...(args.target === "" ? {} : { check: args.target }) } as Partial<Record<Command, string>>;
  const folder = folders[args.command];
  if (folder !== undefined && !(existsSync(folder) && statSync(folder).isDirectory())) throw new UsageError(`${folder} is not a folder`);
  if ((args.command === "xlsx-import" || args.command === "xlsx-validate" || args.command === "xlsx-to-yaml") && !(existsSync(args.target) && statSync(args.target).isFile())) {
    throw new UsageError(`${args.target} is not a file`);
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

function writeOut(file: string, bytes: Buffer, force: boolean): void {
  if (existsSync(file) && !force) throw new ExportFolderError(`${file} already exists; choose another name or add --force to replace it`);
  mkdirSync(dirname(resolve(file)), { recursive: true });
  writeFileSync(file, bytes);
}

function printWorkbookProblems(problems: readonly WorkbookProblem[], json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify({ problems }, null, 2) + "\n");
    return;
  }
  for (const problem of problems) process.stdout.write(formatWorkbookProblem(problem) + "\n");
  const sheets = new Set(problems.map((problem) => problem.sheet)).size;
  process.stdout.write(`\n${problems.length} problem${problems.length === 1 ? "" : "s"} in ${sheets} sheet${sheets === 1 ? "" : "s"}; nothing was written.\n`);
}

/** The commands that need no database: validate, and the offline workbook conversions. */
async function runOffline(args: Arguments): Promise<number> {
  switch (args.command) {
    case "validate": {
      const validation = validateSeed(args.target);
      if (validation.problems.length > 0) {
        printProblems(validation.problems, args.target, args.json);
        return 1;
      }
      if (args.json) process.stdout.write(JSON.stringify({ problems: [], records: validation.recordCount }, null, 2) + "\n");
      else process.stdout.write(`${show(args.target)}: ${validation.recordCount} records in ${validation.files.length} files, no problems.\n`);
      return 0;
    }
    case "xlsx-validate":
    case "xlsx-to-yaml": {
      const checked = await validateWorkbook(readFileSync(args.target), basename(args.target));
      if (checked.problems.length > 0) {
        printWorkbookProblems(checked.problems, args.json);
        return 1;
      }
      if (args.command === "xlsx-to-yaml") {
        const files = writeSeedFolder(args.destination!, checked.records, { force: args.force, meta: { name: basename(args.target).replace(/\.xlsx$/i, ""), description: `Converted from the workbook ${basename(args.target)} by npm run seed -- xlsx-to-yaml.` } });
        for (const file of files) process.stdout.write(`${show(join(args.destination!, file.file))}: ${file.records} records\n`);
      } else {
        process.stdout.write(`${show(args.target)}: ${checked.validation.recordCount} records, no problems.\n`);
      }
      return 0;
    }
    case "xlsx-from-yaml":
      writeOut(args.destination!, await seedFolderWorkbook(args.target), args.force);
      process.stdout.write(`${show(args.destination!)}: the seed ${show(args.target)} as a workbook\n`);
      return 0;
    default:
      throw new Error(`${args.command} needs a database`);
  }
}

async function run(argv: readonly string[]): Promise<number> {
  const args = parseArguments(argv);
  if (args === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  if (args.command === "xlsx-template" && args.scope === undefined) {
    writeOut(args.target, await templateWorkbook(), args.force);
    process.stdout.write(`${show(args.target)}: a blank workbook\n`);
    return 0;
  }
  if (!COMMANDS[args.command].database && args.command !== "xlsx-template") return runOffline(args);
  if (args.command === "import" || (args.command === "check" && args.target !== "")) {
    // Validate before connecting: a steward fixing a file needs no database.
    const validation = validateSeed(args.target);
    if (validation.problems.length > 0) {
      printProblems(validation.problems, args.target, args.json);
      return 1;
    }
  }
  let workbook: Buffer | undefined;
  if (args.command === "xlsx-import") {
    workbook = readFileSync(args.target);
    const checked = await validateWorkbook(workbook, basename(args.target));
    if (checked.problems.length > 0) {
      printWorkbookProblems(checked.problems, args.json);
      return 1;
    }
  }
  if ((args.command === "xlsx-export" || args.command === "xlsx-template") && existsSync(args.target) && !args.force) {
    throw new ExportFolderError(`${args.target} already exists; choose another name or add --force to replace it`);
  }
  const connection = await connect(loadConfig(), args.local);
  try {
    const dryRun = (args.command === "import" || args.command === "xlsx-import") && args.dryRun;
    // check only reads (a folder is loaded in a transaction that is rolled back): no migration.
    if (!dryRun && args.command !== "check") await migrate(connection.db);
    const selection = { ...(args.scope === undefined ? {} : { scope: args.scope }), personal: args.personal };
    switch (args.command) {
      case "import": {
        const report = await importSeed(connection.db, args.target, { dryRun: args.dryRun, onProgress: stderrProgress() });
        printImport(report, args.target, connection.where, args.json);
        return 0;
      }
      case "xlsx-import": {
        const report = await importWorkbook(connection.db, workbook!, { dryRun: args.dryRun, onProgress: stderrProgress() });
        printImport(report, args.target, connection.where, args.json);
        return 0;
      }
      case "export": {
        const report = await exportSeed(connection.db, args.target, { force: args.force, ...selection });
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
      case "xlsx-export": {
        const started = performance.now();
        const exported = await exportWorkbook(connection.db, selection);
        writeOut(args.target, exported.bytes, args.force);
        process.stdout.write(`${show(args.target)}: ${exported.records} records from ${connection.where} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
        return 0;
      }
      case "xlsx-template":
        writeOut(args.target, await templateWorkbook(connection.db, args.scope), args.force);
        process.stdout.write(`${show(args.target)}: a blank workbook for ${args.scope ?? "any scope"}\n`);
        return 0;
      case "recover":
        await recoverImport(connection.db, args.target, stderrProgress());
        process.stdout.write(`undone: the interrupted import recorded in ${args.target} is rolled back and its journal removed.\n`);
        return 0;
      default:
        return runOffline(args);
    }
  } finally {
    await connection.close();
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof ExportFolderError || error instanceof UnknownScopeError) {
    process.stderr.write(`seed: ${error.message}\n\nRun npm run seed -- --help for usage.\n`);
    process.exitCode = 2;
  } else if (error instanceof WorkbookValidationError) {
    printWorkbookProblems(error.problems, process.argv.includes("--json"));
    process.exitCode = 1;
  } else if (error instanceof SeedValidationError) {
    printProblems(error.problems, process.argv[3] ?? ".", process.argv.includes("--json"));
    process.exitCode = 1;
  } else if (error instanceof StagedImportError) {
    process.stderr.write(`seed: ${error.message}\n`);
    process.exitCode = 3;
  } else {
    const rolledBack = process.argv[2] === "import" || process.argv[2] === "xlsx-import" ? " (the import was rolled back: nothing was written)" : "";
    process.stderr.write(`seed: failed${rolledBack}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 3;
  }
}
