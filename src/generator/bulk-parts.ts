import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { PartBases } from "./bulk-csv.js";
import { DistrictTops, encodePrepared, errorOf, preparePart, type BulkPartFailure, type BulkPartJob, type BulkPartResult } from "./bulk-part.js";
import { partsOf, type GeneratorOptions, type PartOf } from "./generate.js";

/**
 * The parts of a bulk import, done by worker threads and handed back in generation order: each
 * worker prepares one part at a time (generate, validate, roll-ups: preparePart), reports its node
 * count, and encodes it once the part's ids have their base (encodePrepared, PartNumbering); at most
 * `2 × workers` parts are under way or waiting to be taken, so memory stays a few parts' whatever
 * the scale. With `workers: 0` the parts are done on this thread, one after another (the same
 * function, so the same output).
 */
export interface BulkPartsOptions {
  /** Worker threads (default: one per core the machine offers); 0 does the parts on this thread. */
  readonly workers?: number | undefined;
  /** Send each part's generated records back too (to write the seed folder in the same pass). */
  readonly withChunk: boolean;
}

export const defaultBulkWorkers = (): number => availableParallelism();

/** To a worker: prepare a part, then encode it from the bases it was given. */
export type PartRequest = { readonly kind: "prepare"; readonly job: BulkPartJob } | { readonly kind: "encode"; readonly bases: PartBases };
/** From a worker: the prepared part's node count, then the encoded part; or a failure at either step. */
export type PartReply =
  | { readonly ok: true; readonly kind: "prepared"; readonly nodes: number }
  | { readonly ok: true; readonly kind: "encoded"; readonly result: BulkPartResult }
  | { readonly ok: false; readonly failure: BulkPartFailure };

/**
 * The bases of dense node ids across parts (ImportIds): a part's ids start where the part before
 * it ends, so part k gets its base once parts 0 … k − 1 have counted their nodes — as soon as they
 * are prepared, not encoded — and a subdistrict also gets its district's base, where that top's
 * ids start. Parts are counted in any order and given their bases in generation order.
 */
export class PartNumbering {
  private readonly counted = new Map<number, { readonly part: PartOf; readonly nodes: number; readonly give: (bases: PartBases) => void }>();
  private readonly districtBases = new Map<number, number>();
  private numbered = 0;
  private next = 0;

  /** The bases of the part at `position` (in generation order), which holds `nodes` nodes. */
  basesOf(position: number, part: PartOf, nodes: number): Promise<PartBases> {
    return new Promise((give) => {
      this.counted.set(position, { part, nodes, give });
      for (let entry = this.counted.get(this.numbered); entry; entry = this.counted.get(this.numbered)) {
        this.counted.delete(this.numbered++);
        const base = this.next;
        if (entry.part.part === "district") this.districtBases.set(entry.part.index, base);
        const topBase = entry.part.part === "district" ? base : this.districtBases.get(entry.part.district);
        if (topBase === undefined) throw new Error(`subdistrict ${entry.part.index} comes before its district ${entry.part.district}`);
        this.next += entry.nodes;
        entry.give({ base, topBase });
      }
    });
  }

  /** Where the ids of whatever follows the numbered parts start (the roll-ups written last). */
  get end(): number {
    return this.next;
  }
}

/**
 * Starts bulk-worker: the compiled .js next to this module, or, when running from the TypeScript
 * sources (tsx, vitest), the .ts through tsx's loader registered in the worker (a worker does not
 * inherit the loader hooks of `node --import tsx`).
 */
function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new Worker(new URL("./bulk-worker.js", here));
  const api = pathToFileURL(join(dirname(createRequire(here).resolve("tsx")), "esm", "api", "index.mjs")).href;
  const entry = new URL("./bulk-worker.ts", here).href;
  return new Worker(`import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
}

/** A worker that runs one job at a time. */
class PartWorker {
  private readonly worker = startWorker();
  private current: { resolve: (result: BulkPartResult) => void; reject: (error: Error) => void; basesOf: (nodes: number) => void } | undefined;
  private failed: Error | undefined;

  constructor() {
    this.worker.on("message", (reply: PartReply) => {
      const current = this.current;
      if (reply.ok && reply.kind === "prepared") {
        current?.basesOf(reply.nodes);
        return;
      }
      this.current = undefined;
      if (reply.ok) current?.resolve(reply.result);
      else current?.reject(errorOf(reply.failure));
    });
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) => this.fail(new Error(`a bulk import worker exited (code ${code})`)));
  }

  private fail(error: Error): void {
    this.failed ??= error;
    const current = this.current;
    this.current = undefined;
    current?.reject(error);
  }

  run(job: BulkPartJob, basesOf: (nodes: number) => Promise<PartBases>): Promise<BulkPartResult> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.current = { resolve, reject, basesOf: (nodes) => void basesOf(nodes).then((bases) => this.send({ kind: "encode", bases }), reject) };
      this.send({ kind: "prepare", job });
    });
  }

  private send(request: PartRequest): void {
    this.worker.postMessage(request);
  }

  async terminate(): Promise<void> {
    this.worker.removeAllListeners("exit");
    await this.worker.terminate();
  }
}

export async function* bulkParts(options: GeneratorOptions, { workers = defaultBulkWorkers(), withChunk }: BulkPartsOptions): AsyncGenerator<BulkPartResult> {
  const parts = [...partsOf(options)];
  const numbering = new PartNumbering();
  if (workers <= 0) {
    const tops = new DistrictTops();
    for (const [position, part] of parts.entries()) {
      const prepared = preparePart({ options, part, withChunk }, tops);
      yield encodePrepared(prepared, await numbering.basesOf(position, part, prepared.nodes));
    }
    return;
  }
  const pool = Array.from({ length: Math.min(workers, parts.length) }, () => new PartWorker());
  const idle = [...pool];
  const results = new Map<number, Promise<BulkPartResult>>();
  const ahead = 2 * pool.length;
  let next = 0;
  let taken = 0;
  let closed = false;
  const dispatch = () => {
    while (!closed && idle.length > 0 && next < parts.length && next < taken + ahead) {
      const worker = idle.pop()!;
      const position = next;
      const part = parts[position]!;
      const result = worker.run({ options, part, withChunk }, (nodes) => numbering.basesOf(position, part, nodes)).finally(() => {
        idle.push(worker);
        dispatch();
      });
      // Awaited in order below; until then a failure must not count as unhandled.
      result.catch(() => undefined);
      results.set(next++, result);
    }
  };
  try {
    for (taken = 0; taken < parts.length; taken++) {
      dispatch();
      const result = await results.get(taken)!;
      results.delete(taken);
      yield result;
    }
  } finally {
    closed = true;
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
}
