import { writeFileSync } from "node:fs";
import { renderSchema, SCHEMA_FILE } from "./emit-schema.js";

writeFileSync(SCHEMA_FILE, await renderSchema());
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
