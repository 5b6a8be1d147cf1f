import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { secretBytes, signToken } from "../src/auth/index.js";
import { loadConfig } from "../src/config/index.js";
import { connectDriver, freePort, PROJECT_ROOT } from "../src/database/index.js";
import { createLogger, startHub, type Hub } from "../src/server/hub.js";
import { runScaleBench, scaleFixtureQuery, scaleTables, type ScaleFixture } from "./coverage-scale.js";
import { runRaw } from "./systems.js";

const HELP = `npm run bench:coverage-scale -- --neo4j-uri URI [options]

Coverage by scale (issue 13), in milliseconds end to end, over a Neo4j that already holds a
generated graph with its roll-ups (S3: npm run generate -- --scale S3 --bulk-import): one
subdistrict, one district and the whole graph (every district, one request) as of --today and
--past, and a monthly series of --points points from --past of the subdistrict and of the whole
graph; the hub over HTTP and its own roll-up statements through the driver (raw). Answers are
checked first (hub = raw; whole = Σ districts' subdistrict rows; roll-ups = subtree walk; series
points = one-date reports); then --rounds interleaved rounds, p50/p95 and paired ratios
(bench/coverage-scale.ts). The series statements are also timed with every scope read by
per-date seeks (system "seeks", the read before the range scan), paired with raw in the same
rounds. Prints Markdown tables; writes the JSON to --out.

Options:
  --neo4j-uri URI   the Neo4j (required)
  --hub-url URL     a running hub's /graphql endpoint (with --token or $TOKEN: npm run -s token
                    -- --role analyst --sub bench); without it a hub is started in this process
  --token JWT       the bearer token for --hub-url (default $TOKEN)
  --baseline-hub-url URL
                    a second hub (e.g. the build before a change, same Neo4j, same token) answering
                    the same requests in the same rounds: system "base", its ratios beside the hub's
  --rounds N        recorded rounds (default 40)
  --warmup N        unrecorded rounds first (default 5)
  --today DATE      "today" (default: the UTC date)
  --past DATE       the past date (default 2015-06-30)
  --points N        points of the monthly series (default 120)
  --out FILE        the JSON result ("-": none; default bench/results/<date>-coverage-scale.json)
  --help            this text
`;

const { values } = parseArgs({
  options: {
    "neo4j-uri": { type: "string" },
    "hub-url": { type: "string" },
    token: { type: "string" },
    "baseline-hub-url": { type: "string" },
    rounds: { type: "string", default: "40" },
    warmup: { type: "string", default: "5" },
    today: { type: "string", default: new Date().toISOString().slice(0, 10) },
    past: { type: "string", default: "2015-06-30" },
    points: { type: "string", default: "120" },
    out: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (values.help || !values["neo4j-uri"]) {
  process.stdout.write(HELP);
  process.exit(values.help ? 0 : 2);
}

/** The date `months` months after `from`, on the same day clamped to the month's last (as coverageSeries steps). */
function monthsAfter(from: string, months: number): string {
  const [year, month, day] = from.split("-").map(Number) as [number, number, number];
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(day, last))).toISOString().slice(0, 10);
}

const SECRET = "benchmark secret, local only, at least 32 bytes long";
const uri = values["neo4j-uri"];
const driver = connectDriver({ uri });
let hub: Hub | undefined;
const log = (line: string) => process.stderr.write(`${line}\n`);
try {
  let hubUrl = values["hub-url"];
  let token = values.token ?? process.env.TOKEN ?? "";
  if (!hubUrl) {
    const config = loadConfig({ NEO4J_URI: uri, HUB_PORT: String(await freePort()), HUB_HOST: "127.0.0.1", LOG_LEVEL: "silent", HUB_INITIAL_SEED: "", HUB_DASHBOARD_PORT: "off", HUB_JWT_SECRET: SECRET });
    hub = await startHub(config, createLogger(config));
    hubUrl = hub.url;
    token = await signToken({ sub: "bench", role: "analyst", scope: [] }, secretBytes(SECRET), { issuer: config.auth.issuer, audience: config.auth.audience, ttl: 12 * 3600 });
    log(`hub in this process at ${hubUrl}`);
  } else if (!token) throw new Error("--hub-url needs --token or $TOKEN");
  const [found] = (await runRaw(driver, { mode: "READ", statements: [scaleFixtureQuery()] }))[0] ?? [];
  if (!found) throw new Error("the graph holds no subdistrict in a district: nothing to benchmark");
  const points = Number(values.points);
  const fixture: ScaleFixture = {
    subdistrict: String(found.subdistrict),
    district: String(found.district),
    districts: found.districts as string[],
    today: values.today!,
    past: values.past!,
    seriesFrom: values.past!,
    seriesTo: monthsAfter(values.past!, points - 1),
    points,
  };
  log(`fixture ${JSON.stringify(fixture)}`);
  const baselineHubUrl = values["baseline-hub-url"];
  const result = await runScaleBench({ hubUrl, token, ...(baselineHubUrl ? { baselineHubUrl } : {}), driver, fixture, rounds: Number(values.rounds), warmup: Number(values.warmup), log });
  process.stdout.write(scaleTables(result));
  const out = values.out ?? join(PROJECT_ROOT, "bench", "results", `${result.startedAt.slice(0, 10)}-coverage-scale.json`);
  if (out !== "-") {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ ...result, neo4jUri: uri }, null, 2)}\n`);
    log(`wrote ${out}`);
  }
} finally {
  await hub?.stop().catch(() => undefined);
  await driver.close();
}
