import { describe, expect, it } from "vitest";
import { suppressCounts, type CountGroup } from "../../src/people/suppression.js";

const values = (cells: { value: number | null }[]) => cells.map((cell) => cell.value);

describe("small-cell suppression (docs/DISCLOSURE.md)", () => {
  // total, HOUSEHOLD, STUDENT, YOUNG_PERSON
  const row: CountGroup[] = [{ total: 0, parts: [1, 2, 3] }];

  it("withholds counts from 1 to threshold − 1, shows zeros and large counts", () => {
    expect(values(suppressCounts([0, 0, 0, 0], row, 5))).toEqual([0, 0, 0, 0]);
    expect(values(suppressCounts([17, 7, 0, 10], row, 5))).toEqual([17, 7, 0, 10]);
    expect(values(suppressCounts([3, 3, 0, 0], row, 5))).toEqual([null, null, 0, 0]);
  });

  it("withholds a second cell so the first cannot be computed from the total", () => {
    // YOUNG_PERSON: 1 would be 12 − 6 − 5: the smallest other non-zero part goes too.
    expect(values(suppressCounts([12, 6, 5, 1], row, 5))).toEqual([12, 6, null, null]);
    // No non-zero part left to hide: the total goes.
    expect(values(suppressCounts([9, 8, 0, 1], row, 5))).toEqual([9, null, 0, null]);
    expect(values(suppressCounts([1, 0, 0, 1], row, 5))).toEqual([null, 0, 0, null]);
  });

  it("runs along rows and columns until no withheld count can be computed back", () => {
    // total, two kinds, then helper A (total, kinds) and helper B (total, kinds).
    const counts = [20, 10, 10, 12, 9, 3, 8, 1, 7];
    const groups: CountGroup[] = [
      { total: 0, parts: [1, 2] },
      { total: 0, parts: [3, 6] },
      { total: 3, parts: [4, 5] },
      { total: 6, parts: [7, 8] },
      { total: 1, parts: [4, 7] },
      { total: 2, parts: [5, 8] },
    ];
    const cells = suppressCounts(counts, groups, 5);
    for (const group of groups) {
      const hidden = group.parts.filter((index) => cells[index]!.suppressed).length;
      // A shown total never has exactly one withheld part beside it.
      if (!cells[group.total]!.suppressed) expect(hidden).not.toBe(1);
    }
    expect(cells[5]!.suppressed && cells[7]!.suppressed).toBe(true);
    expect(cells.every((cell) => cell.suppressed === (cell.value === null))).toBe(true);
  });

  it("with threshold 1 withholds nothing", () => {
    expect(values(suppressCounts([12, 6, 5, 1], row, 1))).toEqual([12, 6, 5, 1]);
  });
});
