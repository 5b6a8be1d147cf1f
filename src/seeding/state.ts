import type { CypherQuery, Row } from "../database/index.js";
import type { SeedModel } from "./model.js";
import type { ExistingEntity, ExistingRelation } from "./plan.js";
import { readEntitiesQuery, readOwnedRelationsQuery } from "./queries.js";
import { ownedRelationTypes } from "./graph-shape.js";
import type { SeedRelationType } from "./spec.js";

/**
 * Reads what the graph holds for a seed's codes: the entities and the relations they own. Runs on
 * anything that runs a query: the import's own write transaction (so the comparison and the writes
 * see the same graph), or single read transactions for a dry run or a staged import.
 */
export interface QueryRunner {
  run(query: CypherQuery): Promise<Row[]>;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** Appends to the list under `key` (in place: large groups stay linear). */
export function groupInto<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const list = groups.get(key);
  if (list) list.push(value);
  else groups.set(key, [value]);
}

export interface GraphState {
  readonly entities: ExistingEntity[];
  readonly relations: ExistingRelation[];
}

export function toExistingRelation(row: Row): ExistingRelation {
  const { validFrom, validTo, ...properties } = row.properties as Record<string, unknown>;
  return {
    id: row.id as string,
    owner: row.owner as string,
    type: row.type as SeedRelationType,
    from: row.from as string,
    to: row.to as string,
    validFrom: (validFrom as string | null | undefined) ?? null,
    validTo: (validTo as string | null | undefined) ?? null,
    properties,
  };
}

export async function readGraphState(runner: QueryRunner, model: SeedModel, batchSize: number): Promise<GraphState> {
  const entities: ExistingEntity[] = [];
  for (const codes of chunks(model.entities.map((entity) => entity.code), batchSize)) {
    for (const row of await runner.run(readEntitiesQuery(codes))) {
      entities.push({
        code: row.code as string,
        labels: row.labels as string[],
        version: (row.version as number | null) ?? null,
        properties: row.properties as Record<string, unknown>,
      });
    }
  }
  // Only an entity the graph holds can own a relation there: a fresh part's codes cost one read.
  const present = new Set(entities.map((entity) => entity.code));
  const relations: ExistingRelation[] = [];
  const bySpec = new Map<string, { codes: string[]; types: ReturnType<typeof ownedRelationTypes> }>();
  for (const entity of model.entities) {
    if (!present.has(entity.code)) continue;
    const group = bySpec.get(entity.spec.file) ?? { codes: [], types: ownedRelationTypes(entity.spec) };
    group.codes.push(entity.code);
    bySpec.set(entity.spec.file, group);
  }
  for (const { codes, types } of bySpec.values()) {
    for (const direction of ["out", "in"] as const) {
      if (types[direction].length === 0) continue;
      for (const owners of chunks(codes, batchSize)) {
        relations.push(...(await runner.run(readOwnedRelationsQuery(owners, types[direction], direction))).map(toExistingRelation));
      }
    }
  }
  return { entities, relations };
}
