import { Ctx, Query, Resolver } from "type-graphql";
import type { HubContext } from "../server/context.js";
import { About } from "./about.type.js";
import { describeHub } from "./about.service.js";

@Resolver(() => About)
export class AboutResolver {
  @Query(() => About, { nullable: true, description: "What this hub is running on: proves the whole path from HTTP to Neo4j." })
  async about(@Ctx() context: HubContext): Promise<About> {
    return describeHub(context);
  }
}
