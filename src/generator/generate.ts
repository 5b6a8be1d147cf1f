import { generateDistrict, SUBDISTRICTS_PER_DISTRICT } from "./district.js";
import { CHUNK_KEYS, emptyChunk, type GeneratedChunk, type GeneratedModel } from "./model.js";
import { districtsFor } from "./scale.js";
import { generateSubdistrict } from "./subdistrict.js";

/**
 * Runs the generator over a whole scale: the parts come out in a fixed order, each from its own
 * random stream, so the output depends on the seed and the scale only.
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

/** How many parts generateChunks yields: each district's top and each subdistrict. */
export function partCount(options: GeneratorOptions): number {
  return districtsFor(options.subdistricts) + options.subdistricts;
}

/** A part of the network without its records: what `chunkOf` generates (each from its own random stream). */
export type PartOf = Omit<ChunkOf, "chunk">;

/** Every part of the network in a fixed order: each district's top, then its subdistricts. */
export function* partsOf(options: GeneratorOptions): Generator<PartOf> {
  const districts = districtsFor(options.subdistricts);
  for (let district = 0; district < districts; district++) {
    yield { part: "district", index: district, district };
    const first = district * SUBDISTRICTS_PER_DISTRICT;
    const last = Math.min(options.subdistricts, first + SUBDISTRICTS_PER_DISTRICT);
    for (let index = first; index < last; index++) yield { part: "subdistrict", index, district };
  }
}

/** One part's records; a part depends on the seed and its own index only, so parts can be generated in any order (or thread). */
export function chunkOf(options: GeneratorOptions, part: PartOf): GeneratedChunk {
  return part.part === "district" ? generateDistrict(part.index) : generateSubdistrict(options.seed, part.index);
}

/** Every part of the network in a fixed order: each district's top, then its subdistricts. */
export function* generateChunks(options: GeneratorOptions): Generator<ChunkOf> {
  for (const part of partsOf(options)) yield { ...part, chunk: chunkOf(options, part) };
}

/**
 * The whole generated network in memory, as plain typed objects (the shape is documented in
 * model.ts): one array per seed file, every relation a list of dated links, ISO days, half-open
 * validity. This is what the analytics oracles walk. Nothing changes on or after REFERENCE_DATE
 * (2026-01-01), so "today" figures are those of that date. Use it at S1-like sizes; stream larger
 * scales with generateChunks.
 */
export function generateModel(options: GeneratorOptions): GeneratedModel {
  const model = { seed: options.seed, subdistricts: options.subdistricts, districts: districtsFor(options.subdistricts), ...emptyChunk() };
  for (const { chunk } of generateChunks(options)) {
    for (const key of CHUNK_KEYS) (model[key] as unknown[]).push(...(chunk[key] as unknown[]));
  }
  return model;
}
