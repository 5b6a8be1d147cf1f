import { randomUUID } from "node:crypto";
import { ENTITY_LABELS, type EntityLabel } from "../graph/vocabulary.js";
import {
  entityProperties,
  graphManagedProperties,
  relationKey,
  relationOf,
  sameProperties,
  toWriteRow,
  type GraphRelation,
  type PlainProperties,
} from "./graph-shape.js";
import type { SeedEntity, SeedModel } from "./model.js";
import type { SeedProblem } from "./problems.js";
import type { EntityWriteRow, RelationWriteRow } from "./queries.js";
import type { SeedRelationType } from "./spec.js";
import { groupInto } from "./state.js";

/**
 * What an import changes, worked out by comparing the seed with the graph: entities to create,
 * entities whose managed properties or owned relations differ (updated: version + 1), the rest
 * unchanged (not written at all, so their version stays). Relations are matched by their whole
 * content; only the difference is deleted and created, so an unchanged relation keeps its identity.
 */
export interface ExistingEntity {
  readonly code: string;
  readonly labels: readonly string[];
  readonly version: number | null;
  readonly properties: PlainProperties;
}

export interface ExistingRelation extends GraphRelation {
  readonly id: string;
  /** The seeded entity that owns it. */
  readonly owner: string;
}

export interface KindCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportSummary {
  /** Per entity label (Place, Organisation, …), only labels the seed has. */
  readonly entities: Partial<Record<EntityLabel, KindCounts>>;
  readonly relations: { created: number; deleted: number; unchanged: number };
}

export interface ImportPlan {
  readonly creates: ReadonlyMap<EntityLabel, EntityWriteRow[]>;
  readonly updates: ReadonlyMap<EntityLabel, EntityWriteRow[]>;
  /** The graph's state of the updated entities before the import (a staged import's compensation). */
  readonly before: ReadonlyMap<EntityLabel, EntityWriteRow[]>;
  readonly relationCreates: ReadonlyMap<SeedRelationType, RelationWriteRow[]>;
  readonly relationDeletes: readonly ExistingRelation[];
  readonly summary: ImportSummary;
  /** Codes the graph holds as another kind of entity: the import must not proceed. */
  readonly conflicts: readonly SeedProblem[];
}

export function planImport(model: SeedModel, existingEntities: readonly ExistingEntity[], existingRelations: readonly ExistingRelation[]): ImportPlan {
  const existing = new Map(existingEntities.map((entity) => [entity.code, entity]));
  const conflicts: SeedProblem[] = [];
  const touched = new Set<string>();

  // Relations: the seed's, keyed by content, against the graph's owned ones; duplicates count.
  const wanted = new Map<string, GraphRelation[]>();
  const ownerOf = new Map<GraphRelation, string>();
  model.links.forEach((link) => {
    const relation = relationOf(link);
    ownerOf.set(relation, link.owner.code);
    groupInto(wanted, relationKey(relation), relation);
  });
  const relationDeletes: ExistingRelation[] = [];
  let relationsUnchanged = 0;
  for (const relation of existingRelations) {
    const matches = wanted.get(relationKey(relation));
    if (matches && matches.length > 0) {
      matches.pop();
      relationsUnchanged++;
    } else {
      relationDeletes.push(relation);
      touched.add(relation.owner);
    }
  }
  const relationCreates = new Map<SeedRelationType, RelationWriteRow[]>();
  let relationsCreated = 0;
  for (const remaining of wanted.values()) {
    for (const relation of remaining) {
      groupInto(relationCreates, relation.type, { from: relation.from, to: relation.to, validFrom: relation.validFrom, validTo: relation.validTo, properties: relation.properties });
      touched.add(ownerOf.get(relation)!);
      relationsCreated++;
    }
  }

  const creates = new Map<EntityLabel, EntityWriteRow[]>();
  const updates = new Map<EntityLabel, EntityWriteRow[]>();
  const before = new Map<EntityLabel, EntityWriteRow[]>();
  const entities: Partial<Record<EntityLabel, KindCounts>> = {};
  const count = (entity: SeedEntity, what: keyof KindCounts) => {
    const counts = (entities[entity.label] ??= { created: 0, updated: 0, unchanged: 0 });
    counts[what]++;
  };
  for (const entity of model.entities) {
    const desired = entityProperties(entity);
    const found = existing.get(entity.code);
    if (!found) {
      groupInto(creates, entity.label, { code: entity.code, id: randomUUID(), ...toWriteRow(desired) });
      count(entity, "created");
      continue;
    }
    const foundLabel = ENTITY_LABELS.find((candidate) => found.labels.includes(candidate));
    if (foundLabel !== entity.label) {
      conflicts.push({
        code: "SEED_CODE_KIND_CONFLICT",
        file: entity.record.file,
        line: entity.record.lineOf(["code"]),
        record: entity.code,
        message: `the graph already holds ${entity.code} as ${foundLabel ?? found.labels.join(":")}, not as ${entity.label}; give the record another code or remove the other entity first`,
      });
      continue;
    }
    const current = graphManagedProperties(entity.label, found.properties);
    if (sameProperties(current, desired) && !touched.has(entity.code)) {
      count(entity, "unchanged");
      continue;
    }
    groupInto(updates, entity.label, { code: entity.code, ...toWriteRow(desired) });
    groupInto(before, entity.label, { code: entity.code, version: found.version ?? 0, ...toWriteRow(current) });
    count(entity, "updated");
  }

  return {
    creates,
    updates,
    before,
    relationCreates,
    relationDeletes,
    summary: { entities, relations: { created: relationsCreated, deleted: relationDeletes.length, unchanged: relationsUnchanged } },
    conflicts,
  };
}

/** Rows to write in total, for progress. */
export function planSize(plan: ImportPlan): number {
  const rows = (map: ReadonlyMap<unknown, unknown[]>) => [...map.values()].reduce((sum, list) => sum + list.length, 0);
  return rows(plan.creates) + rows(plan.updates) + rows(plan.relationCreates) + plan.relationDeletes.length;
}
