import { parseArgs } from "node:util";
import { coverageByChild, coverageSeriesLive } from "../coverage/coverage.queries.js";
import { verifyRollups } from "../coverage/rollup.maintain.js";
import { coverageRollupByChild, coverageRollupSeries } from "../coverage/rollup.queries.js";
import { seriesDates } from "../coverage/series.js";
import { Database, migrate, type CypherQuery } from "../database/index.js";
import { importGenerated } from "../generator/import.js";
import { parseScale, REFERENCE_DATE } from "../generator/index.js";

/**
 * `npm run bench:rollups -- --uri bolt://127.0.0.1:7687 --scale S2 [--import] [--runs 15]`
 *
 * Coverage by scope level from the roll-ups, against the same figures walked from the graph:
 * one subdistrict, one district, the whole graph (every district, one statement each), at the
 * reference date and at a past date, and a 120-point monthly series. With --import, first imports
 * the generated network (seed 42) into the given Neo4j, which must be empty (its data is the
 * benchmark's). Prints medians (ms), PROFILE db hits and the ratios the targets are about.
 */
const { values } = parseArgs({
  options: {
    uri: { type: "string", default: "bolt://127.0.0.1:7687" },
    scale: { type: "string", default: "S2" },
    seed: { type: "string", default: "42" },
    runs: { type: "string", default: "15" },
    import: { type: "boolean", default: false },
    verify: { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const db = Database.connect({ uri: values.uri! }, { transactionTimeoutMs: 3_600_000 });

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function time(work: () => Promise<unknown>): Promise<number> {
  await work();
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

async function measure(label: string, queries: readonly CypherQuery[]): Promise<{ label: string; ms: number; dbHits: number; statements: number }> {
  const ms = await time(() => Promise.all(queries.map((query) => db.read(query))));
  let dbHits = 0;
  for (const query of queries) dbHits += (await db.profile(query)).dbHits;
  const result = { label, ms: Math.round(ms * 10) / 10, dbHits, statements: queries.length };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return result;
}

try {
  await migrate(db);
  if (values.import) {
    const started = performance.now();
    const report = await importGenerated(db, { seed: Number(values.seed), subdistricts: parseScale(values.scale!) }, {
      onPart: (part) => process.stderr.write(`${part.part} ${part.index + 1}: ${part.records} records, import ${(part.report.millis / 1000).toFixed(1)} s\n`),
    });
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`${JSON.stringify({ imported: report.created, seconds: Math.round(seconds), entitiesPerSecond: Math.round(report.created.entities / seconds) })}\n`);
  }
  const places = await db.read({
    name: "bench.scopes",
    cypher: "MATCH (p:Place) WHERE p.kind IN ['DISTRICT', 'SUBDISTRICT'] RETURN p.kind AS kind, p.code AS code ORDER BY code",
  });
  const subdistrict = String(places.find((row) => row.kind === "SUBDISTRICT")!.code);
  const districts = places.filter((row) => row.kind === "DISTRICT").map((row) => String(row.code));
  const [sizes] = await db.read({
    name: "bench.sizes",
    cypher: "MATCH (r:CoverageRollup) WITH count(r) AS points MATCH (s:CoverageSource) RETURN points, count(s) AS sources",
  });
  process.stdout.write(`${JSON.stringify({ scale: values.scale, subdistrict, districts: districts.length, ...sizes })}\n`);
  const past = "2018-06-30";
  const monthly = seriesDates("2016-01-01", "2025-12-31", "MONTH");
  const results = [
    await measure("subdistrict, reference date", [coverageRollupByChild(subdistrict, REFERENCE_DATE)]),
    await measure("subdistrict, 2018-06-30", [coverageRollupByChild(subdistrict, past)]),
    await measure("district, reference date", [coverageRollupByChild(districts[0]!, REFERENCE_DATE)]),
    await measure("whole graph (every district), reference date", districts.map((code) => coverageRollupByChild(code, REFERENCE_DATE))),
    await measure("whole graph (every district), 2018-06-30", districts.map((code) => coverageRollupByChild(code, past))),
    await measure("subdistrict, 120 monthly points", [coverageRollupSeries(subdistrict, monthly)]),
    await measure("district, 120 monthly points", [coverageRollupSeries(districts[0]!, monthly)]),
    await measure("walked from the graph: subdistrict, reference date", [coverageByChild(subdistrict, REFERENCE_DATE)]),
    await measure("walked from the graph: district, reference date", [coverageByChild(districts[0]!, REFERENCE_DATE)]),
    await measure("walked from the graph: subdistrict, 12 yearly points", [coverageSeriesLive(subdistrict, seriesDates("2014-01-01", "2025-12-31", "YEAR"))]),
  ];
  const base = results[0]!.ms;
  process.stdout.write("\nrequest | statements | median ms | × subdistrict | db hits\n---|---|---|---|---\n");
  for (const result of results) process.stdout.write(`${result.label} | ${result.statements} | ${result.ms} | ${(result.ms / base).toFixed(2)} | ${result.dbHits}\n`);
  if (values.verify) {
    const mismatches = await verifyRollups(db, [past, REFERENCE_DATE]);
    process.stdout.write(`verify: ${mismatches.length} mismatching figures\n`);
  }
} finally {
  await db.close();
}
