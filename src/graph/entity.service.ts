import type { Database } from "../database/index.js";
import type { Loaders } from "./loaders.js";
import { entitiesByKey } from "./entity.queries.js";
import { toEntityRecord, type EntityRecord } from "./entity.record.js";
import type { EntityLabel } from "./vocabulary.js";

interface LookupKey {
  readonly value: string;
  readonly asOf: string;
}

/** Loads an entity of `kind` by id or code, batched per request; null when it is not valid at `asOf`. */
export function loadEntity(
  db: Database,
  loaders: Loaders,
  kind: EntityLabel | "Entity",
  key: "id" | "code",
  value: string,
  asOf: string,
): Promise<EntityRecord | null> {
  const loader = loaders.get<LookupKey, EntityRecord | null>(
    `entity:${kind}:${key}`,
    async (keys) => {
      const byDate = new Map<string, string[]>();
      for (const item of keys) byDate.set(item.asOf, [...(byDate.get(item.asOf) ?? []), item.value]);
      const found = new Map<string, EntityRecord>();
      await Promise.all(
        [...byDate].map(async ([asOf, values]) => {
          for (const row of await db.read(entitiesByKey(kind, key, values, asOf))) {
            found.set(`${asOf}|${String(row.key)}`, toEntityRecord(row.entity, asOf));
          }
        }),
      );
      return keys.map((item) => found.get(`${item.asOf}|${item.value}`) ?? null);
    },
    (item) => `${item.asOf}|${item.value}`,
  );
  return loader.load({ value, asOf });
}
