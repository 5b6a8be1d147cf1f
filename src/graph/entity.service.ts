import type { CypherQuery, Database } from "../database/index.js";
import { HubError } from "../errors/index.js";
import { asOfOrToday, type HubContext } from "../server/context.js";
import { decodeCursor, pageSize, toPage, type Page, type PageArgs } from "./connection.js";
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

/** The `thing(id:, code:, asOf:)` look-up of every entity type: by id, else by code. */
export function findEntity(
  context: HubContext,
  kind: EntityLabel,
  by: { id?: string | null; code?: string | null },
  asOf: string | null | undefined,
): Promise<EntityRecord | null> {
  const date = asOfOrToday(context, asOf);
  if (by.id) return loadEntity(context.db, context.loaders, kind, "id", by.id, date);
  if (by.code) return loadEntity(context.db, context.loaders, kind, "code", by.code, date);
  throw new HubError("BAD_USER_INPUT", "Give either id or code.");
}

/**
 * The paged list of every entity type: `filterOf` turns the arguments (with the resolved `asOf`)
 * into the filter its `page` and `count` queries take; the count runs only if asked for.
 */
export async function listEntities<F>(
  context: HubContext,
  args: PageArgs,
  filterOf: (asOf: string) => F,
  page: (filter: F, after: string | null, limit: number) => CypherQuery,
  count: (filter: F) => CypherQuery,
): Promise<Page<EntityRecord>> {
  const asOf = asOfOrToday(context, args.asOf);
  const size = pageSize(args.first);
  const after = decodeCursor(args.after);
  const filter = filterOf(asOf);
  const rows = await context.db.read(page(filter, after, size + 1));
  return toPage(
    rows.map((row) => toEntityRecord(row.entity, asOf)),
    size,
    after,
    async () => Number((await context.db.read(count(filter)))[0]?.total ?? 0),
  );
}
