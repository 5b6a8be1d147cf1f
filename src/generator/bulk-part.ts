import type { SeedProblem } from "../seeding/index.js";
import { SeedValidationError } from "../seeding/index.js";
import { BulkCsvError, encodePart, encodeRollups, ImportIds, type EncodedCsv, type PartBases } from "./bulk-csv.js";
import { partRollups, type MergedRollups } from "./bulk-rollups.js";
import { countChunk, emptyCounts, type GraphCounts } from "./counts.js";
import { chunkOf, type GeneratorOptions, type PartOf } from "./generate.js";
import { validateChunk, validatedTop, type ValidatedTop } from "./import.js";
import type { GeneratedChunk } from "./model.js";

/**
 * One part of a bulk import, start to finish, from the part alone: generated, validated (a
 * subdistrict with its district's top, as validatedParts does), counted, encoded as CSV rows, and
 * its roll-ups computed (partRollups). This is the CPU-heavy work of the bulk import; it needs
 * nothing from the other parts, so worker threads do it (bulk-worker.ts) while the main thread
 * writes the finished parts in order.
 */
export interface BulkPartJob {
  readonly options: GeneratorOptions;
  readonly part: PartOf;
  /** Send the generated records back too (to write the seed folder in the same pass). */
  readonly withChunk: boolean;
}

export interface BulkPartResult {
  readonly part: PartOf;
  /** What an import of this part puts into an empty graph (countChunk). */
  readonly counts: GraphCounts;
  readonly entities: number;
  readonly relationships: number;
  /** The part's entities and links, then its roll-up sources and (a subdistrict) points. */
  readonly csv: EncodedCsv;
  readonly rollups: MergedRollups;
  /** Places whose source's empty links list is set after the start (a CSV cell cannot hold one). */
  readonly emptyLinks: string[];
  readonly chunk?: GeneratedChunk;
  /** The part's node ids: `nodes` of them from `base` (the next part's start from the end). */
  readonly ids: { readonly base: number; readonly nodes: number };
  readonly millis: { readonly generate: number; readonly validate: number; readonly encode: number };
}

/** A district's top, validated once per thread and kept while its subdistricts come. */
export class DistrictTops {
  private last: { district: number; top: ValidatedTop } | undefined;
  of(options: GeneratorOptions, district: number): ValidatedTop {
    if (this.last?.district !== district) {
      const chunk = chunkOf(options, { part: "district", index: district, district });
      this.last = { district, top: validatedTop(chunk, validateChunk("district", district, chunk, undefined)) };
    }
    return this.last.top;
  }
}

const NONE: ReadonlySet<string> = new Set();

/**
 * A part generated, validated and its roll-ups computed, waiting for its node ids' base: the
 * parts' ids follow each other (ImportIds), so a part is numbered only once every part before it
 * has counted its nodes (PartNumbering).
 */
export interface PreparedPart {
  readonly job: BulkPartJob;
  readonly chunk: GeneratedChunk;
  readonly validation: ReturnType<typeof validateChunk>;
  readonly skip: ReadonlySet<string>;
  readonly rollups: ReturnType<typeof partRollups>;
  /** The nodes the part will write: its entities (not its district's top again) and roll-up nodes. */
  readonly nodes: number;
  readonly millis: { readonly generate: number; readonly validate: number; readonly rollups: number };
}

export function preparePart(job: BulkPartJob, tops: DistrictTops): PreparedPart {
  const { options, part } = job;
  const started = performance.now();
  const top = part.part === "subdistrict" ? tops.of(options, part.district) : undefined;
  const chunk = chunkOf(options, part);
  const generated = performance.now();
  const validation = validateChunk(part.part, part.index, chunk, top);
  const validated = performance.now();
  const skip = top?.codes ?? NONE;
  const rollups = partRollups(validation.model, skip, part.part === "subdistrict");
  const computed = performance.now();
  let entities = 0;
  for (const entity of validation.model.entities) if (!skip.has(entity.code)) entities++;
  return {
    job,
    chunk,
    validation,
    skip,
    rollups,
    nodes: entities + rollups.sources.length + rollups.points.length,
    millis: { generate: Math.round(generated - started), validate: Math.round(validated - generated), rollups: computed - validated },
  };
}

export function encodePrepared(prepared: PreparedPart, bases: PartBases): BulkPartResult {
  const { job, chunk, validation, skip, rollups } = prepared;
  const started = performance.now();
  const ids = ImportIds.ofPart(bases, prepared.nodes, skip);
  const { csv, entities, relationships } = encodePart(validation.model, ids, skip);
  const bookkeeping = encodeRollups(rollups.sources, rollups.points, ids);
  if (ids.numbered !== prepared.nodes) throw new BulkCsvError(`${job.part.part} ${job.part.index}: ${ids.numbered} nodes numbered, ${prepared.nodes} counted`);
  return {
    part: job.part,
    counts: countChunk(chunk, emptyCounts()),
    entities,
    relationships,
    csv: { groups: [...csv.groups, ...bookkeeping.csv.groups], multiline: csv.multiline || bookkeeping.csv.multiline },
    rollups: { places: rollups.sources.map((source) => source.place), pending: rollups.pending, points: rollups.points.length },
    emptyLinks: bookkeeping.emptyLinks,
    ...(job.withChunk ? { chunk } : {}),
    ids: { base: bases.base, nodes: prepared.nodes },
    // Encoding counts the roll-ups too, computed before the part waited for its base (not the wait).
    millis: { generate: prepared.millis.generate, validate: prepared.millis.validate, encode: Math.round(prepared.millis.rollups + performance.now() - started) },
  };
}

/** A failure as it crosses from a worker: a validation failure keeps its problems. */
export type BulkPartFailure = { readonly kind: "validation"; readonly problems: readonly SeedProblem[] } | { readonly kind: "error"; readonly message: string; readonly stack?: string | undefined };

export function failureOf(error: unknown): BulkPartFailure {
  if (error instanceof SeedValidationError) return { kind: "validation", problems: error.problems };
  return error instanceof Error ? { kind: "error", message: error.message, stack: error.stack } : { kind: "error", message: String(error) };
}

export function errorOf(failure: BulkPartFailure): Error {
  if (failure.kind === "validation") return new SeedValidationError(failure.problems);
  const error = new Error(failure.message);
  if (failure.stack) error.stack = failure.stack;
  return error;
}
