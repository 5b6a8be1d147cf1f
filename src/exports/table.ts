/**
 * A report table: the one shape every analytic answer can be turned into for CSV export. The
 * GraphQL field and the CSV download call the same service function; the CSV side only asks it
 * for a Table (see csv.ts), so both always show the same numbers.
 */
export type Cell = string | number | boolean | null;

export interface Table {
  /** Column headers, in order (English; a report may add Chinese in parentheses). */
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}
