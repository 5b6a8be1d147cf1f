import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { secretBytes, signToken } from "../src/auth/index.js";
import { loadConfig } from "../src/config/index.js";
import type { Database} from "../src/database/index.js";
import { connectDriver, freePort, startLocalNeo4j, type RunningNeo4j } from "../src/database/index.js";
import { importGenerated, REFERENCE_DATE } from "../src/generator/index.js";
import { importSeed } from "../src/seeding/index.js";
import { createLogger, startHub, type Hub } from "../src/server/hub.js";
import { PROJECT_ROOT } from "../src/database/index.js";
import { startNeo4jGraphql, type RunningNeo4jGraphql } from "./neo4j-graphql.js";
import { countingDriver, postGraphql, runRaw, SYSTEMS, type SystemName } from "./systems.js";
import { fixtureQuery, type Fixture } from "./fixture.js";
import { WORKLOADS, type Workload, type WorkloadRequest } from "./workloads.js";

export interface BenchOptions {
  /** "S1" (the generator's one subdistrict, seed 42) or "longhutang" (the small hand-made seed). */
  readonly data: "S1" | "longhutang";
  readonly seed: number;
  /** Interleaved rounds at concurrency 1. */
  readonly rounds: number;
  /** Concurrency of the throughput phase, and how many requests each system gets per pass there. */
  readonly concurrency: number;
  readonly requestsPerPass: number;
  /** Throughput passes per system, in A…Z then Z…A order. */
  readonly passes: number;
  readonly workloads: readonly string[];
  readonly systems: readonly SystemName[];
  /** An existing Neo4j holding the data already (no import, nothing deleted); otherwise a fresh local one. */
  readonly neo4jUri?: string | undefined;
  /** With neo4jUri: delete every node of that Neo4j (but the migration ledger) and load the data there. */
  readonly reload?: boolean;
  readonly log?: (line: string) => void;
}

export interface Figures {
  p50: number;
  p95: number;
}

export interface SystemResult {
  statementsPerRequest: number;
  /**
   * `nodeCpuMs`: median CPU time of this Node process per request (user + system), hub or
   * @neo4j/graphql server and client together, raw's driver alone. Unlike wall time it barely
   * moves with the machine's load, so it is the figure to compare between runs on a shared machine.
   */
  c1: Figures & { samples: number; nodeCpuMs: number };
  /** Median req/s over the passes (answered requests only), p95 over all of them, and failed requests. */
  throughput: { requestsPerSecond: number; p95: number; failed: number } | null;
}

export interface WorkloadResult {
  id: string;
  title: string;
  answersAgree: Record<string, boolean>;
  disagreement: string | null;
  responseBytes: Record<string, number>;
  systems: Partial<Record<SystemName, SystemResult>>;
  /** Median over rounds of the per-round ratio hub / other at concurrency 1. */
  pairedRatios: Record<string, number>;
}

export interface BenchResult {
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  neo4j: { version: string; heap: string; pageCache: string; uri: string; fresh: boolean };
  data: { name: string; seed: number; nodes: number; relationships: number; importSeconds: number | null };
  fixture: Fixture;
  options: Omit<BenchOptions, "log" | "neo4jUri" | "reload">;
  workloads: WorkloadResult[];
}

const SECRET = "benchmark secret, local only, at least 32 bytes long";

/** The p-th percentile (nearest rank) of `samples`. */
export const percentile = (samples: readonly number[], p: number): number => {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};
export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** The first path at which two canonical answers differ, or null when they are equal. */
export function firstDifference(a: unknown, b: unknown, path = "$"): string | null {
  if (Object.is(a, b)) return null;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return `${path}: ${JSON.stringify(a)?.slice(0, 200)} ≠ ${JSON.stringify(b)?.slice(0, 200)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array ≠ object`;
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  if (Array.isArray(a) && (a as unknown[]).length !== (b as unknown[]).length) return `${path}: length ${(a as unknown[]).length} ≠ ${(b as unknown[]).length}`;
  for (const key of keys) {
    const difference = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    if (difference) return difference;
  }
  return null;
}

