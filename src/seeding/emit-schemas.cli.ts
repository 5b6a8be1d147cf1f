import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { allSeedSchemas, renderSchema, SEED_SCHEMA_DIR } from "./json-schema.js";

// `npm run seed:schemas`: rewrite schema/seed/*.schema.json from the vocabulary (a test fails on drift).
mkdirSync(SEED_SCHEMA_DIR, { recursive: true });
for (const [file, schema] of allSeedSchemas()) {
  writeFileSync(join(SEED_SCHEMA_DIR, file), renderSchema(schema));
  process.stdout.write(`wrote schema/seed/${file}\n`);
}
