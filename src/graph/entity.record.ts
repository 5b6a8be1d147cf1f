import { nameAsOf } from "../temporal/index.js";
import { ENTITY_LABELS, type EntityLabel } from "./vocabulary.js";

/** A name and the day it took effect. */
export interface DatedNameRecord {
  readonly name: string;
  readonly validFrom: string;
}

/**
 * An entity as read from Neo4j, seen as of one date. It is the root object of the GraphQL types;
 * `asOf` travels with it so nested fields read the graph at the same date.
 */
export interface EntityRecord {
  readonly label: EntityLabel;
  readonly id: string;
  readonly code: string;
  /** The name as of `asOf`. */
  readonly name: string;
  readonly nameHistory: readonly DatedNameRecord[];
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly version: number;
  readonly asOf: string;
  readonly [property: string]: unknown;
}

function labelOf(labels: unknown): EntityLabel {
  const list = Array.isArray(labels) ? (labels as string[]) : [];
  const label = ENTITY_LABELS.find((candidate) => list.includes(candidate));
  if (!label) throw new Error(`Node with labels ${JSON.stringify(list)} is not an entity`);
  return label;
}

/**
 * Values a record of a label has when its node lacks the property: the seed format lets an
 * organisation leave its member counts out (a working committee reports none), the GraphQL type
 * promises a number, and `createOrganisation` writes 0 for one not given — so a read does too.
 */
const READ_DEFAULTS: Partial<Record<EntityLabel, Readonly<Record<string, unknown>>>> = {
  Organisation: { formalMembers: 0, probationaryMembers: 0, committeeElected: false },
};

/** The value a record of `label` reads for `property` when its node lacks it (undefined: none). */
export function readDefault(label: EntityLabel, property: string): unknown {
  return READ_DEFAULTS[label]?.[property];
}

/** `properties` with the read defaults of `label` filled in where a property is missing (null or absent), in place. */
function fillDefaults(label: EntityLabel, properties: Record<string, unknown>): Record<string, unknown> {
  const defaults = READ_DEFAULTS[label];
  if (defaults) for (const name in defaults) properties[name] ??= defaults[name];
  return properties;
}

/** Maps a row produced by `entityMap()` to an EntityRecord as of `asOf`. */
export function toEntityRecord(map: unknown, asOf: string): EntityRecord {
  const properties = map as Record<string, unknown>;
  const names = (properties.names as string[] | undefined) ?? [String(properties.name)];
  const nameFrom = (properties.nameFrom as string[] | undefined) ?? [String(properties.validFrom)];
  const nameHistory = names.map((name, index) => ({ name, validFrom: nameFrom[index] ?? String(properties.validFrom) }));
  const current = nameAsOf(nameHistory, asOf) ?? nameHistory[0];
  const { labels, names: _names, nameFrom: _nameFrom, ...rest } = properties;
  const label = labelOf(labels);
  return {
    ...fillDefaults(label, rest),
    label,
    id: String(properties.id),
    code: String(properties.code),
    name: current?.name ?? String(properties.name),
    nameHistory,
    validFrom: String(properties.validFrom),
    validTo: (properties.validTo as string | null | undefined) ?? null,
    version: Number(properties.version ?? 0),
    asOf,
  };
}
