import type DataLoader from "dataloader";
import type { CypherQuery, Database } from "../database/index.js";
import { dateParam } from "../database/index.js";
import { validAt } from "./cypher.js";
import type { EntityRecord } from "./entity.record.js";
import type { Loaders } from "./loaders.js";
import { shapedEntity, shapedLink, shapeKey, toLinked, type Shape } from "./shape.js";
import type { EntityLabel } from "./vocabulary.js";

/** The dated link an entity was reached through, with the relation's own properties. */
export interface LinkRecord {
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly [property: string]: unknown;
}

export interface Linked {
  readonly entity: EntityRecord;
  readonly link: LinkRecord;
}

/**
 * One relation seen from one side. Types and labels come from this closed table of specs, never
 * from a request, so they may be written into the Cypher text.
 */
export interface RelationSpec {
  readonly name: string;
  readonly type: string;
  readonly direction: "out" | "in";
  /** The label of the entities reached; "Entity" reaches any kind (a pairing's helper, an event's originals). */
  readonly target: EntityLabel | "Entity";
  /** true: every link ever (history), ignoring `asOf`; false: links and targets valid at `asOf`. */
  readonly history?: boolean;
  /** The link's own properties a shaped read keeps (besides its dates), e.g. a leadership's `line`. */
  readonly linkProperties?: readonly string[];
}

/**
 * How one read of a relation is narrowed: to far ends of some kinds, and to the properties a
 * request's selection needs (src/graph/shape.ts). The default is every far end, whole.
 */
export interface RelationRead {
  readonly kinds?: readonly string[] | null | undefined;
  readonly shape?: Shape | undefined;
}

const SAFE_NAME = /^[A-Z][A-Za-z_]*$/;

/** The pattern from `source` over the relation to its far end `target` (labels and types from the closed spec table). */
export function relationPattern(spec: RelationSpec, source: string, link: string, target: string): string {
  if (!SAFE_NAME.test(spec.type) || !SAFE_NAME.test(spec.target)) throw new Error(`unsafe relation spec ${spec.name}`);
  return spec.direction === "out" ? `(${source})-[${link}:${spec.type}]->(${target}:${spec.target})` : `(${source})<-[${link}:${spec.type}]-(${target}:${spec.target})`;
}

/** Which links and far ends count: valid at `$asOf` (unless the spec is history), of the kinds in `kindsParam` when given. */
export function relationFilter(spec: RelationSpec, link: string, target: string, kindsParam: string | null): string {
  const valid = spec.history ? "true" : `${validAt(link)} AND ${validAt(target)}`;
  return kindsParam ? `${valid} AND ${target}.kind IN ${kindsParam}` : valid;
}

/** One statement for many source entities: UNWIND over their codes, one row per source. */
export function relationQuery(spec: RelationSpec, codes: readonly string[], asOf: string, read: RelationRead = {}): CypherQuery {
  const shape = read.shape ?? "all";
  const kinds = read.kinds ?? null;
  return {
    name: `relation.${spec.name}`,
    cypher: `
      UNWIND $codes AS code
      MATCH (s:Entity {code: code})
      MATCH ${relationPattern(spec, "s", "r", "t")}
      WHERE ${relationFilter(spec, "r", "t", kinds ? "$kinds" : null)}
      WITH code, r, t ORDER BY t.code, r.validFrom
      RETURN code AS key, collect([${shapedEntity("t", shape)}, ${shapedLink(spec, "r", shape)}]) AS items`,
    params: { codes, asOf: dateParam(asOf), ...(kinds ? { kinds } : {}) },
  };
}

/**
 * A relation read's key: the source's code (unique over all entities, indexed) and date. Not its
 * stored id, which a shaped read does not fetch (src/graph/shape.ts).
 */
interface RelationKey {
  readonly code: string;
  readonly asOf: string;
}

const relationCacheKey = (key: RelationKey): string => `${key.asOf}|${key.code}`;

/** The name of the per-request loader (and primed answers) of one relation read. */
const relationLoaderName = (spec: RelationSpec, read: RelationRead): string => `relation:${spec.name}|${read.kinds ? read.kinds.join(",") : "*"}|${shapeKey(read.shape ?? "all")}`;

