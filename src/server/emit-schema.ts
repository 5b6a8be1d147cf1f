import { lexicographicSortSchema, printSchema } from "graphql";
import { join } from "node:path";
import { PROJECT_ROOT } from "../database/index.js";
import { buildHubSchema } from "./schema.js";

export const SCHEMA_FILE = join(PROJECT_ROOT, "schema", "schema.graphql");

const HEADER = "# Emitted by `npm run schema:emit` from the type-graphql code. Do not edit by hand.\n\n";

/** The SDL as checked in: sorted, so that the file changes only when the schema does. */
export async function renderSchema(): Promise<string> {
  return HEADER + printSchema(lexicographicSortSchema(await buildHubSchema())) + "\n";
}
