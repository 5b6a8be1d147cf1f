import { recordClassArchive } from "./class-archive.js";

/**
 * `node --import tsx src/database/class-archive.cli.ts` (scripts/install.sh): writes the local
 * Neo4j's class-data sharing archive when it is missing. A failure only costs speed — Neo4j starts
 * without the archive — so it is reported and the install goes on.
 */
try {
  await recordClassArchive((message) => process.stdout.write(`${message}\n`));
} catch (error) {
  process.stderr.write(`warning: the class-data sharing archive was not written (Neo4j starts without it, ~3 s slower): ${error instanceof Error ? error.message : String(error)}\n`);
}
