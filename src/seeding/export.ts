import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Document, isMap, isSeq, type YAMLMap } from "yaml";
import type { Database } from "../database/index.js";
import { PERSONAL_LABELS, type EntityLabel } from "../graph/vocabulary.js";
import { entityProperties, ownedRelationTypes, relationOf, type GraphRelation } from "./graph-shape.js";
import type { SeedModel } from "./model.js";
import { exportEntitiesQuery, readEntitiesQuery, readOwnedRelationsQuery, scopeCodesQuery } from "./queries.js";
import { LABEL_SPECS, SEED_FILES, SEED_META_FILE, type FileSpec, type RelationField } from "./spec.js";
import { groupInto, toExistingRelation } from "./state.js";
import type { ExistingRelation } from "./plan.js";

/**
 * `export`: the graph back into a seed folder, file by file, in the shape a person would write:
 * a relation spanning the record's whole life as a bare code, otherwise dated links; defaults
 * left out. Importing the folder again changes nothing (import → export → import is stable).
 * Members and beneficiaries are exported too: the folder holds personal data.
 */
export interface ExportReport {
  readonly folder: string;
  readonly files: readonly { file: string; records: number }[];
  readonly millis: number;
}

export class ExportFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExportFolderError";
  }
}

type Plain = Record<string, unknown>;

/** Seed records by file name (`places.yaml` → its records, in code order): what a folder or a workbook holds. */
export type SeedRecords = Map<string, Plain[]>;

const PAGE_SIZE = 5_000;

function isDefault(declared: RelationField["extras"] | FileSpec["fields"], key: string, value: unknown): boolean {
  const field = declared?.[key];
  return field !== undefined && "default" in field && field.default === value;
}

function linkRecord(relation: RelationField, link: GraphRelation, target: string, lifeTo: string | null): Plain {
  // The order of the format's examples: target, extras, then dates.
  const record: Plain = { [relation.targetField]: target };
  for (const key of Object.keys(relation.extras ?? {})) {
    const value = link.properties[key];
    if (value !== null && value !== undefined && !isDefault(relation.extras, key, value)) record[key] = value;
  }
  record.validFrom = link.validFrom;
  if (link.validTo !== null && link.validTo !== lifeTo) record.validTo = link.validTo;
  return record;
}

/** The other end of a relation its record owns. */
function targetOf(relation: RelationField, link: GraphRelation): string {
  return relation.direction === "out" ? link.to : link.from;
}

function relationValue(relation: RelationField, links: readonly GraphRelation[], life: { from: string | null; to: string | null }): unknown {
  // One link (most relations of most records) needs no sort.
  const sorted = links.length === 1 ? links : [...links].sort((a, b) => (a.validFrom ?? "").localeCompare(b.validFrom ?? "") || targetOf(relation, a).localeCompare(targetOf(relation, b)));
  switch (relation.shape) {
    case "codes":
      return sorted.map((link) => targetOf(relation, link)).sort();
    case "code":
      return targetOf(relation, sorted[0]!);
    case "codeOrLinks": {
      const only = sorted.length === 1 ? sorted[0]! : undefined;
      const extrasDefault = only && Object.keys(relation.extras ?? {}).every((key) => only.properties[key] === undefined || isDefault(relation.extras, key, only.properties[key]));
      if (only && extrasDefault && only.validFrom === life.from && only.validTo === life.to) return targetOf(relation, only);
      return sorted.map((link) => linkRecord(relation, link, targetOf(relation, link), life.to));
    }
    case "links":
      return sorted.map((link) => linkRecord(relation, link, targetOf(relation, link), life.to));
  }
}

/** One seed record from an entity's properties and the relations it owns. */
export function recordOf(spec: FileSpec, properties: Plain, owned: readonly GraphRelation[]): Plain {
  const code = properties.code as string;
  const record: Plain = { code };
  const life = { from: (properties.validFrom as string | null) ?? null, to: (properties.validTo as string | null) ?? null };
  if (spec.dated) {
    const names = (properties.names as string[] | null) ?? [properties.name as string];
    const nameFrom = (properties.nameFrom as string[] | null) ?? [life.from];
    if (names.length === 1 && nameFrom[0] === life.from) record.name = names[0];
    else record.names = names.map((name, index) => ({ name, validFrom: nameFrom[index] }));
  }
  for (const key of Object.keys(spec.fields)) {
    const value = properties[key];
    if (value !== null && value !== undefined && !isDefault(spec.fields, key, value)) record[key] = value;
  }
  if (spec.dated) {
    record.validFrom = life.from;
    if (life.to !== null) record.validTo = life.to;
  }
  for (const relation of spec.relations) {
    const links = owned.filter((link) => link.type === relation.type && (relation.direction === "out" ? link.from === code : link.to === code));
    if (links.length === 0) {
      if (relation.shape === "codes") record[relation.field] = [];
      continue;
    }
    record[relation.field] = relationValue(relation, links, life);
  }
  if (properties.illustrative === true) record.illustrative = true;
  if (typeof properties.note === "string") record.note = properties.note;
  return record;
}