interface Client {
  readonly name: SystemName;
  /** Sends the request, returns its canonical answer and the response size in bytes (0 for raw). */
  send(request: WorkloadRequest): Promise<{ answer: unknown; bytes: number }>;
  statements(): number;
}

async function loadData(options: BenchOptions, db: Database): Promise<number> {
  const started = performance.now();
  if (options.data === "S1") await importGenerated(db, { seed: options.seed, subdistricts: 1 });
  else await importSeed(db, join(PROJECT_ROOT, "seeds", "longhutang"));
  return (performance.now() - started) / 1000;
}

/**
 * Runs the benchmark: data, the three systems, answers compared, then interleaved timing.
 * Everything it starts it stops; with `neo4jUri` it leaves that database as it found it.
 */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const log = options.log ?? (() => undefined);
  const startedAt = new Date().toISOString();
  const loadAverageBefore = loadavg();
  let local: RunningNeo4j | undefined;
  let home: string | undefined;
  const heap = "2g";
  const pageCache = "1g";
  let uri = options.neo4jUri;
  if (!uri) {
    home = mkdtempSync(join(tmpdir(), "dangjian-bench-"));
    local = await startLocalNeo4j({ home, boltPort: await freePort(), heap, pageCache });
    uri = local.uri;
    log(`local Neo4j ${local.version} at ${uri}`);
  }
  let hub: Hub | undefined;
  let neo4jGraphql: RunningNeo4jGraphql | undefined;
  const rawDriver = connectDriver({ uri });
  const counted = countingDriver(connectDriver({ uri }));
  try {
    // Q1 asks for a whole subdistrict tree (~2 600 entities): far over the default cost limit, by design.
    const config = loadConfig({ NEO4J_URI: uri, HUB_PORT: String(await freePort()), HUB_HOST: "127.0.0.1", LOG_LEVEL: process.env.BENCH_HUB_LOG_LEVEL ?? "silent", HUB_INITIAL_SEED: "", HUB_DASHBOARD_PORT: "off", HUB_JWT_SECRET: SECRET, NEO4J_TX_TIMEOUT_MS: "3600000", HUB_MAX_COST: "100000000" });
    hub = await startHub(config, createLogger(config));
    let importSeconds: number | null = null;
    if (options.reload) {
      await hub.db.autoCommit({ name: "bench.clear", cypher: "MATCH (n) WHERE NOT n:SchemaMigration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS" });
    }
    if (!options.neo4jUri || options.reload) {
      importSeconds = await loadData(options, hub.db);
      log(`imported ${options.data} in ${round(importSeconds, 1)} s`);
    }
    const [counts] = await hub.db.read({ name: "bench.counts", cypher: "MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS relationships" });
    const asOf = REFERENCE_DATE;
    const [found] = await hub.db.read(fixtureQuery(asOf));
    if (!found) throw new Error("the graph holds no subdistrict: nothing to benchmark");
    const fixture: Fixture = {
      scope: String(found.scope),
      asOf,
      community: String(found.community),
      beforeMerger: (found.beforeMerger as string | null) ?? asOf,
      organisations: found.organisations as string[],
      written: found.written as Fixture["written"],
    };
    log(`fixture ${JSON.stringify(fixture)}`);
    neo4jGraphql = await startNeo4jGraphql(counted.driver);
    const token = await signToken({ sub: "bench", role: "admin", scope: [] }, secretBytes(SECRET), { issuer: config.auth.issuer, audience: config.auth.audience, ttl: 12 * 3600 });
    let hubStatements = 0;
    hub.db.onQuery(() => hubStatements++);
    let rawStatements = 0;
    const hubUrl = hub.url;
    const ogmUrl = neo4jGraphql.url;
    const clients: Record<SystemName, Client> = {
      hub: {
        name: "hub",
        async send(request) {
          const data = await postGraphql(hubUrl, request.hub, { authorization: `Bearer ${token}` });
          return { answer: request.canonical.hub(data), bytes: JSON.stringify(data).length };
        },
        statements: () => hubStatements,
      },
      raw: {
        name: "raw",
        async send(request) {
          rawStatements += request.raw.statements.length;
          return { answer: request.canonical.raw(await runRaw(rawDriver, request.raw)), bytes: 0 };
        },
        statements: () => rawStatements,
      },
      neo4jGraphql: {
        name: "neo4jGraphql",
        async send(request) {
          if (!request.neo4jGraphql) throw new Error("no @neo4j/graphql form");
          const data = await postGraphql(ogmUrl, request.neo4jGraphql);
          return { answer: request.canonical.neo4jGraphql(data), bytes: JSON.stringify(data).length };
        },
        statements: counted.statements,
      },
    };
    const systems = SYSTEMS.filter((name) => options.systems.includes(name));
    const workloads = WORKLOADS.filter((workload) => options.workloads.includes(workload.id));
    const results: WorkloadResult[] = [];
    for (const workload of workloads) {
      log(`${workload.id}: ${workload.title}`);
      results.push(await benchWorkload(workload, fixture, systems.map((name) => clients[name]), options, log));
    }
    return {
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "", memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version, loadAverageBefore, loadAverageAfter: loadavg() },
      neo4j: { version: (await hub.db.serverInfo()).version, heap: local ? heap : "as configured", pageCache: local ? pageCache : "as configured", uri, fresh: local !== undefined },
      data: { name: options.data, seed: options.seed, nodes: Number(counts?.nodes), relationships: Number(counts?.relationships), importSeconds },
      fixture,
      options: { data: options.data, seed: options.seed, rounds: options.rounds, concurrency: options.concurrency, requestsPerPass: options.requestsPerPass, passes: options.passes, workloads: options.workloads, systems: options.systems },
      workloads: results,
    };
  } finally {
    await neo4jGraphql?.stop().catch(() => undefined);
    await hub?.stop().catch(() => undefined);
    await rawDriver.close().catch(() => undefined);
    await counted.driver.close().catch(() => undefined);
    await local?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  }
}

