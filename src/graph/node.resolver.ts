import { Arg, Authorized, Ctx, ID, Query, Resolver } from "type-graphql";
import { guarded } from "../people/access.js";
import { asOfOrToday, type HubContext } from "../server/context.js";
import type { EntityRecord } from "./entity.record.js";
import { loadEntity } from "./entity.service.js";
import { Node } from "./entity.type.js";
import { LocalDate } from "./scalars.js";

@Resolver()
export class NodeResolver {
  // Any entity by id is a named entity: analysts and up, like every entity look-up (issue 6).
  @Authorized("analyst")
  @Query(() => Node, { nullable: true, description: "Any entity by its global id, as it is on `asOf` (null if it did not exist then)." })
  async node(
    @Ctx() context: HubContext,
    @Arg("id", () => ID, { description: "Global id." }) id: string,
    @Arg("asOf", () => LocalDate, { nullable: true, description: "Date to see it at (default: today)." }) asOf?: string | null,
  ): Promise<EntityRecord | null> {
    // Members, beneficiaries and pairings are guarded here as everywhere: steward in scope, or admin.
    return guarded(context, loadEntity(context.db, context.loaders, "Entity", "id", id, asOfOrToday(context, asOf)), "This entity");
  }
}
