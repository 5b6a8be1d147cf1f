import { randomUUID } from "node:crypto";
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { entityProperties, isDateProperty, managedProperties, relationOf, type PlainProperties } from "../seeding/graph-shape.js";
import type { SeedModel } from "../seeding/model.js";
import { labelsOf, type FileSpec } from "../seeding/spec.js";
import type { BulkRollupPoint, BulkRollupSource } from "./bulk-rollups.js";

/**
 * CSV files for `neo4j-admin database import` from validated seed parts, with exactly the nodes
 * and relationships the online import (importSeed's bulk statements) would create in an empty
 * graph: the same mapping (entityProperties, toWriteRow, relationOf), a fresh `id`, `version` 1,
 * dates as `date` values, whole numbers as integers and the others as floats (as the driver's
 * parameters reach Neo4j through toNeo4j), and no property where the online path sets null.
 *
 * CSV columns have one type each, so rows go to one file per labels (or relationship type) and
 * per set of typed properties: a property that is an integer on one node and a float on another
 * keeps its own type on each. Files are appended to in 64 KB writes, so memory stays at the
 * part being written, whatever the scale.
 *
 * Nodes are identified to the admin tool by their store ids (ImportIds), not by their codes: integer
 * ids cost it about a quarter less CPU and time on S3 than the codes, and its own ids ~10 % less
 * again (docs/SCALE.md, "Issue 13, Neo4j's own stages" and "Issue 13, the starts").
 */

/** Separates array elements (and labels); a control character no seed value may contain. */
export const ARRAY_DELIMITER = "\u001f";

type CsvType = "string" | "boolean" | "long" | "double" | "date" | "string[]" | "boolean[]" | "long[]" | "double[]" | "date[]";

export class BulkCsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BulkCsvError";
  }
}

/** The admin tool's `--id-type` for these files: the ids are the store's own node ids. */
export const IMPORT_ID_TYPE = "actual";

/** Where a part's node ids start, and those of its district's top (a district's own). */
export interface PartBases {
  readonly base: number;
  readonly topBase: number;
}

/**
 * The import ids of one part's nodes, which are the store's own node ids (`--id-type=actual`: the
 * admin tool maps no ids, ~10 % of its CPU on S3 with integer ones): numbered densely from the
 * part's base in the order they are encoded, exactly as many as the part counted before (its
 * entities and roll-up nodes), so that the parts' ranges follow each other without a gap or an
 * overlap (PartNumbering gives the bases). A subdistrict also knows its district's top, numbered
 * by the top's own part from its base in the same validated order. A worker needs no other part's
 * ids and Node keeps no map of the graph's codes; a code in neither is refused, as a link to a
 * missing node must be (with actual ids the admin tool would not see it).
 */
export class ImportIds {
  private readonly own = new Map<string, number>();
  private next: number;

  private constructor(
    private readonly base: number,
    private readonly nodes: number,
    private readonly top: ReadonlyMap<string, number>,
  ) {
    this.next = base;
  }

  /** The ids of a part of `nodes` nodes; `topCodes` are its district's top's entity codes, in their validated order (none for the top itself). */
  static ofPart(bases: PartBases, nodes: number, topCodes: Iterable<string> = []): ImportIds {
    if (![bases.base, bases.topBase, nodes].every((value) => Number.isSafeInteger(value) && value >= 0)) throw new BulkCsvError(`no range of import ids at ${bases.base} for ${nodes} nodes`);
    const top = new Map<string, number>();
    for (const code of topCodes) top.set(code, bases.topBase + top.size);
    return new ImportIds(bases.base, nodes, top);
  }

  /** A new node's id; an entity gives its code, for links to find it. */
  node(code?: string): number {
    const id = this.next;
    if (id - this.base >= this.nodes) throw new BulkCsvError(`a part numbers more than the ${this.nodes} nodes it counted; its ids would reach into the next part's`);
    this.next++;
    if (code !== undefined) this.own.set(code, id);
    return id;
  }

  /** How many ids were given. */
  get numbered(): number {
    return this.next - this.base;
  }

  /** The id of a link's end. */
  of(code: string, where: string): number {
    const id = this.own.get(code) ?? this.top.get(code);
    if (id === undefined) throw new BulkCsvError(`${where}: ${code} is neither in this part nor in its district's top`);
    return id;
  }
}

export interface BulkCsvFiles {
  readonly nodeFiles: readonly string[];
  readonly relationshipFiles: readonly string[];
  readonly nodes: number;
  readonly relationships: number;
  /** Some value holds a line break: the importer must be told to expect quoted multi-line fields. */
  readonly multilineFields: boolean;
  /** How the files identify nodes (the admin tool's `--id-type`). */
  readonly idType: typeof IMPORT_ID_TYPE;
}

