// The ledger of applied migrations (also created by the runner before it reads the ledger).
CREATE CONSTRAINT schema_migration_version IF NOT EXISTS FOR (m:SchemaMigration) REQUIRE m.version IS UNIQUE;
