import { Ctx, Query, Resolver } from "type-graphql";
import type { HubContext } from "../server/context.js";
import { ViewerType } from "./role.type.js";
import type { Viewer } from "./viewer.js";

@Resolver(() => ViewerType)
export class ViewerResolver {
  @Query(() => ViewerType, { nullable: true, description: "Who this request is authenticated as (subject, role, scope): open to every role." })
  viewer(@Ctx() context: HubContext): Viewer {
    return context.viewer;
  }
}
