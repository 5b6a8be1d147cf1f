// Entities (docs/MODEL.md): every lookup key the seed importer, the exporter and the API use.
// Community edition: uniqueness constraints and range/text indexes only (no existence or key constraints).

// Global identity and the human code: unique over all entities; each constraint brings its own range index.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT entity_code IF NOT EXISTS FOR (n:Entity) REQUIRE n.code IS UNIQUE;

// Kinds: coverage questions filter places, organisations and units by kind.
CREATE INDEX place_kind IF NOT EXISTS FOR (n:Place) ON (n.kind);
CREATE INDEX organisation_kind IF NOT EXISTS FOR (n:Organisation) ON (n.kind);
CREATE INDEX unit_kind IF NOT EXISTS FOR (n:Unit) ON (n.kind);

// "As of D": validity of entities.
CREATE INDEX entity_valid_from IF NOT EXISTS FOR (n:Entity) ON (n.validFrom);
CREATE INDEX entity_valid_to IF NOT EXISTS FOR (n:Entity) ON (n.validTo);

// "As of D": validity of the structural relations that hierarchy and coverage queries walk.
CREATE INDEX part_of_valid_from IF NOT EXISTS FOR ()-[r:PART_OF]-() ON (r.validFrom);
CREATE INDEX built_at_valid_from IF NOT EXISTS FOR ()-[r:BUILT_AT]-() ON (r.validFrom);
CREATE INDEX led_by_valid_from IF NOT EXISTS FOR ()-[r:LED_BY]-() ON (r.validFrom);
CREATE INDEX covers_valid_from IF NOT EXISTS FOR ()-[r:COVERS]-() ON (r.validFrom);
CREATE INDEX located_in_valid_from IF NOT EXISTS FOR ()-[r:LOCATED_IN]-() ON (r.validFrom);
CREATE INDEX member_of_valid_from IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.validFrom);
CREATE INDEX holds_seat_valid_from IF NOT EXISTS FOR ()-[r:HOLDS_SEAT]-() ON (r.validFrom);

// Search by name (CONTAINS, STARTS WITH) on Chinese names.
CREATE TEXT INDEX entity_name_text IF NOT EXISTS FOR (n:Entity) ON (n.name);
