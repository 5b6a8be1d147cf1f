import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { secretBytes, signToken } from "../auth/index.js";
import { freePort, PROJECT_ROOT } from "../database/index.js";
import { formatReport, LIMITS, runLoad, type LoadReport } from "./load.js";

/**
 * `npm run load -- --clients 16 --seconds 180`: starts a hub of its own (src/main.ts, as `npm start`
 * runs it) on loopback with a throw-away Neo4j that gets the Longhutang seed, loads it (load.ts),
 * and reports errors by code, latency percentiles per kind of operation, the RSS of the hub process
 * (and of its Neo4j) at start and end, and the invariants. Exit codes: 0 no unexpected error and
 * the invariants hold, 1 otherwise, 2 usage, 3 the hub did not start.
 */
const HELP = `Usage: npm run load -- [--clients <n>] [--seconds <s>] [--max-requests <n>] [--seed <n>] [--json <file>]

Starts its own hub and Neo4j on 127.0.0.1 (nothing else is touched), seeds it with
seeds/longhutang, runs <n> clients for <s> seconds, checks the invariants and stops everything.

Options
  --clients <n>        concurrent clients, 1–${LIMITS.maxClients} (default 16)
  --seconds <s>        duration, at most ${LIMITS.maxSeconds} (default 180)
  --max-requests <n>   stop after this many requests in all (default ${LIMITS.maxRequests})
  --seed <n>           seed of the operation mix (default 1)
  --json <file>        also write the report as JSON
  Run it with \`nice\` on a shared machine.`;

interface Arguments {
  clients: number;
  seconds: number;
  maxRequests: number;
  seed: number;
  json: string | undefined;
}

class UsageError extends Error {}

function parseArguments(argv: readonly string[]): Arguments {
  const args: Arguments = { clients: 16, seconds: 180, maxRequests: LIMITS.maxRequests, seed: 1, json: undefined };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index]!;
    const value = argv[index + 1];
    const number = () => {
      const parsed = Number(value);
      if (value === undefined || !Number.isFinite(parsed) || parsed <= 0) throw new UsageError(`${flag} needs a positive number`);
      index++;
      return parsed;
    };
    if (flag === "--clients") args.clients = number();
    else if (flag === "--seconds") args.seconds = number();
    else if (flag === "--max-requests") args.maxRequests = number();
    else if (flag === "--seed") args.seed = number();
    else if (flag === "--json") {
      if (!value) throw new UsageError("--json needs a file");
      args.json = value;
      index++;
    } else if (flag === "--help" || flag === "-h") throw new UsageError("");
    else throw new UsageError(`unknown option ${flag}`);
  }
  if (!Number.isInteger(args.clients) || args.clients > LIMITS.maxClients) throw new UsageError(`--clients must be a whole number up to ${LIMITS.maxClients}`);
  if (args.seconds > LIMITS.maxSeconds) throw new UsageError(`--seconds must be at most ${LIMITS.maxSeconds}`);
  return args;
}

/** Resident set size of a process in MB (Linux /proc), or -1 when it cannot be read. */
function rssMb(pid: number | undefined): number {
  if (pid === undefined) return -1;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : -1;
  } catch {
    return -1;
  }
}

/** The hub's child processes (its Neo4j JVM). */
function childrenOf(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function waitReady(base: string, hub: ChildProcess, output: () => string, ms: number): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (hub.exitCode !== null) throw new Error(`the hub exited (${hub.exitCode}):\n${output()}`);
    const ready = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5_000) }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the hub was not ready within ${ms / 1000} s:\n${output()}`);
}

async function stopHub(hub: ChildProcess): Promise<void> {
  if (hub.exitCode !== null) return;
  const exited = new Promise((resolve) => hub.once("exit", resolve));
  hub.kill("SIGTERM");
  const force = setTimeout(() => hub.kill("SIGKILL"), 60_000);
  await exited;
  clearTimeout(force);
}

async function main(): Promise<number> {
  let args: Arguments;
  try {
    args = parseArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message ? `${error.message}\n\n` : ""}${HELP}\n`);
    return 2;
  }
  const run = Date.now().toString(36).toUpperCase();
  // Under the project's git-ignored .data/, as an absolute path (the hub uses an absolute LOCAL_NEO4J_DATA_DIR as given).
  const dataDir = join(PROJECT_ROOT, ".data", `load-${run}`);
  const secret = randomBytes(48).toString("base64");
  const [httpPort, boltPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HUB_HOST: "127.0.0.1",
    HUB_PORT: String(httpPort),
    HUB_MODE: "development",
    HUB_JWT_SECRET: secret,
    LOCAL_NEO4J_DATA_DIR: dataDir,
    LOCAL_NEO4J_BOLT_PORT: String(boltPort),
    LOG_LEVEL: "warn",
    // Not on the default 4001 of a developer's running hub: the load test does not use the dashboard.
    HUB_DASHBOARD_PORT: "off",
  };
  // Never someone's real database: the hub starts its own.
  for (const name of ["NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE", "HUB_INITIAL_SEED", "HUB_ALLOW_ANONYMOUS"]) delete env[name];
  process.stderr.write(`load: starting a hub on 127.0.0.1:${httpPort} with its own Neo4j in ${dataDir} (seeded with seeds/longhutang)\n`);
  let output = "";
  const hub = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  hub.stdout!.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  hub.stderr!.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const base = `http://127.0.0.1:${httpPort}`;
  try {
    try {
      await waitReady(base, hub, () => output, 240_000);
    } catch (error) {
      process.stderr.write(`load: ${error instanceof Error ? error.message : String(error)}\n`);
      return 3;
    }
    const sign = (sub: string, role: "analyst" | "steward" | "admin", scope: string[] = []) =>
      signToken({ sub, role, scope }, secretBytes(secret), { issuer: "dangjian-hub", audience: "dangjian-hub", ttl: "2h" });
    const namespace = `LOAD-${run}`;
    const writerSubject = `load-writer-${run}`;
    const neo4jPid = () => childrenOf(hub.pid)[0];
    const rssStart = { hub: rssMb(hub.pid), neo4j: rssMb(neo4jPid()) };
    process.stderr.write(`load: ${args.clients} clients for ${args.seconds} s (hub RSS ${rssStart.hub} MB, Neo4j RSS ${rssStart.neo4j} MB)\n`);
    const report: LoadReport = await runLoad({
      url: `${base}/graphql`,
      clients: args.clients,
      seconds: args.seconds,
      maxRequests: args.maxRequests,
      seed: args.seed,
      namespace,
      parent: "LHT",
      writerSubject,
      tokens: { reader: await sign(`load-reader-${run}`, "analyst"), writer: await sign(writerSubject, "steward", [namespace]), admin: await sign(`load-admin-${run}`, "admin") },
      onProgress: (done, ms) => process.stderr.write(`load: ${done} requests in ${(ms / 1000).toFixed(0)} s, hub RSS ${rssMb(hub.pid)} MB\n`),
    });
    const rss = { "of the hub process": { start: rssStart.hub, end: rssMb(hub.pid) }, "of its Neo4j (JVM)": { start: rssStart.neo4j, end: rssMb(neo4jPid()) } };
    process.stdout.write(`${formatReport(report, rss)}\n`);
    if (args.json) writeFileSync(args.json, `${JSON.stringify({ command: `npm run load -- ${process.argv.slice(2).join(" ")}`, ...report, rssMb: rss }, null, 2)}\n`);
    return report.unexpectedErrors === 0 && report.invariants.ok ? 0 : 1;
  } finally {
    await stopHub(hub);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`load failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(3);
  },
);
