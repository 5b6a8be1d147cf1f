import { ArgsType, Field } from "type-graphql";
import { PageArgs } from "../graph/connection.js";

/** The filters every list of community entities offers, besides its own. */
@ArgsType()
export class CommunityListArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: "Only those tied, as of the date, to the place with this code or to a place inside it (at any depth)." })
  within?: string | null;

  @Field(() => String, { nullable: true, description: "Only those whose name as of the date contains this text (Chinese matches as written)." })
  nameContains?: string | null;
}
