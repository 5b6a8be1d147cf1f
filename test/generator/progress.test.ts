import { describe, expect, it } from "vitest";
import { bulkProgressDisplay, formatDuration, importProgressDisplay, type ImportedPart } from "../../src/generator/index.js";

/** A stderr stand-in that records what is written. */
function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const stream = { isTTY, text: "", write: (chunk: string) => ((stream.text += chunk), true) };
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

function part(index: number, created: number): ImportedPart {
  return {
    part: "subdistrict",
    index,
    records: created,
    report: { mode: "single-transaction", records: created, millis: 2_000, summary: { entities: { Place: { created, updated: 0, unchanged: 0 } }, relations: { created: 0, deleted: 0, unchanged: 0 } } },
    generateMillis: 0,
    validateMillis: 0,
  };
}

describe("import progress display", () => {
  it("writes one plain line per part off a terminal, with entities, rate and ETA", () => {
    let clock = 0;
    const stream = fakeStream(false);
    const display = importProgressDisplay(4, stream, () => 200 * 1024 * 1024, () => clock);
    display.onRows({ phase: "writing", done: 10, total: 100 });
    clock = 2_000;
    display.onPart(part(0, 1_000));
    clock = 4_000;
    display.onPart(part(1, 3_000));
    display.end();
    expect(stream.text).toBe(
      "subdistrict 1: 1000 records, 2.0 s; part 1/4 · 1000 entities · 500/s · ETA 6s; node RSS peak 200 MiB\n" +
        "subdistrict 2: 3000 records, 2.0 s; part 2/4 · 4000 entities · 1000/s · ETA 4s; node RSS peak 200 MiB\n",
    );
  });

  it("redraws one line on a terminal and ends it once", () => {
    let clock = 0;
    const stream = fakeStream(true);
    const display = importProgressDisplay(2, stream, () => 0, () => clock);
    clock = 1_000;
    display.onRows({ phase: "writing", done: 50, total: 100 });
    display.onRows({ phase: "writing", done: 60, total: 100 }); // within 200 ms: not drawn
    clock = 2_000;
    display.onPart(part(0, 500));
    display.end();
    display.end();
    expect(stream.text).toBe("\rpart 0/2 · 0 entities · 0/s · ETA ? · part 1 writing 50%\x1b[K" + "\rpart 1/2 · 500 entities · 250/s · ETA 2s\x1b[K" + "\n");
  });

  it("formats durations", () => {
    expect([formatDuration(0), formatDuration(59_400), formatDuration(61_000), formatDuration(3_725_000)]).toEqual(["0s", "59s", "1m01s", "1h02m"]);
  });

  it("bulk import: a line per part written to CSV, the admin tool's stages, and every fifth of its progress off a terminal", () => {
    let clock = 0;
    const stream = fakeStream(false);
    const display = bulkProgressDisplay(2, stream, () => 100 * 1024 * 1024, () => clock);
    clock = 1_000;
    display.onPart({ part: "district", index: 0, entities: 9, relationships: 8, millis: 1_000 });
    clock = 2_000;
    display.onPart({ part: "subdistrict", index: 0, entities: 11_991, relationships: 22_000, millis: 1_000 });
    display.log("neo4j-admin: (1/4) Node import");
    display.log("neo4j-admin: .......... .......... .......... .......... ..........  10% ∆0ms [1s]");
    display.log("neo4j-admin: .......... .......... .......... .......... ..........  20% ∆0ms [1s]");
    display.end();
    expect(stream.text).toBe(
      "district 1: 9 entities, 8 relationships to CSV, 1.0 s; part 1/2 · 9 entities · 9/s · ETA 1s; node RSS peak 100 MiB\n" +
        "subdistrict 1: 11991 entities, 22000 relationships to CSV, 1.0 s; part 2/2 · 12000 entities · 6000/s · ETA 0s; node RSS peak 100 MiB\n" +
        "neo4j-admin: (1/4) Node import\n" +
        "neo4j-admin: .......... .......... .......... .......... ..........  20% ∆0ms [1s]\n",
    );
  });
});
