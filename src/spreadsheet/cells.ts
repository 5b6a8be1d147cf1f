import { DATA_SHEETS } from "./layout.js";

/**
 * Cell positions. The seed validator names a position by file and line; for a workbook record
 * its "line" encodes the sheet, row and column of the cell (`encodeCell`), so every problem the
 * validator finds comes back as a cell (`組織!C12`) without the validator knowing about sheets.
 */
const ROWS = 2 ** 21; // more than Excel's 1 048 576 rows
const COLUMNS = 2 ** 15; // more than Excel's 16 384 columns

export interface CellPosition {
  readonly sheet: string;
  /** From 1, as Excel counts. */
  readonly row: number;
  readonly column: number;
}

export function encodeCell(position: CellPosition): number {
  const index = DATA_SHEETS.findIndex((sheet) => sheet.name === position.sheet);
  if (index < 0) throw new Error(`encodeCell: ${position.sheet} is not a data sheet`);
  return (index * ROWS + position.row) * COLUMNS + position.column;
}

export function decodeCell(line: number): CellPosition {
  const column = line % COLUMNS;
  const rest = (line - column) / COLUMNS;
  const row = rest % ROWS;
  const index = (rest - row) / ROWS;
  const sheet = DATA_SHEETS[index];
  if (!sheet) throw new Error(`decodeCell: ${line} encodes no cell`);
  return { sheet: sheet.name, row, column };
}

/** 1 → A, 27 → AA. */
export function columnLetters(column: number): string {
  let letters = "";
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** `組織!C12` */
export function cellName(position: CellPosition): string {
  return `${position.sheet}!${columnLetters(position.column)}${position.row}`;
}
