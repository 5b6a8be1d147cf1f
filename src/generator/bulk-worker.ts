import { parentPort } from "node:worker_threads";
import { bulkPart, DistrictTops, failureOf, type BulkPartJob } from "./bulk-part.js";

/**
 * The worker thread of the bulk import (bulk-parts.ts starts it): runs bulkPart for each job it
 * is sent and posts back the result, or the failure. It keeps the district's top it last
 * validated, so a district's subdistricts sent to the same worker validate it once.
 */
const port = parentPort;
if (!port) throw new Error("bulk-worker.ts runs as a worker thread (bulk-parts.ts starts it)");
const tops = new DistrictTops();
port.on("message", (job: BulkPartJob) => {
  try {
    port.postMessage({ ok: true, result: bulkPart(job, tops) });
  } catch (error) {
    port.postMessage({ ok: false, failure: failureOf(error) });
  }
});