/** YAML as a person writes it: links, names and short code lists in flow style, a blank line between records. */
export function renderRecords(spec: FileSpec, records: readonly Plain[]): string {
  const doc = new Document(records);
  doc.commentBefore = ` ${spec.file}: ${spec.title}. Exported from the graph by npm run seed -- export.`;
  const flowFields = new Set(["names", ...spec.relations.map((relation) => relation.field), ...Object.entries(spec.fields).filter(([, field]) => field.type === "enumList").map(([name]) => name)]);
  if (isSeq(doc.contents)) {
    doc.contents.items.forEach((item, index) => {
      if (!isMap(item)) return;
      if (index > 0) item.spaceBefore = true;
      for (const pair of (item as YAMLMap).items) {
        const key = String((pair.key as { value?: unknown }).value);
        if (!flowFields.has(key) || !isSeq(pair.value)) continue;
        const seq = pair.value;
        if (seq.items.every((entry) => !isMap(entry))) seq.flow = true;
        else for (const entry of seq.items) if (isMap(entry)) entry.flow = true;
      }
    });
  }
  return doc.toString({ lineWidth: 0 });
}

async function ownedRelations(db: Database, spec: FileSpec, codes: readonly string[]): Promise<Map<string, ExistingRelation[]>> {
  const types = ownedRelationTypes(spec);
  const owned: ExistingRelation[] = [];
  for (const direction of ["out", "in"] as const) {
    if (types[direction].length > 0) owned.push(...(await db.read(readOwnedRelationsQuery(codes, types[direction], direction))).map(toExistingRelation));
  }
  const byOwner = new Map<string, ExistingRelation[]>();
  for (const relation of owned) groupInto(byOwner, relation.owner, relation);
  return byOwner;
}

async function exportFile(db: Database, spec: FileSpec): Promise<Plain[]> {
  const records: Plain[] = [];
  let after = "";
  for (;;) {
    const page = (await db.read(exportEntitiesQuery(spec.label, after, PAGE_SIZE))).map((row) => row.properties as Plain);
    if (page.length === 0) break;
    const codes = page.map((properties) => properties.code as string);
    const byOwner = await ownedRelations(db, spec, codes);
    for (const properties of page) records.push(recordOf(spec, properties, byOwner.get(properties.code as string) ?? []));
    after = codes[codes.length - 1]!;
    if (page.length < PAGE_SIZE) break;
  }
  return records;
}

/** What to export: the whole graph, or one place's scope; with or without personal data. */
export interface ExportSelection {
  /**
   * A place code: the entities that lie in that place or below it at some time (where they lie
   * is src/graph/scope.queries.ts' write anchors), and every record they refer to, so the result
   * validates on its own. Absent: the whole graph.
   */
  readonly scope?: string;
  /** False leaves members, beneficiaries and pairings out (default true). */
  readonly personal?: boolean;
}

const PERSONAL_FILES: ReadonlySet<EntityLabel> = new Set([...PERSONAL_LABELS, "Pairing"]);

/** Thrown when an export's scope names no place. */
export class UnknownScopeError extends Error {
  constructor(readonly scope: string) {
    super(`No place has the code ${scope}`);
    this.name = "UnknownScopeError";
  }
}

