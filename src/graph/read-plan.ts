import type { CypherQuery, Database } from "../database/index.js";
import { dateParam } from "../database/index.js";
import { validAt } from "./cypher.js";
import type { EntityRecord } from "./entity.record.js";
import type { Loaders } from "./loaders.js";
import { primeRelation, relationFilter, relationPattern, type RelationRead, type RelationSpec } from "./relation.js";
import { RELATION_FIELDS, type RelationField } from "./relations.js";
import type { Selection } from "./selection.js";
import { shapedEntity, shapedLink, shapeFor, toLinked, toShapedRecord, type Shape } from "./shape.js";
import type { EntityLabel } from "./vocabulary.js";

/**
 * Shaped reads: a request's selection below an entity look-up, compiled into ONE Cypher statement
 * that fetches the properties asked for and every relation field of src/graph/relations.ts below
 * it, nested as CALL subqueries that each collect their far ends in code order — the way
 * @neo4j/graphql compiles a request to one query. The statement's answer primes the per-request
 * relation loaders, so the resolvers (and with them authorisation, the personal-data guard and
 * nullability) run exactly as before and find their data already read. A field the plan does not
 * know resolves through its own batched loader: at most one statement more per level.
 */
export interface ReadPlan {
  readonly label: EntityLabel | "Entity";
  readonly shape: Shape;
  readonly relations: readonly PlannedRelation[];
}

interface PlannedRelation {
  /** The response key (alias or field name) the relation answers. */
  readonly key: string;
  readonly spec: RelationSpec;
  readonly read: RelationRead;
  readonly plan: ReadPlan;
}

const shapes = new WeakMap<Selection, Shape>();

/** The shape of `label`'s records that answers `selection` (cached per selection of one request). */
function shapeOf(label: EntityLabel | "Entity", selection: Selection | null): Shape {
  if (!selection || label === "Entity") return "all";
  let shape = shapes.get(selection);
  if (!shape) {
    shape = shapeFor(label, selection, new Set(Object.keys(RELATION_FIELDS[label] ?? {})));
    shapes.set(selection, shape);
  }
  return shape;
}

/**
 * One shape of `label`'s records answering every one of `selections` (the same records reached
 * under several aliases or paths): the union of their fields, or the whole record when any needs it.
 * No selection at all (the records are not asked for) still gives the smallest shape.
 */
export function shapeOfEvery(label: EntityLabel, selections: readonly Selection[]): Shape {
  if (selections.length === 0) return shapeOf(label, { type: label, fields: new Map() });
  const fields = new Set<string>();
  for (const selection of selections) {
    const shape = shapeOf(label, selection);
    if (shape === "all") return "all";
    shape.forEach((field) => fields.add(field));
  }
  return [...fields].sort();
}

/**
 * The read a resolver of a relation field makes: far ends of `kinds` (null: all), shaped by what is
 * selected below the field. A plan primes the loader of exactly this read.
 */
export function fieldRead(spec: RelationSpec, kinds: readonly string[] | null | undefined, selection: Selection | null): RelationRead {
  return { kinds: kinds ?? null, shape: shapeOf(spec.target, selection) };
}

/** What one statement fetches for records of `label` selected by `selection`. */
export function planRead(label: EntityLabel | "Entity", selection: Selection | null): ReadPlan {
  const fields: Readonly<Record<string, RelationField>> = (label !== "Entity" && RELATION_FIELDS[label]) || {};
  const relations: PlannedRelation[] = [];
  for (const [key, selected] of selection?.fields ?? []) {
    const field = fields[selected.name];
    if (!field) continue;
    const kinds = field.kindsArg ? ((selected.args[field.kindsArg] as readonly string[] | null | undefined) ?? null) : null;
    relations.push({ key, spec: field.spec, read: fieldRead(field.spec, kinds, selected.selection), plan: planRead(field.spec.target, selected.selection) });
  }
  return { label, shape: shapeOf(label, selection), relations };
}

