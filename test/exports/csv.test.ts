import { describe, expect, it } from "vitest";
import { toCsv, UTF8_BOM } from "../../src/exports/csv.js";

describe("CSV", () => {
  it("starts with a BOM, ends lines with CRLF, quotes what needs quoting and defuses formulas", () => {
    const csv = toCsv({
      columns: ["code", "name", "n"],
      rows: [
        ["A", "龍虎塘, 街道", 3],
        ["B", 'say "hi"', null],
        ["C", "=HYPERLINK(\"x\")", 0.5],
        ["D", "line\nbreak", true],
      ],
    });
    expect(csv).toBe(`${UTF8_BOM}code,name,n\r\nA,"龍虎塘, 街道",3\r\nB,"say ""hi""",\r\nC,"'=HYPERLINK(""x"")",0.5\r\nD,"line\nbreak",true\r\n`);
  });
});
