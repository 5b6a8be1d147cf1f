/**
 * Spreadsheets for data stewards: any scope of the graph as an .xlsx workbook (one sheet per
 * record type, Chinese headers with the field names beside them, drop-downs, dates as dates, a
 * read-me), and such a workbook imported back through the seed validator and importer, every
 * problem named by sheet and cell, all or nothing. See README.md beside this file.
 */
export { exportWorkbook, importWorkbook, seedFolderWorkbook, templateWorkbook, validateWorkbook, WorkbookValidationError, type WorkbookValidation } from "./workbook.js";
export { readWorkbook, formatWorkbookProblem, type WorkbookProblem, type ParsedWorkbook } from "./read.js";
export { writeWorkbook, type WorkbookOptions } from "./write.js";
export { DATA_SHEETS, type SheetLayout, type Column } from "./layout.js";
export { cellName, decodeCell, encodeCell, type CellPosition } from "./cells.js";
