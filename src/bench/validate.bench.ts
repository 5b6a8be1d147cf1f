import { parseArgs } from "node:util";
import { chunkOf, partsOf } from "../generator/generate.js";
import { validateChunk, validatedTop, type ValidatedTop } from "../generator/import.js";

/**
 * `npm run bench:validate -- [--subdistricts 10] [--rounds 3] [--seed 42]`
 *
 * The seed validator's CPU on generated parts, as the imports run it (`validateChunk`: the part's
 * records in the seed format, then `validateParsed`; a subdistrict with its district's top). The
 * parts are generated first and not timed. Each round validates every part once; the first round
 * also compiles the JSON Schemas and warms the JIT (a worker thread pays it once), the later ones
 * are the steady cost. Prints one JSON line: CPU ms per round and µs of CPU per entity.
 */
const { values } = parseArgs({
  options: {
    subdistricts: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    seed: { type: "string", default: "42" },
  },
});
const options = { seed: Number(values.seed), subdistricts: Number(values.subdistricts) };
const rounds = Math.max(1, Number(values.rounds));
const parts = [...partsOf(options)].map((part) => ({ part, chunk: chunkOf(options, part) }));

const cpuMillis: number[] = [];
let entities = 0;
let problems = 0;
for (let round = 0; round < rounds; round++) {
  let top: ValidatedTop | undefined;
  entities = 0;
  const started = process.cpuUsage();
  for (const { part, chunk } of parts) {
    const validation = validateChunk(part.part, part.index, chunk, part.part === "subdistrict" ? top : undefined);
    if (part.part === "district") top = validatedTop(chunk, validation);
    entities += validation.model.entities.length;
    problems += validation.problems.length;
  }
  const used = process.cpuUsage(started);
  cpuMillis.push(Math.round((used.user + used.system) / 1000));
}
const steady = cpuMillis.length > 1 ? cpuMillis.slice(1) : cpuMillis;
const perEntity = (millis: number) => Number(((millis * 1000) / entities).toFixed(2));
process.stdout.write(
  JSON.stringify({
    ...options,
    rounds,
    entitiesPerRound: entities,
    problems,
    cpuMillis,
    firstRoundMicrosPerEntity: perEntity(cpuMillis[0]!),
    steadyMicrosPerEntity: perEntity(steady.reduce((sum, millis) => sum + millis, 0) / steady.length),
  }) + "\n",
);
