import { ArgsType, Field } from "type-graphql";
import { LocalDate } from "./scalars.js";

/** The arguments every analytic report takes: where (a place code) and when. */
@ArgsType()
export class ScopeArgs {
  @Field(() => String, { nullable: true, description: "Code of a place (subdistrict, community, compound…): only what lies in it, at any depth, as of the date. Default: everywhere." })
  scope?: string | null;

  @Field(() => LocalDate, { nullable: true, description: "The date the network is seen at (default: today)." })
  asOf?: string | null;
}
