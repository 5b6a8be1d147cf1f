import { generateDistrict, SUBDISTRICTS_PER_DISTRICT } from "./district.js";
import { CHUNK_KEYS, emptyChunk, type GeneratedChunk, type GeneratedModel } from "./model.js";
import { districtsFor } from "./scale.js";
import { generateSubdistrict } from "./subdistrict.js";

/**
 * The synthetic generator (issue 4): a seed number and a scale → the same network, byte for byte,
 * in the shapes and ratios of seeds/longhutang. Three ways to use it:
 *
 * - `generateModel({ seed, subdistricts })`: the whole network as plain typed objects (model.ts
 *   documents the shape) — the input of the brute-force oracles of the analytics tests;
 * - `generateChunks(…)`: the same, one part at a time (the districts' top, then each subdistrict),
 *   for writing or importing large scales with bounded memory;
 * - `writeGeneratedSeed` / `importGenerated`: a seed folder, or straight into Neo4j.
 *
 * The CLI is `npm run generate` (generate.cli.ts).
 */
export interface GeneratorOptions {
  /** Any integer; the same seed gives the same output. */
  readonly seed: number;
  /** Number of subdistricts (S1 = 1, S2 = 10, S3 = 100). */
  readonly subdistricts: number;
}

export interface ChunkOf {
  /** `district` for a district's top (place, committee, own-system committees), `subdistrict` for the rest. */
  readonly part: "district" | "subdistrict";
  /** Index of the district or subdistrict, from 0. */
  readonly index: number;
  readonly district: number;
  readonly chunk: GeneratedChunk;
}

/** Every part of the network in a fixed order: each district's top, then its subdistricts. */
export function* generateChunks(options: GeneratorOptions): Generator<ChunkOf> {
  const districts = districtsFor(options.subdistricts);
  for (let district = 0; district < districts; district++) {
    yield { part: "district", index: district, district, chunk: generateDistrict(district) };
    const first = district * SUBDISTRICTS_PER_DISTRICT;
    const last = Math.min(options.subdistricts, first + SUBDISTRICTS_PER_DISTRICT);
    for (let index = first; index < last; index++) yield { part: "subdistrict", index, district, chunk: generateSubdistrict(options.seed, index) };
  }
}

/** The whole generated network in memory (use it at S1-like sizes; stream larger ones with generateChunks). */
export function generateModel(options: GeneratorOptions): GeneratedModel {
  const model = { seed: options.seed, subdistricts: options.subdistricts, districts: districtsFor(options.subdistricts), ...emptyChunk() };
  for (const { chunk } of generateChunks(options)) {
    for (const key of CHUNK_KEYS) (model[key] as unknown[]).push(...(chunk[key] as unknown[]));
  }
  return model;
}

export { generateDistrict, generateSubdistrict };
export { parseScale, districtsFor, NAMED_SCALES, ScaleError } from "./scale.js";
export { REFERENCE_DATE } from "./calendar.js";
export { countChunk, emptyCounts, type GraphCounts } from "./counts.js";
export { chunkRecords, CHUNK_FILES } from "./records.js";
export { CHUNK_KEYS, emptyChunk } from "./model.js";
export type * from "./model.js";