/** A value, or a promise of it: what a resolver may return, and graphql-js completes a plain value without a promise. */
export type MaybePromise<T> = T | Promise<T>;

/** Hands `linked`, read ahead by a shaped read, to the resolvers that will ask for this relation of `source`. */
export function primeRelation(loaders: Loaders, spec: RelationSpec, read: RelationRead, source: Pick<EntityRecord, "code" | "asOf">, linked: Linked[]): void {
  loaders.prime(relationLoaderName(spec, read), relationCacheKey({ code: source.code, asOf: source.asOf }), linked);
}

/**
 * The links of `source` over the relation: at once when a shaped read primed them, else through
 * the batched loader. For the hot relation fields of a tree (children, organisations, leader…).
 */
export function readRelation(db: Database, loaders: Loaders, spec: RelationSpec, source: EntityRecord, read: RelationRead = {}): MaybePromise<Linked[]> {
  const key = { code: source.code, asOf: source.asOf };
  return loaders.primedValue<Linked[]>(relationLoaderName(spec, read), relationCacheKey(key)) ?? relationLoader(db, loaders, spec, read).load(key);
}

/** `then` without a promise when the value is already there. */
export function mapMaybe<T, U>(value: MaybePromise<T>, map: (value: T) => U): MaybePromise<U> {
  return value instanceof Promise ? value.then(map) : map(value);
}

/**
 * The per-request loader of one relation read as `read` narrows it. Batches by `asOf`: one round
 * trip per distinct date among the keys (normally one). Shaped reads prime it (src/graph/read-plan.ts).
 */
export function relationLoader(db: Database, loaders: Loaders, spec: RelationSpec, read: RelationRead = {}): DataLoader<RelationKey, Linked[], string> {
  return loaders.get<RelationKey, Linked[]>(
    relationLoaderName(spec, read),
    async (keys) => {
      const byDate = new Map<string, string[]>();
      for (const key of keys) byDate.set(key.asOf, [...(byDate.get(key.asOf) ?? []), key.code]);
      const results = new Map<string, Linked[]>();
      await Promise.all(
        [...byDate].map(async ([asOf, codes]) => {
          const rows = await db.read(relationQuery(spec, codes, asOf, read));
          for (const row of rows) {
            const items = row.items as unknown[][];
            results.set(
              `${asOf}|${String(row.key)}`,
              items.map((item) => toLinked(item, spec, read.shape ?? "all", asOf)),
            );
          }
        }),
      );
      return keys.map((key) => results.get(relationCacheKey(key)) ?? []);
    },
    relationCacheKey,
  );
}

/** The links of `source` over the relation, and their far ends, as of the source's date. */
export function loadRelation(db: Database, loaders: Loaders, spec: RelationSpec, source: EntityRecord, read: RelationRead = {}): Promise<Linked[]> {
  return Promise.resolve(readRelation(db, loaders, spec, source, read));
}

/** The entities at the far end, at once when primed (see readRelation). */
export function readEntities(db: Database, loaders: Loaders, spec: RelationSpec, source: EntityRecord, read: RelationRead = {}): MaybePromise<EntityRecord[]> {
  return mapMaybe(readRelation(db, loaders, spec, source, read), (links) => links.map((linked) => linked.entity));
}

/** The one entity at the far end of a one-at-a-time relation, or null; at once when primed. */
export function readOne(db: Database, loaders: Loaders, spec: RelationSpec, source: EntityRecord, read: RelationRead = {}): MaybePromise<EntityRecord | null> {
  return mapMaybe(readRelation(db, loaders, spec, source, read), (links) => links[0]?.entity ?? null);
}

/** The one entity at the far end of a one-at-a-time relation (a unit's place), or null. */
export function loadOne(db: Database, loaders: Loaders, spec: RelationSpec, source: EntityRecord, read: RelationRead = {}): Promise<EntityRecord | null> {
  return Promise.resolve(readOne(db, loaders, spec, source, read));
}

/** The entities at the far end of a relation, without the links' own properties. */
export function loadEntities(db: Database, loaders: Loaders, spec: RelationSpec, source: EntityRecord, read: RelationRead = {}): Promise<EntityRecord[]> {
  return Promise.resolve(readEntities(db, loaders, spec, source, read));
}
