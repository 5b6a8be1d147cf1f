import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Document, isMap, isSeq, type YAMLMap } from "yaml";
import type { Database } from "../database/index.js";
import { ownedRelationTypes } from "./graph-shape.js";
import { exportEntitiesQuery, readOwnedRelationsQuery } from "./queries.js";
import { SEED_FILES, SEED_META_FILE, type FileSpec, type RelationField } from "./spec.js";
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

const PAGE_SIZE = 5_000;

function isDefault(declared: RelationField["extras"] | FileSpec["fields"], key: string, value: unknown): boolean {
  const field = declared?.[key];
  return field !== undefined && "default" in field && field.default === value;
}

function linkRecord(relation: RelationField, link: ExistingRelation, target: string, lifeTo: string | null): Plain {
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

function relationValue(relation: RelationField, links: readonly ExistingRelation[], life: { from: string | null; to: string | null }): unknown {
  const targetOf = (link: ExistingRelation) => (relation.direction === "out" ? link.to : link.from);
  const sorted = [...links].sort((a, b) => (a.validFrom ?? "").localeCompare(b.validFrom ?? "") || targetOf(a).localeCompare(targetOf(b)));
  switch (relation.shape) {
    case "codes":
      return sorted.map(targetOf).sort();
    case "code":
      return targetOf(sorted[0]!);
    case "codeOrLinks": {
      const only = sorted.length === 1 ? sorted[0]! : undefined;
      const extrasDefault = only && Object.keys(relation.extras ?? {}).every((key) => only.properties[key] === undefined || isDefault(relation.extras, key, only.properties[key]));
      if (only && extrasDefault && only.validFrom === life.from && only.validTo === life.to) return targetOf(only);
      return sorted.map((link) => linkRecord(relation, link, targetOf(link), life.to));
    }
    case "links":
      return sorted.map((link) => linkRecord(relation, link, targetOf(link), life.to));
  }
}

/** One seed record from an entity's properties and the relations it owns. */
export function recordOf(spec: FileSpec, properties: Plain, owned: readonly ExistingRelation[]): Plain {
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

async function exportFile(db: Database, spec: FileSpec): Promise<Plain[]> {
  const records: Plain[] = [];
  const types = ownedRelationTypes(spec);
  let after = "";
  for (;;) {
    const page = (await db.read(exportEntitiesQuery(spec.label, after, PAGE_SIZE))).map((row) => row.properties as Plain);
    if (page.length === 0) break;
    const codes = page.map((properties) => properties.code as string);
    const owned: ExistingRelation[] = [];
    for (const direction of ["out", "in"] as const) {
      if (types[direction].length > 0) owned.push(...(await db.read(readOwnedRelationsQuery(codes, types[direction], direction))).map(toExistingRelation));
    }
    const byOwner = new Map<string, ExistingRelation[]>();
    for (const relation of owned) groupInto(byOwner, relation.owner, relation);
    for (const properties of page) records.push(recordOf(spec, properties, byOwner.get(properties.code as string) ?? []));
    after = codes[codes.length - 1]!;
    if (page.length < PAGE_SIZE) break;
  }
  return records;
}

export async function exportSeed(db: Database, folder: string, options: { force?: boolean } = {}): Promise<ExportReport> {
  const started = performance.now();
  const seedFiles = [SEED_META_FILE, ...SEED_FILES.map((spec) => spec.file)];
  const present = existsSync(folder) ? seedFiles.filter((file) => existsSync(join(folder, file))) : [];
  if (present.length > 0 && !options.force) {
    throw new ExportFolderError(`${folder} already holds seed files (${present.join(", ")}); choose an empty folder or add --force to replace them`);
  }
  const contents = new Map<string, Plain[]>();
  for (const spec of SEED_FILES) contents.set(spec.file, await exportFile(db, spec));
  // Write only once everything is read, so a failed read leaves the folder untouched.
  mkdirSync(folder, { recursive: true });
  for (const file of present) rmSync(join(folder, file));
  const meta = new Document({
    name: "export",
    description: "The graph, exported by npm run seed -- export.",
    source: "dangjian-hub graph",
  });
  writeFileSync(join(folder, SEED_META_FILE), meta.toString({ lineWidth: 0 }));
  const files: { file: string; records: number }[] = [];
  for (const spec of SEED_FILES) {
    const records = contents.get(spec.file)!;
    if (records.length === 0) continue;
    writeFileSync(join(folder, spec.file), renderRecords(spec, records));
    files.push({ file: spec.file, records: records.length });
  }
  return { folder, files, millis: Math.round(performance.now() - started) };
}
