import type { CypherQuery, Database } from "../database/index.js";
import { dateParam } from "../database/index.js";
import { entityMap, validAt } from "./cypher.js";
import { toEntityRecord, type EntityRecord } from "./entity.record.js";
import type { Loaders } from "./loaders.js";
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
}

const SAFE_NAME = /^[A-Z][A-Za-z_]*$/;

/** One statement for many source entities: UNWIND over their ids, one row per source. */
export function relationQuery(spec: RelationSpec, ids: readonly string[], asOf: string): CypherQuery {
  if (!SAFE_NAME.test(spec.type) || !SAFE_NAME.test(spec.target)) throw new Error(`unsafe relation spec ${spec.name}`);
  const pattern = spec.direction === "out" ? `(s)-[r:${spec.type}]->(t:${spec.target})` : `(s)<-[r:${spec.type}]-(t:${spec.target})`;
  const filter = spec.history ? "true" : `${validAt("r")} AND ${validAt("t")}`;
  return {
    name: `relation.${spec.name}`,
    cypher: `
      UNWIND $ids AS id
      MATCH (s:Entity {id: id})
      MATCH ${pattern}
      WHERE ${filter}
      WITH id, r, t ORDER BY t.code, r.validFrom
      RETURN id AS key, collect({entity: ${entityMap("t")}, link: r {.*}}) AS items`,
    params: { ids, asOf: dateParam(asOf) },
  };
}

interface RelationKey {
  readonly id: string;
  readonly asOf: string;
}

/** Batches by `asOf`: one round trip per distinct date among the keys (normally one). */
export function loadRelation(db: Database, loaders: Loaders, spec: RelationSpec, source: EntityRecord): Promise<Linked[]> {
  const loader = loaders.get<RelationKey, Linked[]>(
    `relation:${spec.name}`,
    async (keys) => {
      const byDate = new Map<string, string[]>();
      for (const key of keys) byDate.set(key.asOf, [...(byDate.get(key.asOf) ?? []), key.id]);
      const results = new Map<string, Linked[]>();
      await Promise.all(
        [...byDate].map(async ([asOf, ids]) => {
          const rows = await db.read(relationQuery(spec, ids, asOf));
          for (const row of rows) {
            const items = row.items as { entity: unknown; link: LinkRecord }[];
            results.set(
              `${asOf}|${String(row.key)}`,
              items.map((item) => ({ entity: toEntityRecord(item.entity, asOf), link: item.link })),
            );
          }
        }),
      );
      return keys.map((key) => results.get(`${key.asOf}|${key.id}`) ?? []);
    },
    (key) => `${key.asOf}|${key.id}`,
  );
  return loader.load({ id: source.id, asOf: source.asOf });
}

/** The one entity at the far end of a one-at-a-time relation (a unit's place), or null. */
export async function loadOne(db: Database, loaders: Loaders, spec: RelationSpec, source: EntityRecord): Promise<EntityRecord | null> {
  const [first] = await loadRelation(db, loaders, spec, source);
  return first?.entity ?? null;
}

/** The entities at the far end of a relation, without the links' own properties. */
export async function loadEntities(db: Database, loaders: Loaders, spec: RelationSpec, source: EntityRecord): Promise<EntityRecord[]> {
  return (await loadRelation(db, loaders, spec, source)).map((linked) => linked.entity);
}