interface TypedValue {
  readonly key: string;
  readonly type: CsvType;
  readonly cell: string;
}

const FLUSH_BYTES = 64 * 1024;

function quoted(text: string): string {
  return text.includes('"') ? `"${text.replaceAll('"', '""')}"` : `"${text}"`;
}

function scalarType(value: unknown, where: string): "string" | "boolean" | "long" | "double" {
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number" && Number.isFinite(value)) return Number.isInteger(value) ? "long" : "double";
  throw new BulkCsvError(`${where}: a ${typeof value} value cannot be a Neo4j property in the CSV import`);
}

function arrayElement(value: unknown, where: string): string {
  const text = String(value);
  if (text === "" || text.includes(ARRAY_DELIMITER)) throw new BulkCsvError(`${where}: an empty array element or one holding U+001F cannot go through the CSV import`);
  return text;
}

/** A plain (not date) property as the driver would send it: integers as long, other numbers as double. */
function plainValue(key: string, value: unknown, where: string): TypedValue {
  if (!Array.isArray(value)) {
    const type = scalarType(value, `${where}.${key}`);
    return { key, type, cell: type === "string" ? quoted(value as string) : String(value) };
  }
  if (value.length === 0) throw new BulkCsvError(`${where}.${key}: an empty list cannot go through the CSV import`);
  const types = new Set(value.map((element) => scalarType(element, `${where}.${key}`)));
  // A list of integers and floats reaches Neo4j as floats.
  const element = types.size === 1 ? [...types][0]! : types.size === 2 && types.has("long") && types.has("double") ? "double" : undefined;
  if (!element) throw new BulkCsvError(`${where}.${key}: a list of mixed types cannot be a Neo4j property`);
  return { key, type: `${element}[]`, cell: quoted(value.map((item) => arrayElement(item, `${where}.${key}`)).join(ARRAY_DELIMITER)) };
}

function dateValue(key: string, value: unknown, where: string): TypedValue {
  if (Array.isArray(value)) {
    if (value.length === 0) throw new BulkCsvError(`${where}.${key}: an empty date list cannot go through the CSV import`);
    return { key, type: "date[]", cell: quoted(value.map((item) => arrayElement(item, `${where}.${key}`)).join(ARRAY_DELIMITER)) };
  }
  if (typeof value !== "string") throw new BulkCsvError(`${where}.${key}: a date must be an ISO day`);
  return { key, type: "date", cell: value };
}

