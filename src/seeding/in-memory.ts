import type { ParsedSeed, RawRecord } from "./parse.js";
import { FILE_SPECS } from "./spec.js";

/**
 * Seed records that a program holds as plain values (the synthetic generator's output) in the
 * form the validator and the importer take from a folder: `validateParsed(parsedFromRecords(…))`
 * then `importSeed(db, validation)`. There is no YAML text, so a record's "line" is its position
 * in its file's list, from 1, and every value of the record reports that line.
 */
/**
 * A record's line answers every `lineOf`: one function per line number, shared by every part (a
 * closure per record costs its allocation and, under tsx, a `__name` call; a part has ~12k).
 */
const lineAnswers: (() => number)[] = [];
function answersLine(line: number): () => number {
  return (lineAnswers[line] ??= () => line);
}

export function parsedFromRecords(folder: string, files: ReadonlyMap<string, readonly unknown[]>, meta?: Record<string, unknown>): ParsedSeed {
  for (const file of files.keys()) {
    if (!FILE_SPECS.has(file)) throw new Error(`parsedFromRecords: ${file} is not a seed file`);
  }
  const records: RawRecord[] = [];
  const present: string[] = [];
  for (const [file, spec] of FILE_SPECS) {
    const values = files.get(file);
    if (!values || values.length === 0) continue;
    present.push(file);
    const at = (line: number) => `${file}:${line}`;
    for (let index = 0; index < values.length; index++) {
      const value = values[index];
      const code = value !== null && typeof value === "object" && typeof (value as { code?: unknown }).code === "string" ? (value as { code: string }).code : undefined;
      const line = index + 1;
      records.push({ file, spec, index, value, line, code, broken: false, lineOf: answersLine(line), at });
    }
  }
  return { folder, meta, records, problems: [], files: present };
}
