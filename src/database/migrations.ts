import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Database } from "./executor.js";
import { PROJECT_ROOT } from "./project-root.js";

/**
 * Versioned schema migrations: `schema/migrations/NNNN_name.cypher`, applied in order,
 * each statement idempotent (IF NOT EXISTS), each applied version recorded as a
 * (:SchemaMigration) node with the checksum of its file.
 */
export const MIGRATIONS_DIR = join(PROJECT_ROOT, "schema", "migrations");

export interface Migration {
  version: number;
  name: string;
  file: string;
  statements: string[];
  checksum: string;
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MigrationError";
  }
}

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.cypher$/;

/** Statements end with a semicolon at the end of a line; `//` comment lines are dropped. */
export function splitStatements(text: string): string[] {
  const withoutComments = text
    .split("\n")
    .filter((line) => !line.trim().startsWith("//"))
    .join("\n");
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".cypher")).sort()) {
    const match = FILE_NAME.exec(file);
    if (!match) throw new MigrationError(`Migration file ${file} must be named NNNN_lower_snake_name.cypher`);
    const text = readFileSync(join(dir, file), "utf8");
    migrations.push({
      version: Number(match[1]),
      name: match[2]!,
      file,
      statements: splitStatements(text),
      checksum: createHash("sha256").update(text).digest("hex"),
    });
  }
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (previous && previous.version === migration.version) {
      throw new MigrationError(`Migrations ${previous.file} and ${migration.file} share version ${migration.version}`);
    }
  });
  return migrations;
}

/** `CREATE [kind] INDEX name …` and `DROP INDEX name IF EXISTS`, the statements the look-ahead pairs. */
const CREATE_INDEX = /^CREATE\s+(?:(?:RANGE|TEXT|POINT|LOOKUP|FULLTEXT|VECTOR)\s+)?INDEX\s+(?!(?:IF|FOR|ON)\b)(\w+)\b/i;
const DROP_INDEX_IF_EXISTS = /^DROP\s+INDEX\s+(\w+)\s+IF\s+EXISTS$/i;

/**
 * Which statements of the pending migrations create an index that a later one of them drops
 * (`IF EXISTS`), as `version:statement` keys: not run, because Neo4j would populate the index over
 * the whole store only to throw it away (a new store gets every migration at once — after a bulk
 * import of S3, 0002's text index took ~10 s of a core). An index changes no statement's answer,
 * so the schema after the rest is the one after all of them; should the run stop between the two,
 * the index is missing until the drop is applied, which is what the drop asks for anyway.
 */
export function indexesDroppedLater(pending: readonly Migration[]): Set<string> {
  const dropped = new Map<string, number>();
  const statements = pending.flatMap((migration) => migration.statements.map((statement, index) => ({ key: `${migration.version}:${index + 1}`, statement })));
  statements.forEach(({ statement }, position) => {
    const name = DROP_INDEX_IF_EXISTS.exec(statement)?.[1];
    if (name !== undefined) dropped.set(name, position);
  });
  const skipped = new Set<string>();
  statements.forEach(({ key, statement }, position) => {
    const name = CREATE_INDEX.exec(statement)?.[1];
    if (name !== undefined && (dropped.get(name) ?? -1) > position) skipped.add(key);
  });
  return skipped;
}

export interface MigrationReport {
  applied: number[];
  alreadyApplied: number[];
  /** Index statements not run (indexesDroppedLater), as `version:statement`. */
  skipped: string[];
}

/** Applies what is missing, in order; stops at the first failure with the file and statement named. */
export async function migrate(db: Database, dir: string = MIGRATIONS_DIR): Promise<MigrationReport> {
  const migrations = readMigrations(dir);
  await db.write({
    name: "migrations.ledgerConstraint",
    cypher: "CREATE CONSTRAINT schema_migration_version IF NOT EXISTS FOR (m:SchemaMigration) REQUIRE m.version IS UNIQUE",
  });
  const recorded = new Map(
    (
      await db.read({
        name: "migrations.recorded",
        cypher: "MATCH (m:SchemaMigration) RETURN m.version AS version, m.checksum AS checksum",
      })
    ).map((row) => [row.version as number, row.checksum as string]),
  );
  const report: MigrationReport = { applied: [], alreadyApplied: [], skipped: [] };
  for (const migration of migrations) {
    const checksum = recorded.get(migration.version);
    if (checksum === undefined) continue;
    if (checksum !== migration.checksum) {
      throw new MigrationError(
        `Migration ${migration.file} was changed after it was applied (checksum differs). Add a new migration instead of editing an applied one.`,
      );
    }
    report.alreadyApplied.push(migration.version);
  }
  const pending = migrations.filter((migration) => !recorded.has(migration.version));
  const skipped = indexesDroppedLater(pending);
  for (const migration of pending) {
    for (const [index, statement] of migration.statements.entries()) {
      const key = `${migration.version}:${index + 1}`;
      if (skipped.has(key)) {
        report.skipped.push(key);
        continue;
      }
      try {
        // Schema statements cannot share a transaction with data writes, so each runs alone.
        await db.write({ name: `migration.${migration.version}.${index + 1}`, cypher: statement });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MigrationError(
          `Migration ${migration.file} failed at statement ${index + 1}: ${reason}\nStatement: ${statement}`,
          { cause: error },
        );
      }
    }
    await db.write({
      name: "migrations.record",
      cypher:
        "MERGE (m:SchemaMigration {version: $version}) SET m.name = $name, m.checksum = $checksum, m.appliedAt = datetime()",
      params: { version: migration.version, name: migration.name, checksum: migration.checksum },
    });
    report.applied.push(migration.version);
  }
  return report;
}

/** True when every migration file is recorded as applied. */
export async function isMigrated(db: Database, dir: string = MIGRATIONS_DIR): Promise<boolean> {
  const expected = readMigrations(dir).map((migration) => migration.version);
  const rows = await db.read({
    name: "migrations.appliedVersions",
    cypher: "MATCH (m:SchemaMigration) RETURN collect(m.version) AS versions",
  });
  const applied = new Set((rows[0]?.versions as number[] | undefined) ?? []);
  return expected.every((version) => applied.has(version));
}
