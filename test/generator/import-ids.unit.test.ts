import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BulkCsvError, ImportIds } from "../../src/generator/bulk-csv.js";
import { PartNumbering } from "../../src/generator/bulk-parts.js";
import type { PartOf } from "../../src/generator/generate.js";

/**
 * The bulk import's node ids are the store's own (`--id-type=actual`): over all parts they must be
 * 0 … N − 1, each exactly once — a gap is a hole in the node store, an overlap overwrites a node —
 * whatever order the parts count their nodes in, and a subdistrict must find its district's top
 * under the ids the top's own part gave.
 */

/** A network's parts in generation order (a district, then its subdistricts), each with a node count. */
const network = fc
  .array(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 0, maxLength: 4 }), { minLength: 1, maxLength: 4 })
  .chain((districts) => {
    const parts: { part: PartOf; nodes: number }[] = [];
    let subdistrict = 0;
    districts.forEach((subdistricts, district) => {
      parts.push({ part: { part: "district", index: district, district }, nodes: 1 + (subdistricts.length % 3) });
      for (const nodes of subdistricts) parts.push({ part: { part: "subdistrict", index: subdistrict++, district }, nodes });
    });
    // The order in which the parts finish counting (workers finish in any order).
    return fc.tuple(fc.constant(parts), fc.shuffledSubarray(parts.map((_, position) => position), { minLength: parts.length, maxLength: parts.length }));
  });

describe("import ids", () => {
  it("number all parts' nodes 0 … N − 1 once each, in generation order whatever order they count in", async () => {
    await fc.assert(
      fc.asyncProperty(network, fc.integer({ min: 0, max: 20 }), async ([parts, countingOrder], lastRollups) => {
        const numbering = new PartNumbering();
        const bases = await Promise.all(countingOrder.map((position) => numbering.basesOf(position, parts[position]!.part, parts[position]!.nodes).then((given) => ({ position, given }))));
        const taken: number[] = [];
        const districtBase = new Map<number, number>();
        for (const { position, given } of bases.sort((a, b) => a.position - b.position)) {
          const { part, nodes } = parts[position]!;
          if (part.part === "district") {
            expect(given.topBase).toBe(given.base);
            districtBase.set(part.index, given.base);
          } else expect(given.topBase).toBe(districtBase.get(part.district));
          const ids = ImportIds.ofPart(given, nodes);
          for (let n = 0; n < nodes; n++) taken.push(n % 2 === 0 ? ids.node(`${part.part}${part.index}-${n}`) : ids.node());
        }
        const last = ImportIds.ofPart({ base: numbering.end, topBase: numbering.end }, lastRollups);
        for (let n = 0; n < lastRollups; n++) taken.push(last.node());
        expect(taken).toEqual(Array.from({ length: taken.length }, (_, id) => id));
      }),
    );
  });

  it("give a subdistrict its district's top under the ids the top's own part numbered", () => {
    const topCodes = ["G-D03", "G-D03-DC", "G-D03-OS1"];
    const top = ImportIds.ofPart({ base: 40, topBase: 40 }, 4);
    const numbered = topCodes.map((code) => top.node(code));
    // The top's part numbers its bookkeeping after its entities; that does not move them.
    top.node();

    const subdistrict = ImportIds.ofPart({ base: 44, topBase: 40 }, 1, new Set(topCodes));
    const own = subdistrict.node("G-S028");
    expect(topCodes.map((code) => subdistrict.of(code, "link"))).toEqual(numbered);
    expect(subdistrict.of("G-S028", "link")).toBe(own);
    expect(numbered).not.toContain(own);
  });

  it("refuse a link to a code in neither the part nor its top, naming the link", () => {
    const ids = ImportIds.ofPart({ base: 1, topBase: 0 }, 1, ["G-D01"]);
    ids.node("G-S001");
    expect(() => ids.of("G-S002", "PART_OF G-S001→G-S002")).toThrow(new BulkCsvError("PART_OF G-S001→G-S002: G-S002 is neither in this part nor in its district's top"));
    // Another district's top is not this part's.
    expect(() => ids.of("G-D02", "LED_BY G-S001-WC→G-D02")).toThrow(BulkCsvError);
  });

  it("refuse a part that numbers more nodes than it counted rather than reach into the next part's", () => {
    const ids = ImportIds.ofPart({ base: 10, topBase: 10 }, 3);
    expect([ids.node(), ids.node(), ids.node()]).toEqual([10, 11, 12]);
    expect(() => ids.node()).toThrow(/numbers more than the 3 nodes it counted/);
  });

  it("refuse bases and counts that are not whole numbers from 0", () => {
    expect(() => ImportIds.ofPart({ base: -1, topBase: 0 }, 1)).toThrow(BulkCsvError);
    expect(() => ImportIds.ofPart({ base: 0, topBase: 0.5 }, 1)).toThrow(BulkCsvError);
    expect(() => ImportIds.ofPart({ base: 0, topBase: 0 }, Number.NaN)).toThrow(BulkCsvError);
  });
});
