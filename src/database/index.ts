export { Database, connectDriver } from "./executor.js";
export type { CypherQuery, Row, QueryEvent, Transaction, TransactionOptions, Neo4jTarget, ServerInfo } from "./executor.js";
export { migrate, isMigrated, readMigrations, MigrationError, MIGRATIONS_DIR } from "./migrations.js";
export { startLocalNeo4j, ensureNeo4jArtifacts, freePort, hasClassArchive, importIntoLocalStore, localStoreDirectory, portAnswers, removeLocalStore } from "./local-neo4j.js";
export type { RunningNeo4j, LocalNeo4jOptions, OfflineImportOptions } from "./local-neo4j.js";
export { PROJECT_ROOT } from "./project-root.js";
export { dateParam, DateParam, fromNeo4j, toNeo4j } from "./values.js";
