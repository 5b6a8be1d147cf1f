import type { EntityLabel } from "../graph/vocabulary.js";
import { CHUNK_KEYS, type GeneratedChunk } from "./model.js";
import { ownedRelations, specOf } from "./records.js";

/**
 * What importing a generated model puts into an empty graph: one node per entity, one
 * relationship per link (agreement and pairing code fields and event originals/results
 * included). Tests compare these with `MATCH (n:Entity)` and the relationships between entities.
 */
export interface GraphCounts {
  nodes: number;
  relations: number;
  readonly byLabel: Partial<Record<EntityLabel, number>>;
}

export function emptyCounts(): GraphCounts {
  return { nodes: 0, relations: 0, byLabel: {} };
}

/** Adds a chunk's counts to `into` (chunks are counted one at a time when streaming). */
export function countChunk(chunk: GeneratedChunk, into: GraphCounts = emptyCounts()): GraphCounts {
  for (const key of CHUNK_KEYS) {
    const spec = specOf(key);
    const entities = chunk[key] as unknown as Record<string, unknown>[];
    into.nodes += entities.length;
    into.byLabel[spec.label] = (into.byLabel[spec.label] ?? 0) + entities.length;
    for (const entity of entities) into.relations += ownedRelations(spec, entity).length;
  }
  return into;
}

/** Adds counts taken apart (a part counted in a worker thread) to `into`. */
export function addCounts(into: GraphCounts, counts: GraphCounts): GraphCounts {
  into.nodes += counts.nodes;
  into.relations += counts.relations;
  for (const [label, count] of Object.entries(counts.byLabel) as [EntityLabel, number][]) into.byLabel[label] = (into.byLabel[label] ?? 0) + count;
  return into;
}
