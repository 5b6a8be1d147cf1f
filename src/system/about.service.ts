import { isMigrated } from "../database/index.js";
import type { HubContext } from "../server/context.js";
import type { About } from "./about.type.js";

export async function describeHub(context: HubContext): Promise<About> {
  return {
    hubVersion: context.about.hubVersion,
    neo4jVersion: context.about.neo4jVersion,
    neo4jEdition: context.about.neo4jEdition,
    localNeo4j: context.about.localNeo4j,
    migrated: await isMigrated(context.db),
  };
}
