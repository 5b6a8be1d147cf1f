import { toCsv } from "../../src/exports/csv";
import type { Table } from "../../src/exports/table";
import { saveFile } from "./client";

/**
 * Saves a table the page built from GraphQL pages (a ledger table the hub has no /export/ route
 * for) as CSV, written by the hub's own CSV writer: RFC 4180, CRLF, UTF-8 with BOM, formulas
 * defused — the same bytes an /export/ download has.
 */
export function saveCsv(filename: string, table: Table): void {
  saveFile(filename, new Blob([toCsv(table)], { type: "text/csv;charset=utf-8" }));
}
