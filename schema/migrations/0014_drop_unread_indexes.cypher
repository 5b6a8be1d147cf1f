// Four indexes no statement reads (SHOW INDEXES YIELD name, readCount after the whole test suite
// against one Neo4j: 0 each), dropped because each costs every write of its label or type and a
// population after every bulk import (S3: ~8.7 s of a core together, docs/SCALE.md):
// - entity_valid_from: "valid at a date" is `validFrom <= $at AND …` after a code or kind seek,
//   and `validFrom <= $at` holds for most entities, so no plan starts from it.
// - member_status: the members' filter is `$statuses IS NULL OR e.status IN $statuses` on members
//   already reached from their organisation or place (people.queries.ts), never a seek.
// - resides_in_valid_from, employed_by_valid_from: these links are always reached from one of
//   their ends; no statement looks them up by date alone.
DROP INDEX entity_valid_from IF EXISTS;
DROP INDEX member_status IF EXISTS;
DROP INDEX resides_in_valid_from IF EXISTS;
DROP INDEX employed_by_valid_from IF EXISTS;
