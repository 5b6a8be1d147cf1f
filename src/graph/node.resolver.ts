import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import { atLeast } from "../auth/index.js";
import { HubError } from "../errors/index.js";
import type { HubContext } from "../server/context.js";
import { todayIso } from "./dates.js";
import type { EntityRecord } from "./entity.record.js";
import { loadEntity } from "./entity.service.js";
import { Node } from "./entity.type.js";
import { LocalDate } from "./scalars.js";
import { PERSONAL_LABELS } from "./vocabulary.js";

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: "Any entity by its global id, as it is on `asOf` (null if it did not exist then)." })
  async node(
    @Ctx() context: HubContext,
    @Arg("id", () => ID, { description: "Global id." }) id: string,
    @Arg("asOf", () => LocalDate, { nullable: true, description: "Date to see it at (default: today)." }) asOf?: string | null,
  ): Promise<EntityRecord | null> {
    const entity = await loadEntity(context.db, context.loaders, "Entity", "id", id, asOf ?? todayIso());
    if (entity && PERSONAL_LABELS.includes(entity.label) && !atLeast(context.viewer, "steward")) {
      throw new HubError("FORBIDDEN", "This entity is personal data.", { id });
    }
    return entity;
  }
}
