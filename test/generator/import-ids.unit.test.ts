import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BulkCsvError, ImportIds, PART_ID_RANGE } from "../../src/generator/bulk-csv.js";

/**
 * The bulk import's integer node ids (ImportIds): every part numbers its own nodes, so they must
 * never meet another part's, must stay exact numbers the admin tool takes (0 ≤ id < 2^56), and a
 * subdistrict must find its district's top under the ids the top's own part gave.
 */
const ADMIN_TOOL_LIMIT = 2 ** 56;

const part = fc.record({ part: fc.constantFrom("district" as const, "subdistrict" as const), index: fc.integer({ min: 0, max: 2 ** 27 - 1 }), nodes: fc.integer({ min: 1, max: 40 }) });

describe("import ids", () => {
  it("of different parts never meet, and stay exact and within the admin tool's range", () => {
    fc.assert(
      fc.property(fc.uniqueArray(part, { minLength: 2, maxLength: 12, selector: (p) => `${p.part}${p.index}` }), fc.integer({ min: 0, max: 30 }), (parts, lastRollups) => {
        const seen = new Map<number, string>();
        const take = (id: number, owner: string) => {
          expect(Number.isSafeInteger(id) && id >= 0 && id < ADMIN_TOOL_LIMIT).toBe(true);
          expect(seen.get(id) ?? owner).toBe(owner);
          seen.set(id, owner);
        };
        for (const { part: kind, index, nodes } of parts) {
          const ids = ImportIds.ofPart(kind, index, 0);
          for (let n = 0; n < nodes; n++) take(n % 2 === 0 ? ids.node(`${kind}${index}-${n}`) : ids.node(), `${kind}${index}`);
        }
        const last = ImportIds.ofLastRollups();
        for (let n = 0; n < lastRollups; n++) take(last.node(), "last roll-ups");
      }),
    );
  });

  it("give a subdistrict its district's top under the ids the top's own part numbered", () => {
    const topCodes = ["G-D03", "G-D03-DC", "G-D03-OS1"];
    const top = ImportIds.ofPart("district", 3, 3);
    const numbered = topCodes.map((code) => top.node(code));
    // The top's part numbers its bookkeeping after its entities; that does not move them.
    top.node();

    const subdistrict = ImportIds.ofPart("subdistrict", 27, 3, new Set(topCodes));
    const own = subdistrict.node("G-S028");
    expect(topCodes.map((code) => subdistrict.of(code, "link"))).toEqual(numbered);
    expect(subdistrict.of("G-S028", "link")).toBe(own);
    expect(numbered).not.toContain(own);
  });

  it("refuse a link to a code in neither the part nor its top, naming the link", () => {
    const ids = ImportIds.ofPart("subdistrict", 0, 0, ["G-D01"]);
    ids.node("G-S001");
    expect(() => ids.of("G-S002", "PART_OF G-S001→G-S002")).toThrow(new BulkCsvError("PART_OF G-S001→G-S002: G-S002 is neither in this part nor in its district's top"));
    // Another district's top is not this part's.
    expect(() => ids.of("G-D02", "LED_BY G-S001-WC→G-D02")).toThrow(BulkCsvError);
  });

  it("refuse a part that outgrows its range rather than reach into the next", () => {
    const ids = ImportIds.ofPart("district", 0, 0);
    const next = ImportIds.ofPart("subdistrict", 0, 0).node();
    let last = -1;
    expect(() => {
      for (let n = 0; n <= PART_ID_RANGE; n++) last = ids.node();
    }).toThrow(/more than 16777216 nodes/);
    expect(last).toBe(next - 1);
  });

  it("refuse an index with no range", () => {
    expect(() => ImportIds.ofPart("subdistrict", 2 ** 27, 0)).toThrow(BulkCsvError);
    expect(() => ImportIds.ofPart("district", -1, 0)).toThrow(BulkCsvError);
    expect(() => ImportIds.ofPart("subdistrict", 0, 0.5)).toThrow(BulkCsvError);
  });
});
