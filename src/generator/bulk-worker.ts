import { parentPort } from "node:worker_threads";
import { DistrictTops, encodePrepared, failureOf, preparePart, type PreparedPart } from "./bulk-part.js";
import type { PartReply, PartRequest } from "./bulk-parts.js";

/**
 * The worker thread of the bulk import (bulk-parts.ts starts it): prepares each part it is sent
 * and posts back its node count, then encodes it once it is sent the part's bases, and posts back
 * the result — or the failure of either step. It keeps the district's top it last validated, so
 * a district's subdistricts sent to the same worker validate it once.
 */
const port = parentPort;
if (!port) throw new Error("bulk-worker.ts runs as a worker thread (bulk-parts.ts starts it)");
const reply = (message: PartReply) => port.postMessage(message);
const tops = new DistrictTops();
let prepared: PreparedPart | undefined;
port.on("message", (request: PartRequest) => {
  try {
    if (request.kind === "prepare") {
      prepared = preparePart(request.job, tops);
      reply({ ok: true, kind: "prepared", nodes: prepared.nodes });
    } else {
      if (!prepared) throw new Error("a bulk import worker was asked to encode before it prepared a part");
      const part = prepared;
      prepared = undefined;
      reply({ ok: true, kind: "encoded", result: encodePrepared(part, request.bases) });
    }
  } catch (error) {
    prepared = undefined;
    reply({ ok: false, failure: failureOf(error) });
  }
});
