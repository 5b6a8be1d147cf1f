import { ArgsType, Field } from "type-graphql";
import { LocalDate } from "./scalars.js";

/** The arguments every analytic of a set takes: where (`within`, a place code, as on every list) and when. */
@ArgsType()
export class WithinArgs {
  @Field(() => String, { nullable: true, description: "Code of a place (subdistrict, community, compound…): only what lies in it, at any depth, as of the date. Default: everywhere." })
  within?: string | null;

  @Field(() => LocalDate, { nullable: true, description: "The date the network is seen at (default: today)." })
  asOf?: string | null;
}
