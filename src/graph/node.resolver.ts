import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { guardedLookup } from "../people/access.js";
import type { HubContext } from "../server/context.js";
import type { EntityRecord } from "./entity.record.js";
import { loadEntity, notFound } from "./entity.service.js";
import { Entity, Node } from "./entity.type.js";
import { entityId, parseSnapshotId, snapshotId } from "./snapshot.js";

@Resolver()
export class NodeResolver {
  // Any entity by id is a named entity: analysts and up, like every entity look-up (issue 6).
  @Authorized("analyst")
  @Query(() => Node, {
    nullable: true,
    description: "The entity snapshot an `id` names, as of the date the id carries (Relay's Global Object Identification). Null with NOT_FOUND when it does not exist.",
  })
  async node(@Ctx() context: HubContext, @Arg("id", () => ID, { description: "A snapshot id from an earlier answer." }) id: string): Promise<EntityRecord | null> {
    const snapshot = parseSnapshotId(id);
    // Members, beneficiaries and pairings are guarded here as everywhere: steward in scope, or admin.
    return guardedLookup(context, snapshot.label, async () => {
      const found = await loadEntity(context.db, context.loaders, snapshot.label, "code", snapshot.code, snapshot.asOf);
      if (!found) throw notFound(snapshot.label, snapshot, id);
      return found;
    }, "This entity");
  }
}

/** `id` of every node: the snapshot id of the record as of the date it is seen at (src/graph/snapshot.ts). */
@Resolver(() => Node)
export class NodeIdResolver {
  @FieldResolver(() => ID)
  id(@Root() record: EntityRecord): string {
    return snapshotId(record.label, record.code, record.asOf);
  }
}

/** `entityId` of every entity: the date-free identity, equal for every snapshot of one entity. */
@Resolver(() => Entity)
export class EntityIdResolver {
  @FieldResolver(() => ID, { description: "The entity whatever the date: equal for all its snapshots (as `code` is). Not accepted by `node(id:)`." })
  entityId(@Root() record: EntityRecord): string {
    return entityId(record.label, record.code);
  }
}
