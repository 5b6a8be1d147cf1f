import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createLogger, startHub, type Hub } from "../server/hub.js";
import { loadConfig } from "../config/index.js";
import { coverageByChild } from "../coverage/coverage.queries.js";
import { Database, freePort, startLocalNeo4j } from "../database/index.js";
import { importGenerated } from "../generator/import.js";
import { generateSubdistrict, parseScale, REFERENCE_DATE } from "../generator/index.js";
import { signToken, secretBytes } from "../auth/index.js";

/**
 * `npm run bench:coverage -- --scales S1,S2 [--runs 15] [--seed 42]`
 *
 * For each scale, in a fresh local Neo4j: import the generated network, then time the same
 * subdistrict coverage report (subdistrict 0 is identical at every scale: the generator makes
 * each subdistrict from the seed and its index) three ways, side by side:
 *   hub      — the `coverage` GraphQL field over HTTP (one statement);
 *   raw      — the same Cypher sent straight through the driver (the floor);
 *   generic  — what a generic GraphQL-over-Neo4j layer makes a client do: fetch the tree
 *              (communities → compounds → buildings → organisations) and count in the client.
 * It prints medians, the ratios between them, PROFILE db hits, and the ratio of each scale's
 * hub median to the first scale's: the "within 3× from 10k to 1M nodes" check of issue 5.
 */
const { values } = parseArgs({
  options: {
    scales: { type: "string", default: "S1,S2" },
    runs: { type: "string", default: "15" },
    seed: { type: "string", default: "42" },
    heap: { type: "string", default: "4g" },
    pagecache: { type: "string", default: "2g" },
  },
});
const runs = Number(values.runs);
const seed = Number(values.seed);
const SECRET = "benchmark secret, local only, at least 32 bytes long";

const GENERIC = `query($scope: String!, $asOf: LocalDate) { place(code: $scope, asOf: $asOf) {
  children { kind organisations { kind form }
    children { kind organisations { kind }
      children { kind organisations { kind }
        children { kind organisations { kind } } } } } } }`;

type Tree = { kind: string; organisations: { kind: string; form?: string }[]; children?: Tree[] };

/** The client-side counting a generic layer leaves to its user (branch at the compound itself only). */
function countGeneric(root: Tree): { compounds: number; covered: number; buildings: number; withGroup: number } {
  const totals = { compounds: 0, covered: 0, buildings: 0, withGroup: 0 };
  const walk = (node: Tree) => {
    if (node.kind === "COMPOUND") {
      totals.compounds++;
      if (node.organisations.some((o) => o.kind === "BRANCH")) totals.covered++;
    }
    if (node.kind === "BUILDING") {
      totals.buildings++;
      if (node.organisations.some((o) => o.kind === "GROUP")) totals.withGroup++;
    }
    node.children?.forEach(walk);
  };
  walk(root);
  return totals;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function time(work: () => Promise<unknown>): Promise<number> {
  await work(); // warm: plan cache, page cache
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

interface ScaleResult {
  scale: string;
  nodes: number;
  relationships: number;
  importSeconds: number;
  hubMs: number;
  rawMs: number;
  genericMs: number;
  dbHits: number;
}

async function benchScale(scaleName: string): Promise<ScaleResult> {
  const subdistricts = parseScale(scaleName);
  const home = mkdtempSync(join(tmpdir(), `bench-${scaleName}-`));
  const neo4j = await startLocalNeo4j({ home, boltPort: await freePort(), heap: values.heap!, pageCache: values.pagecache! });
  let hub: Hub | undefined;
  try {
    const config = loadConfig({ NEO4J_URI: neo4j.uri, HUB_PORT: "0", LOG_LEVEL: "silent", HUB_INITIAL_SEED: "", HUB_JWT_SECRET: SECRET, NEO4J_TX_TIMEOUT_MS: "3600000", HUB_DASHBOARD_PORT: "off" });
    hub = await startHub(config, createLogger(config));
    const importStarted = performance.now();
    await importGenerated(hub.db, { seed, subdistricts });
    const importSeconds = (performance.now() - importStarted) / 1000;
    const [counts] = await hub.db.read({ name: "bench.counts", cypher: "MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS relationships" });
    const scope = generateSubdistrict(seed, 0).places.find((place) => place.kind === "SUBDISTRICT")!.code;
    const token = await signToken({ sub: "bench", role: "analyst", scope: [] }, secretBytes(SECRET), { issuer: "dangjian-hub", audience: "dangjian-hub", ttl: 3600 });
    const post = async (query: string) => {
      const response = await fetch(hub!.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables: { scope, asOf: REFERENCE_DATE } }),
      });
      const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data!;
    };
    const hubQuery = `query($scope: String!, $asOf: LocalDate) { coverage(scope: $scope, asOf: $asOf) {
      totals { compoundsWithBranch { covered total } buildingsWithGroup { covered total } communitiesWithOrganisation { covered total } }
      breakdown { place { code } compoundsWithBranch { covered total } buildingsWithGroup { covered total } } } }`;
    const raw = coverageByChild(scope, REFERENCE_DATE);
    const direct = Database.connect({ uri: neo4j.uri }, { transactionTimeoutMs: 3_600_000 });
    try {
      const hubMs = await time(() => post(hubQuery));
      const rawMs = await time(() => direct.read(raw));
      const genericMs = await time(async () => countGeneric((await post(GENERIC)).place as Tree));
      const { dbHits } = await direct.profile(raw);
      return { scale: scaleName, nodes: Number(counts!.nodes), relationships: Number(counts!.relationships), importSeconds, hubMs, rawMs, genericMs, dbHits };
    } finally {
      await direct.close();
    }
  } finally {
    await hub?.stop();
    await neo4j.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

const results: ScaleResult[] = [];
for (const scale of values.scales!.split(",")) {
  const result = await benchScale(scale.trim());
  results.push(result);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
const base = results[0]!;
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
process.stdout.write("\nscale | nodes | relationships | import s | hub ms | raw Cypher ms | generic nested ms | hub/raw | generic/hub | hub vs first scale | db hits\n");
process.stdout.write("---|---|---|---|---|---|---|---|---|---|---\n");
for (const result of results) {
  process.stdout.write(
    `${result.scale} | ${result.nodes} | ${result.relationships} | ${round(result.importSeconds, 1)} | ${round(result.hubMs, 1)} | ${round(result.rawMs, 1)} | ${round(result.genericMs, 1)} | ${round(result.hubMs / result.rawMs)} | ${round(result.genericMs / result.hubMs)} | ${round(result.hubMs / base.hubMs)} | ${result.dbHits}\n`,
  );
}