/** The typed properties the online import would leave on the node or relationship (null sets nothing). */
function typedProperties(plain: PlainProperties, dates: PlainProperties, where: string): TypedValue[] {
  const values: TypedValue[] = [];
  for (const [key, value] of Object.entries(plain)) if (value !== null && value !== undefined) values.push(plainValue(key, value, where));
  for (const [key, value] of Object.entries(dates)) if (value !== null && value !== undefined) values.push(dateValue(key, value, where));
  return values.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Rows of one CSV file (one labels or relationship type and set of typed properties), as text. */
export interface CsvGroup {
  readonly kind: "nodes" | "relationships";
  /** The file's identity: rows with the same key go to the same file. */
  readonly key: string;
  readonly header: string;
  /** Whole lines, each ending in a line feed. */
  text: string;
}

/**
 * A part's rows grouped by file, in the order each file is first met: encoded anywhere (a worker
 * thread encodes its part), written in part order by BulkCsvWriter, so the files and their rows
 * come out the same whichever thread encoded them.
 */
export interface EncodedCsv {
  readonly groups: CsvGroup[];
  readonly multiline: boolean;
}

const columnName = (value: TypedValue) => (value.type === "string" ? value.key : `${value.key}:${value.type}`);

/** The typed properties' columns, which with the labels or type also name the row's file. */
const columnsOf = (values: readonly TypedValue[]): string => values.map(columnName).join(",");

const headerOf = (fixed: string, columns: string): string => (columns === "" ? fixed : `${fixed},${columns}`);

/** The typed properties' cells, each after a comma (they follow the fixed columns). */
function cellsOf(values: readonly TypedValue[]): string {
  let cells = "";
  for (const value of values) cells += `,${value.cell}`;
  return cells;
}

/** A label's labels as the file's key and as the `:LABEL` cell, worked out once per label. */
const labelColumnsByLabel = new Map<string, { readonly key: string; readonly cell: string }>();
function labelColumns(label: Parameters<typeof labelsOf>[0]): { readonly key: string; readonly cell: string } {
  let columns = labelColumnsByLabel.get(label);
  if (!columns) {
    const labels = labelsOf(label);
    columns = { key: labels.join(":"), cell: quoted(labels.join(ARRAY_DELIMITER)) };
    labelColumnsByLabel.set(label, columns);
  }
  return columns;
}

/**
 * An entity's property columns in the order typedProperties sorts them — the spec's managed
 * properties but the code (a column of its own), with the id and version the online import adds —
 * and which hold dates, worked out once per spec instead of sorting each of a million entities'.
 */
const entityColumnsBySpec = new WeakMap<FileSpec, readonly { readonly key: string; readonly date: boolean }[]>();
function entityColumns(spec: FileSpec): readonly { readonly key: string; readonly date: boolean }[] {
  let columns = entityColumnsBySpec.get(spec);
  if (!columns) {
    const keys = [...managedProperties(spec).filter((key) => key !== "code"), "id", "version"].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    columns = keys.map((key) => ({ key, date: isDateProperty(key) }));
    entityColumnsBySpec.set(spec, columns);
  }
  return columns;
}

/** Builds one part's EncodedCsv, row by row. */
class CsvEncoder {
  private readonly groups = new Map<string, CsvGroup>();
  private multiline = false;

  /**
   * Appends a row to its group. `shape` tells the groups apart within this part, `file` (the key
   * the writer matches across parts, and the header) is worked out only for a shape not met yet.
   */
  row(kind: CsvGroup["kind"], shape: string, file: () => { readonly key: string; readonly header: string }, line: string): void {
    if (!this.multiline && /[\r\n]/.test(line)) this.multiline = true;
    const group = this.groups.get(shape);
    if (group) group.text += line + "\n";
    else this.groups.set(shape, { kind, ...file(), text: line + "\n" });
  }

  done(): EncodedCsv {
    return { groups: [...this.groups.values()], multiline: this.multiline };
  }
}

/** One letter per CSV type, for the short shape of an entity's row (CsvEncoder.row). */
const TYPE_LETTER: Readonly<Record<CsvType, string>> = {
  string: "s",
  boolean: "b",
  long: "l",
  double: "d",
  date: "t",
  "string[]": "S",
  "boolean[]": "B",
  "long[]": "L",
  "double[]": "D",
  "date[]": "T",
};

/**
 * A validated part's entities and the links they own as CSV rows, except those of `skip` (a
 * district's top validated again with each of its subdistricts), with the entities and
 * relationships it holds.
 */
export function encodePart(model: SeedModel, ids: ImportIds, skip: ReadonlySet<string> = new Set()): { csv: EncodedCsv; entities: number; relationships: number } {
  const encoder = new CsvEncoder();
  let entities = 0;
  let relationships = 0;
  for (const entity of model.entities) {
    if (skip.has(entity.code)) continue;
    // The online import creates {id, code, version: 1} and then sets the seed's properties; the
    // code is a column of its own.
    const properties = entityProperties(entity);
    properties.id = randomUUID();
    properties.version = 1;
    const plan = entityColumns(entity.spec);
    if (Object.keys(properties).length !== plan.length + 1) throw new BulkCsvError(`${entity.code}: a property outside the seed's managed properties of ${entity.label}`);
    let columns = "";
    let cells = "";
    // The columns' types in plan order, "-" for an absent one: names the row's file within the part
    // without hashing the whole column list for every row.
    let shape = entity.label;
    for (const { key, date } of plan) {
      const value = properties[key];
      if (value === null || value === undefined) {
        shape += "-";
        continue;
      }
      const typed = date ? dateValue(key, value, entity.code) : plainValue(key, value, entity.code);
      shape += TYPE_LETTER[typed.type];
      columns = columns === "" ? columnName(typed) : `${columns},${columnName(typed)}`;
      cells += `,${typed.cell}`;
    }
    const labels = labelColumns(entity.label);
    encoder.row("nodes", shape, () => ({ key: `n|${labels.key}|${columns}`, header: headerOf(":ID,code,:LABEL", columns) }), `${ids.node(entity.code)},${quoted(entity.code)},${labels.cell}${cells}`);
    entities++;
  }
  for (const link of model.links) {
    if (skip.has(link.owner.code)) continue;
    const relation = relationOf(link);
    const where = `${relation.type} ${relation.from}→${relation.to}`;
    const values = typedProperties(relation.properties, { validFrom: relation.validFrom, validTo: relation.validTo }, where);
    const columns = columnsOf(values);
    const key = `r|${relation.type}|${columns}`;
    encoder.row("relationships", key, () => ({ key, header: headerOf(":START_ID,:END_ID,:TYPE", columns) }), `${ids.of(relation.from, where)},${ids.of(relation.to, where)},${relation.type}${cellsOf(values)}`);
    relationships++;
  }
  return { csv: encoder.done(), entities, relationships };
}

/**
 * The roll-up bookkeeping computed in Node (bulk-rollups.ts) as the nodes the online maintenance
 * writes (rollup.writePoints, rollup.writeSources): (:CoverageRollup {place, date, v}) and
 * (:CoverageSource {place, contribution, links}); a null contribution sets nothing. An empty links
 * list cannot be a CSV cell: those places are returned, for the caller to set after the start.
 */
export function encodeRollups(sources: readonly BulkRollupSource[], points: readonly BulkRollupPoint[], ids: ImportIds): { csv: EncodedCsv; emptyLinks: string[] } {
  const encoder = new CsvEncoder();
  const emptyLinks: string[] = [];
  const bookkeeping = (label: string, values: readonly TypedValue[]) => {
    const columns = columnsOf(values);
    const key = `b|${label}|${columns}`;
    encoder.row("nodes", key, () => ({ key, header: headerOf(":ID,:LABEL", columns) }), `${ids.node()},${label}${cellsOf(values)}`);
  };
  for (const source of sources) {
    const values: TypedValue[] = [{ key: "place", type: "string", cell: quoted(source.place) }];
    if (source.contribution !== null) values.push(plainValue("contribution", source.contribution, source.place));
    if (source.links.length > 0) values.push(plainValue("links", source.links, source.place));
    else emptyLinks.push(source.place);
    bookkeeping("CoverageSource", values);
  }
  for (const point of points) {
    bookkeeping("CoverageRollup", [
      { key: "place", type: "string", cell: quoted(point.place) },
      dateValue("date", point.date, point.place),
      plainValue("v", point.v, point.place),
    ]);
  }
  return { csv: encoder.done(), emptyLinks };
}

class CsvFile {
  private readonly fd: number;
  private buffer = "";
  constructor(
    readonly path: string,
    header: string,
  ) {
    this.fd = openSync(path, "w");
    this.buffer = header + "\n";
  }
  append(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= FLUSH_BYTES) this.flush();
  }
  flush(): void {
    if (this.buffer.length > 0) writeSync(this.fd, this.buffer);
    this.buffer = "";
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/**
 * Appends encoded parts to the CSV files, in the order they are given: a file per group key,
 * numbered in the order the keys are first met.
 */
export class BulkCsvWriter {
  private readonly files = new Map<string, CsvFile>();
  private readonly nodeFiles: string[] = [];
  private readonly relationshipFiles: string[] = [];
  private nodes = 0;
  private relationships = 0;
  private multiline = false;

  constructor(private readonly folder: string) {
    mkdirSync(folder, { recursive: true });
  }

  /** Writes encoded rows; `counts` are the entities and relationships they hold (zero for bookkeeping). */
  write(csv: EncodedCsv, counts: { readonly entities: number; readonly relationships: number } = { entities: 0, relationships: 0 }): void {
    for (const group of csv.groups) {
      let file = this.files.get(group.key);
      if (!file) {
        file = new CsvFile(join(this.folder, `${group.kind}-${this.files.size + 1}.csv`), group.header);
        this.files.set(group.key, file);
        (group.kind === "nodes" ? this.nodeFiles : this.relationshipFiles).push(file.path);
      }
      file.append(group.text);
    }
    if (csv.multiline) this.multiline = true;
    this.nodes += counts.entities;
    this.relationships += counts.relationships;
  }

  /** Encodes and writes a validated part (encodePart); returns the entities and relationships written. */
  append(model: SeedModel, ids: ImportIds, skip: ReadonlySet<string> = new Set()): { entities: number; relationships: number } {
    const { csv, entities, relationships } = encodePart(model, ids, skip);
    this.write(csv, { entities, relationships });
    return { entities, relationships };
  }

  /** Encodes and writes roll-up bookkeeping (encodeRollups); returns the places whose empty links are set after the start. */
  appendRollups(sources: readonly BulkRollupSource[], points: readonly BulkRollupPoint[], ids: ImportIds): { emptyLinks: string[] } {
    const { csv, emptyLinks } = encodeRollups(sources, points, ids);
    this.write(csv);
    return { emptyLinks };
  }

  close(): BulkCsvFiles {
    for (const file of this.files.values()) file.close();
    return { nodeFiles: this.nodeFiles, relationshipFiles: this.relationshipFiles, nodes: this.nodes, relationships: this.relationships, multilineFields: this.multiline, idType: IMPORT_ID_TYPE };
  }
}
