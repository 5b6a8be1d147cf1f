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

  it("defuses a formula behind a leading control character a spreadsheet would skip", () => {
    const cells = ["\u0000=1+1", "\n=1+1", "\r=1+1", "\t=1+1", "\u001f@SUM(A1)", "\u007f-2"];
    const csv = toCsv({ columns: ["x"], rows: cells.map((cell) => [cell]) });
    // Each is quoted and starts with an apostrophe; nothing else changes.
    expect(csv.slice(UTF8_BOM.length).startsWith("x\r\n")).toBe(true);
    for (const cell of cells) expect(csv).toContain(`"'${cell.replaceAll('"', '""')}"`);
  });
});
