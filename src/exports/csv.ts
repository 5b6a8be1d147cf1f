import type { Cell, Table } from "./table.js";

/** Byte order mark: spreadsheet programs need it to read UTF-8 (and so Chinese) correctly. */
export const UTF8_BOM = "\uFEFF";

function csvCell(cell: Cell): string {
  if (cell === null) return "";
  const text = String(cell);
  // A leading =, +, - or @ would run as a formula in a spreadsheet: quote-and-prefix it.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof cell === "string" ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** RFC 4180 CSV with CRLF line ends and a UTF-8 BOM. */
export function toCsv(table: Table): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(csvCell).join(","));
  return UTF8_BOM + lines.join("\r\n") + "\r\n";
}
