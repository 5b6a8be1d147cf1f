import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { PROJECT_ROOT } from "../src/database/index.js";
import { runBench, type BenchResult } from "./run.js";
import { SYSTEMS, type SystemName } from "./systems.js";
import { WORKLOADS } from "./workloads.js";

const HELP = `npm run bench -- [options]

Times seven workloads on three systems over one Neo4j 5.26 holding the same data:
  hub           this hub over HTTP (GraphQL)
  raw           hand-written Cypher through the same neo4j-driver with the same settings (the floor)
  neo4jGraphql  an @neo4j/graphql 7 server (Apollo) over the same Neo4j (bench/neo4j-graphql.ts)
Workloads (bench/workloads.ts):
${WORKLOADS.map((workload) => `  ${workload.id}  ${workload.title}`).join("\n")}

Every system's answer is compared with the raw floor's before anything is timed; a system that
disagrees is reported and not timed. Then --rounds interleaved rounds at concurrency 1 (p50/p95,
paired ratios hub/other per round) and --passes throughput passes at --concurrency, A…Z then Z…A
(req/s and p95). Results are printed as a table and written to bench/results/<date>.json.

Options:
  --data S1|longhutang   S1: the generator's one subdistrict, seed --seed (default); longhutang: the small seed
  --seed N               generator seed (default 42)
  --rounds N             rounds at concurrency 1 (default 40)
  --concurrency N        concurrency of the throughput passes (default 16)
  --requests N           requests per system per throughput pass (default 160)
  --passes N             throughput passes per system (default 2; 0 skips the phase)
  --workloads Q1,Q2,…    which workloads (default all)
  --systems hub,raw,…    which systems (default all)
  --neo4j-uri URI        use this Neo4j, already holding the data, instead of a fresh local one
  --out DIR              where the JSON goes (default bench/results; "-" writes none)
  --help                 this text
`;

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "S1" },
    seed: { type: "string", default: "42" },
    rounds: { type: "string", default: "40" },
    concurrency: { type: "string", default: "16" },
    requests: { type: "string", default: "160" },
    passes: { type: "string", default: "2" },
    workloads: { type: "string", default: WORKLOADS.map((workload) => workload.id).join(",") },
    systems: { type: "string", default: SYSTEMS.join(",") },
    "neo4j-uri": { type: "string" },
    out: { type: "string", default: join(PROJECT_ROOT, "bench", "results") },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const split = (text: string) => text.split(",").map((part) => part.trim()).filter(Boolean);
const systems = split(values.systems!) as SystemName[];
for (const system of systems) if (!SYSTEMS.includes(system)) throw new Error(`unknown system ${system}; one of ${SYSTEMS.join(", ")}`);
if (values.data !== "S1" && values.data !== "longhutang") throw new Error("--data is S1 or longhutang");

const result = await runBench({
  data: values.data,
  seed: Number(values.seed),
  rounds: Number(values.rounds),
  concurrency: Number(values.concurrency),
  requestsPerPass: Number(values.requests),
  passes: Number(values.passes),
  workloads: split(values.workloads!),
  systems,
  neo4jUri: values["neo4j-uri"],
  log: (line) => process.stderr.write(`${line}\n`),
});

process.stdout.write(table(result));
if (values.out !== "-") {
  mkdirSync(values.out!, { recursive: true });
  const file = join(values.out!, `${result.startedAt.slice(0, 16).replace(/:/g, "")}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(`wrote ${file}\n`);
}

/** The Markdown table of bench/RESULTS.md. */
function table(bench: BenchResult): string {
  const lines = [
    `data ${bench.data.name} (seed ${bench.data.seed}): ${bench.data.nodes} nodes, ${bench.data.relationships} relationships; scope ${bench.fixture.scope} as of ${bench.fixture.asOf}`,
    `machine: ${bench.machine.cpus} × ${bench.machine.cpuModel}, ${bench.machine.memoryGiB} GiB, Node ${bench.machine.node}, load average before ${bench.machine.loadAverageBefore.map((value) => value.toFixed(1)).join(" ")}, after ${bench.machine.loadAverageAfter.map((value) => value.toFixed(1)).join(" ")}`,
    "",
    "| workload | system | answers agree | statements / request | c=1 p50 ms | c=1 p95 ms | Node CPU ms / request (c=1) | c=16 req/s | c=16 p95 ms | c=16 failed | paired ratio hub/this (c=1) |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const workload of bench.workloads) {
    for (const [name, figures] of Object.entries(workload.systems)) {
      const ratio = name === "hub" ? "" : (workload.pairedRatios[`hub/${name}`]?.toString() ?? "");
      lines.push(
        `| ${workload.id} | ${name} | ${workload.answersAgree[name] ? "yes" : "**no**"} | ${figures.statementsPerRequest} | ${figures.c1.p50} | ${figures.c1.p95} | ${figures.c1.nodeCpuMs} | ${figures.throughput?.requestsPerSecond ?? "-"} | ${figures.throughput?.p95 ?? "-"} | ${figures.throughput?.failed ?? "-"} | ${ratio} |`,
      );
    }
    if (workload.disagreement) lines.push(`| ${workload.id} | | ${workload.disagreement.replace(/\|/g, "\\|").slice(0, 300)} | | | | | | | |`);
  }
  return `${lines.join("\n")}\n`;
}
