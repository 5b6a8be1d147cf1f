import type { CypherQuery, Database } from "../database/index.js";
import { HubError } from "../errors/index.js";
import { asOfOrToday, type HubContext } from "../server/context.js";
import { decodeCursor, pageSize, toPage, type Page, type PageArgs } from "./connection.js";
import type { Loaders } from "./loaders.js";
import { entitiesByKey } from "./entity.queries.js";
import { toEntityRecord, type EntityRecord } from "./entity.record.js";
import { isShaped, planRead, readShaped } from "./read-plan.js";
import type { Selection } from "./selection.js";
import { parseSnapshotId } from "./snapshot.js";
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

/**
 * The `thing(id:, code:, asOf:)` look-up of every entity type. An id names a snapshot (an entity
 * as of a date, src/graph/snapshot.ts), so it brings its own date: `asOf` may be left out or must
 * agree. Given both, `code` and `id` must name the same entity. What does not exist then is a
 * NOT_FOUND with the code or id and the date (docs/ERRORS.md): the field answers null with it.
 * With the request's `selection`, one statement reads what is asked below it (src/graph/read-plan.ts).
 */
export async function findEntity(
  context: HubContext,
  kind: EntityLabel,
  by: { id?: string | null; code?: string | null },
  asOf: string | null | undefined,
  selection: Selection | null = null,
): Promise<EntityRecord> {
  const target = lookupTarget(context, kind, by, asOf);
  const plan = planRead(kind, selection);
  const found = isShaped(plan)
    ? await readShaped(context.db, context.loaders, plan, target.code, target.asOf)
    : await loadEntity(context.db, context.loaders, kind, "code", target.code, target.asOf);
  if (!found) throw notFound(kind, target, by.id);
  return found;
}

/** The code and date a look-up by id or code asks for; a mismatched pair is a NOT_FOUND, never a silent null. */
export function lookupTarget(
  context: Pick<HubContext, "today">,
  kind: EntityLabel | "Entity",
  by: { id?: string | null; code?: string | null },
  asOf: string | null | undefined,
): { code: string; asOf: string } {
  if (by.id) {
    const snapshot = parseSnapshotId(by.id);
    if ((kind !== "Entity" && snapshot.label !== kind) || (by.code && by.code !== snapshot.code)) {
      throw new HubError("NOT_FOUND", `The id names ${snapshot.label} ${snapshot.code}, not ${by.code ? `${kind} ${by.code}` : `a ${kind}`}.`, {
        id: by.id,
        ...(by.code ? { code: by.code } : {}),
        asOf: snapshot.asOf,
      });
    }
    if (asOf && asOf !== snapshot.asOf) {
      throw new HubError("BAD_USER_INPUT", `The id names ${snapshot.code} as of ${snapshot.asOf}; asOf ${asOf} disagrees (leave it out).`, { argument: "asOf" });
    }
    return { code: snapshot.code, asOf: snapshot.asOf };
  }
  if (by.code) return { code: by.code, asOf: asOfOrToday(context, asOf) };
  throw new HubError("BAD_USER_INPUT", "Give either id or code.");
}

/** The NOT_FOUND of a look-up: the code (or id) and the date asked. */
export function notFound(kind: EntityLabel | "Entity", target: { code: string; asOf: string }, id?: string | null): HubError {
  const what = kind === "Entity" ? "entity" : kind;
  return new HubError("NOT_FOUND", `No ${what} ${target.code} exists on ${target.asOf}.`, { ...(id ? { id } : { code: target.code }), asOf: target.asOf });
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
