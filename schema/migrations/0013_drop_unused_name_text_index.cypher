// entity_name_text (0002) serves no statement: the API's "name contains" filters test the name as
// of a date (nameAtCypher, an expression over names and nameFrom), which a text index on the
// current `name` cannot answer, so Neo4j never plans it. It still cost every name write, and on a
// bulk import of S3 about 10 s of a core to populate (docs/SCALE.md, "Index populations").
DROP INDEX entity_name_text IF EXISTS;
