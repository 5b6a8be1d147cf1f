import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { secretBytes, signToken } from "../src/auth/index.js";
import { loadConfig } from "../src/config/index.js";
import { freePort, startLocalNeo4j, type RunningNeo4j } from "../src/database/index.js";
import { importGenerated, REFERENCE_DATE } from "../src/generator/index.js";
import { createLogger, startHub } from "../src/server/hub.js";
import { fixtureQuery, type Fixture } from "./fixture.js";
import { postGraphql } from "./systems.js";
import { WORKLOADS } from "./workloads.js";

const HELP = `npm run bench:profile -- [options]

A CPU profile of the hub answering one workload of bench/workloads.ts (or any query), for finding
where a request's Node time goes: the hub and its HTTP client run in this one process, the V8
profiler on, after a warm-up. Prints wall and CPU time per request and writes a .cpuprofile (open it
in Chromium's DevTools, Performance panel, or read it with any script: nodes, samples, timeDeltas).
No timing here is a benchmark: compare before and after with \`npm run bench\`.

Options:
  --workload Q1…Q7     the workload (default Q1); its hub request, with the fixture of \`npm run bench\`
                       (Q7 writes: only on the fresh local Neo4j)
  --query TEXT         a GraphQL document (no variables) instead of a workload
  --requests N         profiled requests (default 60), after --warmup N (default 30)
  --neo4j-uri URI      a Neo4j holding the data (e.g. S1, seed 42); default: a fresh local one with S1
  --out FILE           where the profile goes (default hub.cpuprofile in the working folder)
  --help               this text
`;

const { values } = parseArgs({
  options: {
    workload: { type: "string", default: "Q1" },
    query: { type: "string" },
    requests: { type: "string", default: "60" },
    warmup: { type: "string", default: "30" },
    "neo4j-uri": { type: "string" },
    out: { type: "string", default: "hub.cpuprofile" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const workload = WORKLOADS.find((candidate) => candidate.id === values.workload);
if (!workload && !values.query) throw new Error(`no workload ${values.workload}; see --help`);
// A writing workload (Q7) would change a database it was lent: only the throw-away one takes it.
if (!values.query && workload!.writes && values["neo4j-uri"]) throw new Error(`${workload!.id} writes: profile it on the fresh local Neo4j (no --neo4j-uri)`);

const SECRET = "profiling secret, local only, at least 32 bytes long";
let local: RunningNeo4j | undefined;
let home: string | undefined;
let uri = values["neo4j-uri"];
if (!uri) {
  home = mkdtempSync(join(tmpdir(), "dangjian-profile-"));
  local = await startLocalNeo4j({ home, boltPort: await freePort(), heap: "2g", pageCache: "1g" });
  uri = local.uri;
}
// Q1 asks for a whole subdistrict tree: far over the default cost limit, as in the benchmark.
const config = loadConfig({ NEO4J_URI: uri, HUB_PORT: String(await freePort()), HUB_HOST: "127.0.0.1", LOG_LEVEL: "silent", HUB_INITIAL_SEED: "", HUB_DASHBOARD_PORT: "off", HUB_JWT_SECRET: SECRET, HUB_MAX_COST: "100000000" });
const hub = await startHub(config, createLogger(config));
try {
  if (local) await importGenerated(hub.db, { seed: 42, subdistricts: 1 });
  const token = await signToken({ sub: "profile", role: "admin", scope: [] }, secretBytes(SECRET), { issuer: config.auth.issuer, audience: config.auth.audience, ttl: 3600 });
  const [found] = await hub.db.read(fixtureQuery(REFERENCE_DATE));
  if (!found) throw new Error("the graph holds no subdistrict to profile");
  const fixture: Fixture = {
    scope: String(found.scope),
    asOf: REFERENCE_DATE,
    community: String(found.community),
    beforeMerger: (found.beforeMerger as string | null) ?? REFERENCE_DATE,
    organisations: found.organisations as string[],
    written: found.written as Fixture["written"],
  };
  const request = values.query ? { query: values.query, variables: {} } : workload!.request(fixture, 0).hub;
  const send = () => postGraphql(hub.url, request, { authorization: `Bearer ${token}` });
  for (let i = 0; i < Number(values.warmup); i++) await send();
  const requests = Number(values.requests);
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < requests; i++) await send();
  const used = process.cpuUsage(cpu);
  const wall = performance.now() - started;
  const { profile } = await session.post("Profiler.stop");
  session.disconnect();
  writeFileSync(values.out, JSON.stringify(profile));
  process.stdout.write(`${values.query ? "query" : workload!.id}: wall ${(wall / requests).toFixed(2)} ms/request, CPU ${((used.user + used.system) / 1000 / requests).toFixed(2)} ms/request (hub and client); profile in ${values.out}\n`);
} finally {
  await hub.stop();
  await local?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
}
