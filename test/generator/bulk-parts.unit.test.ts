import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BulkCsvWriter, ImportIds } from "../../src/generator/bulk-csv.js";
import { bulkParts } from "../../src/generator/bulk-parts.js";
import { BulkRollups } from "../../src/generator/bulk-rollups.js";
import { addCounts, emptyCounts } from "../../src/generator/counts.js";
import { validatedParts } from "../../src/generator/import.js";

/**
 * The bulk import's parts done in worker threads give the CSV files of the one-thread loop,
 * byte for byte once the random ids are set aside: the same files, rows and roll-ups whichever
 * thread encoded a part. No Neo4j (test/generator/bulk-import.test.ts imports them).
 */
const OPTIONS = { seed: 42, subdistricts: 3 };
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function filesOf(folder: string): Record<string, string> {
  return Object.fromEntries(readdirSync(folder).map((file) => [file, readFileSync(join(folder, file), "utf8").replace(UUID, "<id>")]));
}

/** The loop as it was on one thread: validatedParts, then each part encoded and its roll-ups computed in turn. */
function oneThread() {
  const folder = mkdtempSync(join(tmpdir(), "dangjian-bulk-one-"));
  folders.push(folder);
  const writer = new BulkCsvWriter(folder);
  const rollups = new BulkRollups();
  const expected = emptyCounts();
  const emptyLinks: string[] = [];
  // Each part's ids start where the last one's ended (counted here by what was numbered, not in advance).
  let base = 0;
  const districtBases = new Map<number, number>();
  const open = (topBase: number) => ImportIds.ofPart({ base, topBase }, Number.MAX_SAFE_INTEGER - base);
  for (const { part, index, district, validation, alreadyWritten } of validatedParts(OPTIONS, expected)) {
    if (part === "district") districtBases.set(index, base);
    const ids = ImportIds.ofPart({ base, topBase: districtBases.get(district)! }, Number.MAX_SAFE_INTEGER - base, alreadyWritten);
    writer.append(validation.model, ids, alreadyWritten);
    const { sources, points } = rollups.part(validation.model, alreadyWritten, part === "subdistrict");
    emptyLinks.push(...writer.appendRollups(sources, points, ids).emptyLinks);
    base += ids.numbered;
  }
  emptyLinks.push(...writer.appendRollups([], rollups.finish(), open(base)).emptyLinks);
  const written = writer.close();
  return { files: filesOf(folder), expected, emptyLinks, points: rollups.points, places: rollups.places, nodes: written.nodes, relationships: written.relationships };
}

async function inParts(workers: number) {
  const folder = mkdtempSync(join(tmpdir(), `dangjian-bulk-${workers}-`));
  folders.push(folder);
  const writer = new BulkCsvWriter(folder);
  const rollups = new BulkRollups();
  const expected = emptyCounts();
  const emptyLinks: string[] = [];
  let end = 0;
  for await (const result of bulkParts(OPTIONS, { workers, withChunk: false })) {
    addCounts(expected, result.counts);
    rollups.merge(result.rollups, result.part.part === "subdistrict");
    writer.write(result.csv, result);
    emptyLinks.push(...result.emptyLinks);
    expect(result.ids.base).toBe(end);
    end = result.ids.base + result.ids.nodes;
  }
  const last = rollups.finish();
  emptyLinks.push(...writer.appendRollups([], last, ImportIds.ofPart({ base: end, topBase: end }, last.length)).emptyLinks);
  const written = writer.close();
  return { files: filesOf(folder), expected, emptyLinks, points: rollups.points, places: rollups.places, nodes: written.nodes, relationships: written.relationships };
}

describe("bulk import parts in worker threads", () => {
  it("write the files of the one-thread loop, with none, one or two workers", { timeout: 120_000 }, async () => {
    const reference = oneThread();
    expect(Object.keys(reference.files).length).toBeGreaterThan(50);
    expect(reference.points).toBeGreaterThan(1_000);
    for (const workers of [0, 1, 2]) expect(await inParts(workers)).toEqual(reference);
  });
});
