import { HubError } from "../errors/index.js";
import { decodeCursor, pageSize, toPage, type Page } from "../graph/connection.js";
import { dayBefore } from "../graph/dates.js";
import { dayInLife } from "../temporal/index.js";
import { toEntityRecord, type EntityRecord } from "../graph/entity.record.js";
import { parseSnapshotId } from "../graph/snapshot.js";
import { assertDate, mutate } from "../graph/mutation.js";
import { loadEntities, type RelationSpec } from "../graph/relation.js";
import { guarded } from "../people/access.js";
import { asOfOrToday, type HubContext } from "../server/context.js";
import type { LineageDirection } from "./change-event.type.js";
import { assertEventAgrees, assertEventShape, recordEvent } from "./event.writes.js";
import type { ChangeEventsArgs, RecordChangeEventInput } from "./history.input.js";
import { eventCount, eventPage, eventsByCode, eventsOfEntities, lineageRoot, lineageSteps, MAX_LINEAGE_DEPTH } from "./history.queries.js";

/** An event is seen as of its own date: the day its results start. */
export function eventRecord(map: unknown): EntityRecord {
  return toEntityRecord(map, String((map as { date: unknown }).date));
}

/** A change event by code, or by the snapshot id of an earlier answer; NOT_FOUND (with the code or id) when none. */
export async function findChangeEvent(context: HubContext, by: { id?: string | null; code?: string | null }): Promise<EntityRecord> {
  const snapshot = by.id ? parseSnapshotId(by.id) : null;
  if (snapshot && (snapshot.label !== "ChangeEvent" || (by.code && by.code !== snapshot.code))) {
    throw new HubError("NOT_FOUND", `The id names ${snapshot.label} ${snapshot.code}, not ${by.code ? `change event ${by.code}` : "a change event"}.`, {
      id: by.id,
      asOf: snapshot.asOf,
    });
  }
  const code = snapshot?.code ?? by.code;
  if (!code) throw new HubError("BAD_USER_INPUT", "Give either id or code.");
  const loader = context.loaders.get<string, EntityRecord | null>(
    "history.eventByCode",
    async (values) => {
      const found = new Map((await context.db.read(eventsByCode(values))).map((row) => [String(row.key), eventRecord(row.entity)]));
      return values.map((value) => found.get(value) ?? null);
    },
    (value) => value,
  );
  const event = await loader.load(code);
  // An event is seen on its own date: an id of another date names no snapshot of it.
  if (!event || (snapshot && snapshot.asOf !== event.asOf)) {
    throw new HubError("NOT_FOUND", `No change event ${code}${snapshot ? ` on ${snapshot.asOf}` : ""}.`, { ...(by.id ? { id: by.id } : { code }), asOf: snapshot?.asOf ?? null });
  }
  return event;
}

/** Events in pages ordered by code (event codes conventionally begin with the year: EV-2020-…). */
export async function listChangeEvents(context: HubContext, args: ChangeEventsArgs): Promise<Page<EntityRecord>> {
  const size = pageSize(args.first);
  const after = decodeCursor(args.after);
  const filter = { asOf: context.today, kinds: args.kinds ?? null, entity: args.entity ?? null, from: args.from ?? null, to: args.to ?? null };
  const rows = await context.db.read(eventPage(filter, after, size + 1));
  return toPage(rows.map((row) => eventRecord(row.entity)), size, after, async () => Number((await context.db.read(eventCount(filter)))[0]?.total ?? 0));
}

const ORIGINALS: RelationSpec = { name: "event.originals", type: "ORIGINAL", direction: "out", target: "Entity", history: true };
const RESULTS: RelationSpec = { name: "event.results", type: "RESULTING", direction: "out", target: "Entity", history: true };

/** Originals as they were on their last day (the day before the event), results as they are on its date. */
export function eventSide(context: HubContext, event: EntityRecord, side: "originals" | "results"): Promise<EntityRecord[]> {
  const date = String(event.date);
  const seen = side === "originals" ? { ...event, asOf: dayBefore(date) } : { ...event, asOf: date };
  return guarded(context, loadEntities(context.db, context.loaders, side === "originals" ? ORIGINALS : RESULTS, seen), "An entity of this event");
}

