import type { Cell, Table } from "./table.js";

/** Byte order mark: spreadsheet programs need it to read UTF-8 (and so Chinese) correctly. */
export const UTF8_BOM = "\uFEFF";

/** True when a spreadsheet could read the text as a formula: =, +, - or @ first, or a control character (U+0000–U+001F, U+007F). */
function startsRisky(text: string): boolean {
  if (text === "") return false;
  const first = text.charCodeAt(0);
  return "=+-@".includes(text.charAt(0)) || first < 0x20 || first === 0x7f;
}

function csvCell(cell: Cell): string {
  if (cell === null) return "";
  const text = String(cell);
  // A leading =, +, - or @ would run as a formula in a spreadsheet, and so would one behind a
  // leading control character (NUL, tab, line feed, carriage return…) that a spreadsheet skips:
  // quote-and-prefix it.
  const safe = typeof cell === "string" && startsRisky(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** RFC 4180 CSV with CRLF line ends and a UTF-8 BOM. */
export function toCsv(table: Table): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(csvCell).join(","));
  return UTF8_BOM + lines.join("\r\n") + "\r\n";
}
