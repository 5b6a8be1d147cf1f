/**
 * Seeding: the seed format (seeds/README.md) and its tools — JSON Schemas, validation with file
 * and line, idempotent all-or-nothing import, export, and the initial load at hub start.
 */
export { validateSeed, validateParsed, type SeedValidation } from "./validate.js";
export { importSeed, refreshStatistics, DEFAULT_BATCH_SIZE, DEFAULT_SINGLE_TRANSACTION_LIMIT, type ImportOptions, type ImportReport } from "./import.js";
export type { ImportProgress, ImportStep } from "./steps.js";
export type { ImportSummary, KindCounts } from "./plan.js";
export { recoverImport, pendingJournals, StagedImportError, DEFAULT_JOURNAL_DIR } from "./staged.js";
export { exportSeed, ExportFolderError, type ExportReport } from "./export.js";
export { loadSeedIfEmpty, type SeedLogger } from "./load-if-empty.js";
export { SEED_PROBLEMS, SeedValidationError, formatProblem, type SeedProblem, type SeedProblemCode } from "./problems.js";
export { allSeedSchemas, renderSchema, SEED_SCHEMA_DIR } from "./json-schema.js";
export { SEED_FILES, SEED_META_FILE, type FileSpec } from "./spec.js";
export { stderrProgress } from "./progress.js";
