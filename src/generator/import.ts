import type { Database } from "../database/index.js";
import { parsedFromRecords } from "../seeding/in-memory.js";
import { importSeed, refreshStatistics, SeedValidationError, validateParsed, type ImportProgress, type ImportReport, type SeedValidation } from "../seeding/index.js";
import { countChunk, emptyCounts, type GraphCounts } from "./counts.js";
import { generateChunks, type ChunkOf, type GeneratorOptions } from "./generate.js";
import type { GeneratedChunk } from "./model.js";
import { chunkRecords } from "./records.js";

/**
 * Imports a generated network straight into Neo4j, one part at a time, through the seeding
 * module: each part (a district's top, or a subdistrict together with its district's top, which
 * it refers to) is validated by the project's validator and imported by `importSeed` in one
 * transaction of batched UNWIND statements (about 10k nodes and 20k relationships for a
 * subdistrict). So memory stays at one subdistrict whatever the scale; each part is all or nothing;
 * and, the import being idempotent, running the same seed and scale again skips what is there.
 */
export interface GeneratedImportOptions {
  /** Rows per UNWIND statement (the seeding module's default otherwise). */
  readonly batchSize?: number;
  readonly onPart?: (part: ImportedPart) => void;
  /** Each generated chunk, before it is imported (to write the seed folder in the same pass). */
  readonly onChunk?: ((chunk: GeneratedChunk) => void) | undefined;
  readonly onProgress?: (progress: ImportProgress) => void;
}

export interface ImportedPart {
  readonly part: ChunkOf["part"];
  readonly index: number;
  readonly records: number;
  readonly report: ImportReport;
  readonly generateMillis: number;
  readonly validateMillis: number;
}

export interface GeneratedImportReport {
  readonly parts: number;
  /** What the import put into an empty graph (counted from the generated records). */
  readonly expected: GraphCounts;
  readonly created: { entities: number; relations: number };
  readonly millis: number;
}

function mergedRecords(...chunks: GeneratedChunk[]): Map<string, unknown[]> {
  const files = new Map<string, unknown[]>();
  for (const chunk of chunks) {
    for (const [file, records] of chunkRecords(chunk)) files.set(file, [...(files.get(file) ?? []), ...records]);
  }
  return files;
}

/** One generated part, validated by the project's validator, ready to be written. */
export interface ValidatedPart {
  readonly part: ChunkOf["part"];
  readonly index: number;
  readonly district: number;
  readonly validation: SeedValidation;
  /**
   * Codes of the district's top when this is a subdistrict part: validated with it (the part
   * refers to them) but already written by the district's own part.
   */
  readonly alreadyWritten: ReadonlySet<string>;
  readonly generateMillis: number;
  readonly validateMillis: number;
}

/** A district's top, validated: its records and codes, for validating its subdistricts with it. */
export interface ValidatedTop {
  readonly chunk: GeneratedChunk;
  readonly codes: ReadonlySet<string>;
}

/**
 * Validates one generated part by the project's validator: a district's top alone, a subdistrict
 * together with its district's top (which it refers to). A problem throws SeedValidationError.
 */
export function validateChunk(part: ChunkOf["part"], index: number, chunk: GeneratedChunk, top: ValidatedTop | undefined): SeedValidation {
  const files = top ? mergedRecords(top.chunk, chunk) : mergedRecords(chunk);
  const validation = validateParsed(parsedFromRecords(`generated ${part} ${index + 1}`, files));
  if (validation.problems.length > 0) throw new SeedValidationError(validation.problems);
  return validation;
}

/** The codes a validated district's top holds (its subdistricts' parts skip them: written once, by the top's own part). */
export const validatedTop = (chunk: GeneratedChunk, validation: SeedValidation): ValidatedTop => ({ chunk, codes: new Set(validation.model.entities.map((entity) => entity.code)) });

/**
 * The generate-and-validate loop every import of a generated network shares (online through
 * importSeed, offline through CSV files): yields each part validated, in generation order, and
 * counts what an import puts into an empty graph into `expected`. A validation problem throws
 * SeedValidationError before anything of the part is handed on.
 */
export function* validatedParts(options: GeneratorOptions, expected: GraphCounts, onChunk?: (chunk: GeneratedChunk) => void): Generator<ValidatedPart> {
  const districts = new Map<number, ValidatedTop>();
  const none: ReadonlySet<string> = new Set();
  let generating = performance.now();
  for (const { part, index, district, chunk } of generateChunks(options)) {
    const generateMillis = performance.now() - generating;
    countChunk(chunk, expected);
    onChunk?.(chunk);
    const validating = performance.now();
    // A subdistrict refers to its district's top, so both are validated together; the top is then "unchanged".
    const top = part === "subdistrict" ? districts.get(district) : undefined;
    const validation = validateChunk(part, index, chunk, top);
    if (part === "district") districts.set(district, validatedTop(chunk, validation));
    const validateMillis = performance.now() - validating;
    yield { part, index, district, validation, alreadyWritten: top?.codes ?? none, generateMillis, validateMillis };
    generating = performance.now();
  }
}

export async function importGenerated(db: Database, options: GeneratorOptions, hooks: GeneratedImportOptions = {}): Promise<GeneratedImportReport> {
  const started = performance.now();
  const expected = emptyCounts();
  let parts = 0;
  const created = { entities: 0, relations: 0 };
  let refreshedAt = 0;
  for (const { part, index, validation, generateMillis, validateMillis } of validatedParts(options, expected, hooks.onChunk)) {
    const report = await importSeed(db, validation, { batchSize: hooks.batchSize, onProgress: hooks.onProgress, refreshStatistics: false });
    parts++;
    for (const counts of Object.values(report.summary.entities)) created.entities += counts.created;
    created.relations += report.summary.relations.created;
    // Statistics whenever the graph has doubled (and at the end), not after every part: each
    // refresh drops the cached plans, and re-planning a part's statements cost more than writing them.
    if (created.entities >= 2 * refreshedAt && created.entities > 0) {
      await refreshStatistics(db);
      refreshedAt = created.entities;
    }
    hooks.onPart?.({ part, index, records: validation.recordCount, report, generateMillis, validateMillis });
  }
  if (refreshedAt !== created.entities) await refreshStatistics(db);
  return { parts, expected, created, millis: Math.round(performance.now() - started) };
}