/** The scope's records and, transitively, every record they refer to, read page by page. */
async function exportScope(db: Database, scope: string, personal: boolean): Promise<SeedRecords> {
  const inside = (await db.read(scopeCodesQuery(scope))).map((row) => row.code as string);
  if (inside.length === 0) throw new UnknownScopeError(scope);
  const found = new Map<string, { spec: FileSpec; properties: Plain; owned: ExistingRelation[] }>();
  let pending = [...new Set(inside)];
  while (pending.length > 0) {
    const next = new Set<string>();
    for (let start = 0; start < pending.length; start += PAGE_SIZE) {
      const rows = await db.read(readEntitiesQuery(pending.slice(start, start + PAGE_SIZE)));
      const bySpec = new Map<FileSpec, Plain[]>();
      for (const row of rows) {
        const spec = (row.labels as string[]).map((name) => LABEL_SPECS.get(name as EntityLabel)).find((candidate) => candidate !== undefined);
        if (!spec || (!personal && PERSONAL_FILES.has(spec.label))) continue;
        groupInto(bySpec, spec, row.properties as Plain);
      }
      for (const [spec, page] of bySpec) {
        const byOwner = await ownedRelations(db, spec, page.map((properties) => properties.code as string));
        for (const properties of page) {
          const code = properties.code as string;
          const owned = byOwner.get(code) ?? [];
          found.set(code, { spec, properties, owned });
          for (const relation of owned) for (const end of [relation.from, relation.to]) if (!found.has(end)) next.add(end);
        }
      }
    }
    pending = [...next].filter((code) => !found.has(code));
  }
  const records: SeedRecords = new Map(SEED_FILES.map((spec) => [spec.file, []]));
  for (const code of [...found.keys()].sort()) {
    const { spec, properties, owned } = found.get(code)!;
    records.get(spec.file)!.push(recordOf(spec, properties, owned));
  }
  return records;
}

/**
 * The graph (or one scope of it) as seed records, file by file, in the export's normal form
 * (recordOf): what `export` writes as YAML and the spreadsheet export writes as a workbook.
 */
export async function exportRecords(db: Database, selection: ExportSelection = {}): Promise<SeedRecords> {
  const personal = selection.personal ?? true;
  if (selection.scope !== undefined) return exportScope(db, selection.scope, personal);
  const records: SeedRecords = new Map();
  for (const spec of SEED_FILES) records.set(spec.file, personal || !PERSONAL_FILES.has(spec.label) ? await exportFile(db, spec) : []);
  return records;
}

/**
 * A validated seed's records in the export's normal form, without a graph: the same records
 * `exportRecords` reads back after the seed is imported (a test holds the two equal).
 */
export function recordsOfModel(model: SeedModel): SeedRecords {
  const owned = new Map<string, GraphRelation[]>();
  for (const link of model.links) groupInto(owned, link.owner.code, relationOf(link));
  const records: SeedRecords = new Map(SEED_FILES.map((spec) => [spec.file, []]));
  for (const entity of [...model.entities].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))) {
    records.get(entity.spec.file)!.push(recordOf(entity.spec, entityProperties(entity), owned.get(entity.code) ?? []));
  }
  return records;
}

const EXPORT_META = {
  name: "export",
  description: "The graph, exported by npm run seed -- export.",
  source: "dangjian-hub graph",
};

/** The seed files already in the folder (to replace); refuses them without `force`. */
function occupiedFiles(folder: string, force: boolean | undefined): string[] {
  const seedFiles = [SEED_META_FILE, ...SEED_FILES.map((spec) => spec.file)];
  const present = existsSync(folder) ? seedFiles.filter((file) => existsSync(join(folder, file))) : [];
  if (present.length > 0 && !force) {
    throw new ExportFolderError(`${folder} already holds seed files (${present.join(", ")}); choose an empty folder or add --force to replace them`);
  }
  return present;
}

/** Writes records as a seed folder (seed.yaml and one file per non-empty record type); refuses a folder holding seed files unless `force`. */
export function writeSeedFolder(folder: string, records: SeedRecords, options: { force?: boolean; meta?: Plain } = {}): { file: string; records: number }[] {
  const present = occupiedFiles(folder, options.force);
  mkdirSync(folder, { recursive: true });
  for (const file of present) rmSync(join(folder, file));
  writeFileSync(join(folder, SEED_META_FILE), new Document(options.meta ?? EXPORT_META).toString({ lineWidth: 0 }));
  const files: { file: string; records: number }[] = [];
  for (const spec of SEED_FILES) {
    const list = records.get(spec.file) ?? [];
    if (list.length === 0) continue;
    writeFileSync(join(folder, spec.file), renderRecords(spec, list));
    files.push({ file: spec.file, records: list.length });
  }
  return files;
}

export async function exportSeed(db: Database, folder: string, options: { force?: boolean } & ExportSelection = {}): Promise<ExportReport> {
  const started = performance.now();
  occupiedFiles(folder, options.force);
  // Write only once everything is read, so a failed read leaves the folder untouched.
  const records = await exportRecords(db, options);
  const files = writeSeedFolder(folder, records, { force: options.force });
  return { folder, files, millis: Math.round(performance.now() - started) };
}
