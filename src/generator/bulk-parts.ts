import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { bulkPart, DistrictTops, errorOf, type BulkPartFailure, type BulkPartJob, type BulkPartResult } from "./bulk-part.js";
import { partsOf, type GeneratorOptions } from "./generate.js";

/**
 * The parts of a bulk import, done by worker threads and handed back in generation order: each
 * worker runs bulkPart (generate, validate, encode, roll-ups) on one part at a time, and at most
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

type Reply = { readonly ok: true; readonly result: BulkPartResult } | { readonly ok: false; readonly failure: BulkPartFailure };

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
  private current: { resolve: (result: BulkPartResult) => void; reject: (error: Error) => void } | undefined;
  private failed: Error | undefined;

  constructor() {
    this.worker.on("message", (reply: Reply) => {
      const current = this.current;
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

  run(job: BulkPartJob): Promise<BulkPartResult> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.current = { resolve, reject };
      this.worker.postMessage(job);
    });
  }

  async terminate(): Promise<void> {
    this.worker.removeAllListeners("exit");
    await this.worker.terminate();
  }
}

export async function* bulkParts(options: GeneratorOptions, { workers = defaultBulkWorkers(), withChunk }: BulkPartsOptions): AsyncGenerator<BulkPartResult> {
  const parts = [...partsOf(options)];
  if (workers <= 0) {
    const tops = new DistrictTops();
    for (const part of parts) yield bulkPart({ options, part, withChunk }, tops);
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
      const result = worker.run({ options, part: parts[next]!, withChunk }).finally(() => {
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
