import { recordOf } from "../seeding/export.js";
import type { ExistingRelation } from "../seeding/plan.js";
import { FILE_SPECS, type FileSpec } from "../seeding/spec.js";
import { CHUNK_KEYS, type ChunkKey, type GeneratedChunk } from "./model.js";

/**
 * The generated model in the seed format: each entity becomes the record a person would write
 * (seeds/README.md), by the exporter's own `recordOf` — so a generated seed and an export of the
 * same graph spell things the same way (bare codes for links spanning the whole life, defaults
 * left out).
 */

/** Which seed file holds each part of a chunk. */
export const CHUNK_FILES: Readonly<Record<ChunkKey, string>> = {
  places: "places.yaml",
  organisations: "organisations.yaml",
  units: "units.yaml",
  councils: "councils.yaml",
  agreements: "agreements.yaml",
  volunteerTeams: "volunteer-teams.yaml",
  culturalTeams: "cultural-teams.yaml",
  facilities: "facilities.yaml",
  members: "members.yaml",
  beneficiaries: "beneficiaries.yaml",
  pairings: "pairings.yaml",
  events: "events.yaml",
};

export function specOf(key: ChunkKey): FileSpec {
  const spec = FILE_SPECS.get(CHUNK_FILES[key]);
  if (!spec) throw new Error(`no seed file spec for ${key}`);
  return spec;
}

type Plain = Record<string, unknown>;

/** The graph relations an entity owns, in graph direction (a council's seats point at it). */
export function ownedRelations(spec: FileSpec, entity: Plain): ExistingRelation[] {
  const code = entity.code as string;
  const validFrom = (entity.validFrom as string | undefined) ?? null;
  const validTo = (entity.validTo as string | null | undefined) ?? null;
  const relations: ExistingRelation[] = [];
  // Plain loops and a helper, no closure per relation: this runs for every generated entity, twice.
  for (const relation of spec.relations) {
    const value = entity[relation.field];
    if (value === undefined || value === null) continue;
    if (relation.shape === "codes") for (const target of value as string[]) relations.push(owned(relation, code, target, null, null, {}));
    else if (relation.shape === "code") relations.push(owned(relation, code, value as string, validFrom, validTo, {}));
    else {
      const extras = Object.keys(relation.extras ?? {});
      for (const link of value as Plain[]) {
        const properties: Plain = {};
        for (const key of extras) if (link[key] !== undefined && link[key] !== null) properties[key] = link[key];
        relations.push(owned(relation, code, link[relation.targetField] as string, link.validFrom as string, (link.validTo as string | null) ?? null, properties));
      }
    }
  }
  return relations;
}

function owned(relation: FileSpec["relations"][number], code: string, target: string, validFrom: string | null, validTo: string | null, properties: Plain): ExistingRelation {
  const out = relation.direction === "out";
  return { id: "", owner: code, type: relation.type, from: out ? code : target, to: out ? target : code, validFrom, validTo, properties };
}

/** One entity as a seed record. */
export function toRecord(spec: FileSpec, entity: Plain): Plain {
  const properties: Plain = { code: entity.code, validFrom: entity.validFrom ?? null, validTo: entity.validTo ?? null, note: entity.note };
  if (spec.dated) {
    const names = entity.names as { name: string; validFrom: string }[];
    properties.names = names.map((entry) => entry.name);
    properties.nameFrom = names.map((entry) => entry.validFrom);
    properties.name = names[names.length - 1]!.name;
  }
  for (const key of Object.keys(spec.fields)) properties[key] = entity[key];
  return recordOf(spec, properties, ownedRelations(spec, entity));
}

/** A chunk as seed records, by file name (files without records left out). */
export function chunkRecords(chunk: GeneratedChunk): Map<string, Plain[]> {
  const files = new Map<string, Plain[]>();
  for (const key of CHUNK_KEYS) {
    const entities = chunk[key] as unknown as Plain[];
    if (entities.length === 0) continue;
    const spec = specOf(key);
    files.set(spec.file, entities.map((entity) => toRecord(spec, entity)));
  }
  return files;
}
