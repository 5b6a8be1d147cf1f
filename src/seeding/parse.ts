import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import type { SeedProblem } from "./problems.js";
import { FILE_SPECS, SEED_META_FILE, type FileSpec } from "./spec.js";

/**
 * Reads a seed folder into records that remember where they came from: file, line of the record
 * and, on demand, the line of any value inside it (so a problem points at the exact field).
 */
export type ValuePath = readonly (string | number)[];

export interface RawRecord {
  readonly file: string;
  readonly spec: FileSpec;
  /** Position in the file's list, from 0. */
  readonly index: number;
  /** The plain value (YAML 1.2 core schema: dates stay strings). */
  readonly value: unknown;
  readonly line: number;
  /** The record's `code`, when it is a string. */
  readonly code: string | undefined;
  /** True when the file has YAML errors: the record's code is known, but nothing else is trusted. */
  readonly broken: boolean;
  /** Line of the value at `path` inside the record (of its key with `key`), or the nearest found. */
  lineOf(path: ValuePath, options?: { key?: boolean }): number;
  /** How a position (a `line` of this record) is named in a message: `places.yaml:12`, or a cell such as `組織!C12`. */
  at(line: number): string;
}

export interface ParsedSeed {
  readonly folder: string;
  readonly meta: Record<string, unknown> | undefined;
  readonly records: RawRecord[];
  readonly problems: SeedProblem[];
  /** Files read, in format order. */
  readonly files: string[];
}

const YAML_FILE = /\.ya?ml$/;

function nearest(names: readonly string[], wanted: string): string | undefined {
  const stem = wanted.replace(YAML_FILE, "");
  return names.find((name) => {
    const other = name.replace(YAML_FILE, "");
    return other.startsWith(stem) || stem.startsWith(other) || other.replace(/s$/, "") === stem.replace(/s$/, "");
  });
}

/** Lists the folder's YAML files; unknown names are problems (a misspelt file would be silently skipped). */
export function seedFilesIn(folder: string): { known: string[]; problems: SeedProblem[] } {
  const names = readdirSync(folder).filter((name) => YAML_FILE.test(name) && statSync(join(folder, name)).isFile());
  const known = [SEED_META_FILE, ...FILE_SPECS.keys()].filter((name) => names.includes(name));
  const problems: SeedProblem[] = names
    .filter((name) => !known.includes(name))
    .sort()
    .map((name) => {
      const guess = nearest([SEED_META_FILE, ...FILE_SPECS.keys()], name);
      return {
        code: "SEED_UNKNOWN_FILE",
        file: name,
        line: 1,
        message: `${name} is not a seed file${guess ? ` (did you mean ${guess}?)` : ""}; the seed's files are ${[SEED_META_FILE, ...FILE_SPECS.keys()].join(", ")}`,
      };
    });
  return { known, problems };
}

function lineFinder(node: YamlNode | undefined, lines: LineCounter, fallback: number) {
  const lineAt = (target: YamlNode | null | undefined): number | undefined =>
    target?.range ? lines.linePos(target.range[0]).line : undefined;
  return (path: ValuePath, options: { key?: boolean } = {}): number => {
    let current: unknown = node;
    let best = lineAt(node) ?? fallback;
    for (const [depth, segment] of path.entries()) {
      const last = depth === path.length - 1;
      if (isMap(current)) {
        const pair = current.items.find((item) => isScalar(item.key) && item.key.value === segment);
        if (!pair) return best;
        if (last && options.key) return lineAt(pair.key as YamlNode) ?? best;
        current = pair.value;
        best = lineAt(pair.value as YamlNode) ?? lineAt(pair.key as YamlNode) ?? best;
      } else if (isSeq(current) && typeof segment === "number") {
        current = current.items[segment];
        best = lineAt(current as YamlNode) ?? best;
      } else {
        return best;
      }
    }
    return best;
  };
}

/** The code of the record around a text offset, to name it in a syntax error. */
function recordAt(contents: unknown, offset: number): string | undefined {
  if (!isSeq(contents)) return undefined;
  for (const item of contents.items) {
    if (!isMap(item) || !item.range || offset < item.range[0] || offset > item.range[2]) continue;
    const code = item.get("code");
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

/** Parses one file's text. Exported for tests and for tools that hold text rather than files. */
export function parseSeedText(file: string, text: string): { records: RawRecord[]; meta: Record<string, unknown> | undefined; problems: SeedProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const problems: SeedProblem[] = doc.errors.map((error) => ({
    code: "SEED_YAML_SYNTAX",
    file,
    line: lines.linePos(error.pos[0]).line,
    record: recordAt(doc.contents, error.pos[0]),
    message: `YAML syntax: ${error.message.split("\n")[0]!}`,
  }));
  const broken = problems.length > 0;
  let plain: unknown;
  try {
    plain = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    problems.push({ code: "SEED_YAML_SYNTAX", file, line: 1, message: `YAML: ${(error as Error).message}` });
    return { records: [], meta: undefined, problems };
  }
  if (file === SEED_META_FILE) {
    if (plain !== null && plain !== undefined && (typeof plain !== "object" || Array.isArray(plain))) {
      problems.push({ code: "SEED_SCHEMA", file, line: 1, message: "seed.yaml must be one mapping (name, description, source, notes), not a list or a value" });
      return { records: [], meta: undefined, problems };
    }
    return { records: [], meta: (plain ?? {}) as Record<string, unknown>, problems };
  }
  const spec = FILE_SPECS.get(file);
  if (!spec) throw new Error(`parseSeedText: ${file} is not a seed file`);
  if (plain === null || plain === undefined) return { records: [], meta: undefined, problems };
  const contents = doc.contents;
  if (!Array.isArray(plain) || !isSeq(contents)) {
    problems.push({
      code: "SEED_SCHEMA",
      file,
      line: contents?.range ? lines.linePos(contents.range[0]).line : 1,
      message: `${file} must be a list of records (each starting with "- code: …")`,
    });
    return { records: [], meta: undefined, problems };
  }
  const records = plain.map((value: unknown, index): RawRecord => {
    const node = contents.items[index] as YamlNode | undefined;
    const line = node?.range ? lines.linePos(node.range[0]).line : 1;
    const code = value !== null && typeof value === "object" && typeof (value as { code?: unknown }).code === "string" ? (value as { code: string }).code : undefined;
    return { file, spec, index, value, line, code, broken, lineOf: lineFinder(node, lines, line), at: (at) => `${file}:${at}` };
  });
  return { records, meta: undefined, problems };
}

/** Reads every seed file of the folder. A missing folder is a usage error for the caller, not a problem. */
export function parseSeedFolder(folder: string): ParsedSeed {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`Seed folder ${folder} does not exist`);
  const { known, problems } = seedFilesIn(folder);
  const records: RawRecord[] = [];
  let meta: Record<string, unknown> | undefined;
  for (const file of known) {
    const parsed = parseSeedText(file, readFileSync(join(folder, file), "utf8"));
    problems.push(...parsed.problems);
    records.push(...parsed.records);
    meta ??= parsed.meta;
  }
  return { folder, meta, records, problems, files: known };
}