/** True when the plan reads less than whole records or any relation: worth its own statement. */
export function isShaped(plan: ReadPlan): boolean {
  return plan.shape !== "all" || plan.relations.length > 0;
}

interface Compiled {
  readonly calls: string;
  /** The variables holding each relation's far ends, in the plan's order. */
  readonly outputs: readonly string[];
}

/** The CALL subqueries below `alias` for each relation of `plan`, numbering variables and parameters from `counter`. */
function compile(plan: ReadPlan, alias: string, params: Record<string, unknown>, counter: { next: number }): Compiled {
  const calls: string[] = [];
  const outputs: string[] = [];
  for (const relation of plan.relations) {
    const n = counter.next++;
    const [link, target, output] = [`link${n}`, `far${n}`, `rel${n}`];
    let kindsParam: string | null = null;
    if (relation.read.kinds) {
      kindsParam = `$kinds${n}`;
      params[`kinds${n}`] = relation.read.kinds;
    }
    const inner = compile(relation.plan, target, params, counter);
    const shape = relation.read.shape ?? "all";
    calls.push(`
      CALL (${alias}) {
        MATCH ${relationPattern(relation.spec, alias, link, target)}
        WHERE ${relationFilter(relation.spec, link, target, kindsParam)}
        ${inner.calls}
        WITH ${[link, target, ...inner.outputs].join(", ")} ORDER BY ${target}.code, ${link}.validFrom
        RETURN collect([${[shapedEntity(target, shape), shapedLink(relation.spec, link, shape), ...inner.outputs].join(", ")}]) AS ${output}
      }`);
    outputs.push(output);
  }
  return { calls: calls.join(""), outputs };
}

/** The entity of `plan.label` with code `$code` valid at `$asOf`, with everything the plan reads below it: one row, or none. */
export function shapedLookupQuery(plan: ReadPlan, code: string, asOf: string): CypherQuery {
  if (!/^[A-Z][A-Za-z]*$/.test(plan.label)) throw new Error(`unsafe label ${plan.label}`);
  const params: Record<string, unknown> = { code, asOf: dateParam(asOf) };
  const compiled = compile(plan, "e", params, { next: 0 });
  return {
    name: `entity.shaped.${plan.label}`,
    cypher: `
      MATCH (e:${plan.label} {code: $code})
      WHERE e:Entity AND ${validAt("e")}
      ${compiled.calls}
      RETURN ${shapedEntity("e", plan.shape)} AS entity, [${compiled.outputs.join(", ")}] AS nested`,
    params,
  };
}

/** One far end as a compiled statement returns it: [entity, link, …its relations' far ends in plan order]. */
type ReadItem = readonly unknown[];

/** Hands what one statement read below `source` (its relations' far ends, in plan order) to the loaders its resolvers will ask. */
function prime(loaders: Loaders, plan: ReadPlan, source: EntityRecord, nested: readonly unknown[]): void {
  plan.relations.forEach((relation, index) => {
    const items = (nested[index] ?? []) as ReadItem[];
    const linked = items.map((item) => toLinked(item, relation.spec, relation.read.shape ?? "all", source.asOf));
    primeRelation(loaders, relation.spec, relation.read, source, linked);
    items.forEach((item, at) => prime(loaders, relation.plan, linked[at]!.entity, item.slice(2)));
  });
}

/** Runs a shaped look-up: the record (null when it does not exist at `asOf`), with its relations primed. */
export async function readShaped(db: Database, loaders: Loaders, plan: ReadPlan, code: string, asOf: string): Promise<EntityRecord | null> {
  const [row] = await db.read(shapedLookupQuery(plan, code, asOf));
  if (!row) return null;
  const record = toShapedRecord(row.entity, plan.label, plan.shape, asOf);
  prime(loaders, plan, record, row.nested as unknown[]);
  return record;
}
