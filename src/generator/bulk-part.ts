import type { SeedProblem } from "../seeding/index.js";
import { SeedValidationError } from "../seeding/index.js";
import { encodePart, encodeRollups, ImportIds, type EncodedCsv } from "./bulk-csv.js";
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

export function bulkPart(job: BulkPartJob, tops: DistrictTops): BulkPartResult {
  const { options, part } = job;
  let mark = performance.now();
  const lap = () => {
    const now = performance.now();
    const millis = Math.round(now - mark);
    mark = now;
    return millis;
  };
  const top = part.part === "subdistrict" ? tops.of(options, part.district) : undefined;
  const chunk = chunkOf(options, part);
  const generate = lap();
  const validation = validateChunk(part.part, part.index, chunk, top);
  const validate = lap();
  const skip = top?.codes ?? NONE;
  const final = part.part === "subdistrict";
  const ids = ImportIds.ofPart(part.part, part.index, part.district, skip);
  const { csv, entities, relationships } = encodePart(validation.model, ids, skip);
  const rollups = partRollups(validation.model, skip, final);
  const bookkeeping = encodeRollups(rollups.sources, rollups.points, ids);
  const result: BulkPartResult = {
    part,
    counts: countChunk(chunk, emptyCounts()),
    entities,
    relationships,
    csv: { groups: [...csv.groups, ...bookkeeping.csv.groups], multiline: csv.multiline || bookkeeping.csv.multiline },
    rollups: { places: rollups.sources.map((source) => source.place), pending: rollups.pending, points: rollups.points.length },
    emptyLinks: bookkeeping.emptyLinks,
    ...(job.withChunk ? { chunk } : {}),
    millis: { generate, validate, encode: lap() },
  };
  return result;
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