/** The events an entity is an original or a result of, by date: all of its history, whatever the date asked. */
export function eventsOf(context: HubContext, entity: EntityRecord): Promise<EntityRecord[]> {
  const loader = context.loaders.get<string, EntityRecord[]>(
    "history.eventsOf",
    async (ids) => {
      const found = new Map((await context.db.read(eventsOfEntities(ids))).map((row) => [String(row.key), (row.events as unknown[]).map(eventRecord)]));
      return ids.map((id) => found.get(id) ?? []);
    },
    (id) => id,
  );
  return loader.load(entity.id);
}

export interface LineageStepView {
  readonly direction: "ANCESTORS" | "DESCENDANTS";
  readonly depth: number;
  readonly event: EntityRecord;
  readonly from: EntityRecord;
  readonly to: EntityRecord;
}

export interface LineageView {
  readonly entity: EntityRecord;
  readonly steps: readonly LineageStepView[];
  readonly entities: readonly EntityRecord[];
  readonly events: readonly EntityRecord[];
}

/**
 * What `code` came from (ANCESTORS: through events it is a result of, to their originals, and on)
 * and what came from it (DESCENDANTS), up to `maxDepth` events away. Null when no such entity.
 */
export async function lineage(context: HubContext, code: string, direction: LineageDirection, maxDepth: number, asOf: string | null | undefined): Promise<LineageView | null> {
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_LINEAGE_DEPTH) {
    throw new HubError("BAD_USER_INPUT", `maxDepth must be between 1 and ${MAX_LINEAGE_DEPTH}.`, { argument: "maxDepth", max: MAX_LINEAGE_DEPTH });
  }
  const [found] = await context.db.read(lineageRoot(code));
  if (!found) throw new HubError("NOT_FOUND", `No entity has the code ${code}.`, { code, asOf: asOf ?? null });
  const first = toEntityRecord(found.entity, context.today);
  const root = await guarded(context, Promise.resolve(toEntityRecord(found.entity, dayInLife(first, asOfOrToday(context, asOf)))), "The entity");
  const rows = await context.db.read(lineageSteps(code, direction !== "DESCENDANTS", direction !== "ANCESTORS", maxDepth));
  const steps = rows.map((row): LineageStepView => {
    const event = eventRecord(row.event);
    const date = String(event.date);
    const ancestors = row.direction === "ANCESTORS";
    return {
      direction: ancestors ? "ANCESTORS" : "DESCENDANTS",
      depth: Number(row.depth),
      event,
      // An original is shown on its last day, a result on its first.
      from: toEntityRecord(row.from, ancestors ? date : dayBefore(date)),
      to: toEntityRecord(row.to, ancestors ? dayBefore(date) : date),
    };
  });
  const entities = new Map<string, EntityRecord>();
  for (const step of [...steps].sort((a, b) => a.depth - b.depth)) if (step.to.code !== code && !entities.has(step.to.code)) entities.set(step.to.code, step.to);
  const events = new Map(steps.map((step) => [step.event.code, step.event]));
  await guarded(context, Promise.resolve([...entities.values(), ...steps.map((step) => step.from)]), "An entity of this lineage");
  return {
    entity: root,
    steps,
    entities: [...entities.values()],
    events: [...events.values()].sort((a, b) => String(a.date).localeCompare(String(b.date)) || a.code.localeCompare(b.code)),
  };
}

/**
 * Records the lineage of a change other mutations made (a rename, a move, a founding, a
 * dissolution, or a merger done by hand): refused unless the graph already tells that story.
 */
export function recordChangeEvent(context: HubContext, input: RecordChangeEventInput): Promise<EntityRecord> {
  return mutate(context, "recordChangeEvent", async (tx) => {
    assertDate(input.date, "date");
    const sides = { kind: input.kind, date: input.date, originals: input.originals, results: input.results };
    assertEventShape(sides);
    await assertEventAgrees(tx, sides);
    const event = await recordEvent(tx, input, sides);
    return { result: event, entityCodes: [input.code, ...input.originals, ...input.results] };
  });
}