async function benchWorkload(workload: Workload, fixture: Fixture, clients: Client[], options: BenchOptions, log: (line: string) => void): Promise<WorkloadResult> {
  const result: WorkloadResult = { id: workload.id, title: workload.title, answersAgree: {}, disagreement: null, responseBytes: {}, systems: {}, pairedRatios: {} };
  // 1. Answers first: the same requests (a whole cycle of a mixed stream) through every system,
  //    compared with the raw floor's answer (or the first system's when raw is not run).
  const cycle = workload.writes ? 10 : 1;
  const agreeing: Client[] = [];
  const statements: Record<string, number> = {};
  const reference = clients.find((client) => client.name === "raw") ?? clients[0]!;
  const expected: unknown[] = [];
  for (let index = 0; index < cycle; index++) expected.push((await reference.send(workload.request(fixture, index))).answer);
  for (const client of clients) {
    let agrees = true;
    // One request first, uncounted: a library may check the server's version on its first request.
    await client.send(workload.request(fixture, 0)).catch(() => undefined);
    const before = client.statements();
    for (let index = 0; index < cycle && agrees; index++) {
      try {
        const { answer, bytes } = await client.send(workload.request(fixture, index));
        result.responseBytes[client.name] = Math.max(result.responseBytes[client.name] ?? 0, bytes);
        const difference = firstDifference(answer, expected[index]);
        if (difference) {
          agrees = false;
          result.disagreement = `${client.name} vs ${reference.name}, request ${index}: ${difference}`;
        }
      } catch (error) {
        agrees = false;
        result.disagreement = `${client.name}, request ${index}: ${(error as Error).message}`;
      }
    }
    statements[client.name] = (client.statements() - before) / cycle;
    result.answersAgree[client.name] = agrees;
    if (agrees) agreeing.push(client);
    else log(`  ${client.name} disagrees: ${result.disagreement}`);
  }
  // 2. Concurrency 1, interleaved: each round sends one request per system, the order rotating.
  const samples: Record<string, number[]> = Object.fromEntries(agreeing.map((client) => [client.name, []]));
  const cpuSamples: Record<string, number[]> = Object.fromEntries(agreeing.map((client) => [client.name, []]));
  const perRound: Record<string, number>[] = [];
  let index = cycle;
  for (let r = 0; r < options.rounds; r++) {
    const order = agreeing.map((_, i) => agreeing[(i + r) % agreeing.length]!);
    const times: Record<string, number> = {};
    const request = workload.request(fixture, index++);
    for (const client of order) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      await client.send(request);
      const used = process.cpuUsage(cpu);
      times[client.name] = performance.now() - started;
      samples[client.name]!.push(times[client.name]!);
      cpuSamples[client.name]!.push((used.user + used.system) / 1000);
    }
    perRound.push(times);
  }
  // 3. Throughput at concurrency c: passes in A…Z then Z…A order, each a fixed number of requests.
  const throughput: Record<string, { rps: number[]; latencies: number[]; failed: number }> = Object.fromEntries(agreeing.map((client) => [client.name, { rps: [], latencies: [], failed: 0 }]));
  for (let pass = 0; pass < options.passes; pass++) {
    const order = pass % 2 === 0 ? agreeing : [...agreeing].reverse();
    for (const client of order) {
      let next = 0;
      const latencies: number[] = [];
      const started = performance.now();
      let failed = 0;
      const worker = async () => {
        while (next < options.requestsPerPass) {
          const request = workload.request(fixture, index + next++);
          const sent = performance.now();
          try {
            await client.send(request);
            latencies.push(performance.now() - sent);
          } catch (error) {
            // A failed request is counted, not timed: throughput counts answered requests only.
            if (failed++ === 0) log(`  ${client.name} failed under concurrency ${options.concurrency}: ${describeFailure(error)}`);
          }
        }
      };
      await Promise.all(Array.from({ length: options.concurrency }, worker));
      const seconds = (performance.now() - started) / 1000;
      throughput[client.name]!.rps.push(latencies.length / seconds);
      throughput[client.name]!.latencies.push(...latencies);
      throughput[client.name]!.failed += failed;
    }
    index += options.requestsPerPass;
  }
  for (const client of agreeing) {
    const own = samples[client.name]!;
    const passes = throughput[client.name]!;
    result.systems[client.name] = {
      statementsPerRequest: statements[client.name]!,
      c1: { p50: round(percentile(own, 50)), p95: round(percentile(own, 95)), samples: own.length, nodeCpuMs: round(percentile(cpuSamples[client.name]!, 50)) },
      throughput: options.passes > 0 ? { requestsPerSecond: round(percentile(passes.rps, 50), 1), p95: round(percentile(passes.latencies, 95)), failed: passes.failed } : null,
    };
  }
  for (const client of clients) if (!result.systems[client.name]) result.systems[client.name] = { statementsPerRequest: statements[client.name]!, c1: { p50: NaN, p95: NaN, samples: 0, nodeCpuMs: NaN }, throughput: null };
  if (samples.hub) {
    for (const other of agreeing.filter((client) => client.name !== "hub")) {
      result.pairedRatios[`hub/${other.name}`] = round(percentile(perRound.map((times) => times.hub! / times[other.name]!), 50), 3);
    }
  }
  if (workload.writes) {
    // Leave the written organisation as it was (the cycle of values ends on the original after an
    // even number of writes; set it explicitly in case the count was odd).
    const restore = clients.find((client) => client.name === "raw");
    if (restore) await restore.send(workload.request({ ...fixture, written: { ...fixture.written, formalMembers: fixture.written.formalMembers } }, 9));
  }
  const line = agreeing.map((client) => `${client.name} p50 ${result.systems[client.name]!.c1.p50} ms, ${result.systems[client.name]!.throughput?.requestsPerSecond ?? "-"} req/s`).join("; ");
  log(`  ${line}`);
  return result;
}

/** A failed request's message with its cause (fetch says only "fetch failed"; the cause names the socket error). */
function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message}${"code" in error.cause ? `, ${String(error.cause.code)}` : ""})` : "";
  return `${message}${cause}`.slice(0, 300);
}
