/**
 * The synthetic generator (issue 4): a seed number and a scale → the same network, byte for byte,
 * in the shapes and ratios of seeds/longhutang. Three ways to use it:
 *
 * - `generateModel({ seed, subdistricts })`: the whole network as plain typed objects (model.ts
 *   documents the shape) — the input of the brute-force oracles of the analytics tests;
 * - `generateChunks(…)`: the same, one part at a time (each district's top, then its
 *   subdistricts), for writing or importing large scales with bounded memory;
 * - `SeedFolderWriter` / `importGenerated`: a seed folder, or straight into Neo4j through the
 *   seeding module, one subdistrict at a time; `bulkImportGenerated`: into an empty local store
 *   offline, through CSV files and `neo4j-admin database import`.
 *
 * The CLI is `npm run generate` (generate.cli.ts); measurements are in docs/SCALE.md.
 */
export { generateChunks, generateModel, partCount, type ChunkOf, type GeneratorOptions } from "./generate.js";
export { generateDistrict } from "./district.js";
export { generateSubdistrict } from "./subdistrict.js";
export { parseScale, districtsFor, NAMED_SCALES, ScaleError } from "./scale.js";
export { REFERENCE_DATE } from "./calendar.js";
export { countChunk, emptyCounts, type GraphCounts } from "./counts.js";
export { chunkRecords, CHUNK_FILES } from "./records.js";
export { CHUNK_KEYS, emptyChunk } from "./model.js";
export type * from "./model.js";
export { SeedFolderWriter, GeneratedFolderError } from "./write.js";
export { bulkProgressDisplay, formatDuration, importProgressDisplay, type BulkProgressDisplay, type ImportProgressDisplay } from "./progress.js";
export { bulkImportGenerated, BulkImportRefused, type BulkImported, type BulkImportRefusal, type BulkImportReport, type BulkImportTarget, type BulkPartWritten } from "./bulk-import.js";
export { importGenerated, validatedParts, type GeneratedImportOptions, type GeneratedImportReport, type ImportedPart, type ValidatedPart } from "./import.js";
