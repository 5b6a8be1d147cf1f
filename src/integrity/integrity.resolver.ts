import { Args, Authorized, Ctx, Query, Resolver } from "type-graphql";
import { existingScope } from "../graph/analytics.js";
import { WithinArgs } from "../graph/scope.args.js";
import type { HubContext } from "../server/context.js";
import { brokenRecords, type BrokenRecord as BrokenRecordView } from "./broken.service.js";
import * as integrity from "./integrity.service.js";
import { BrokenRecord, DualLeadershipReport, MisalignedLeadershipReport, RuleBreachReport } from "./integrity.type.js";

/**
 * Network integrity (DOMAIN.md §6 question 4). Counts are open to every role; the lists of
 * organisations inside each report need an analyst (see the types). One Cypher query per field.
 */
@Resolver()
export class IntegrityResolver {
  @Query(() => DualLeadershipReport, { nullable: true, description: "Organisations under dual leadership (a territorial and an own-system leader at once) within a place, as of a date." })
  async dualLeadership(@Ctx() context: HubContext, @Args(() => WithinArgs) args: WithinArgs): Promise<object> {
    return integrity.dualLeadership(context, await existingScope(context, args));
  }

  @Query(() => MisalignedLeadershipReport, { nullable: true,
    description: "Organisations built at a place outside every place of their territorial leader, with the reason (e.g. the place left the community at a merger), within a place, as of a date.",
  })
  async misalignedLeadership(@Ctx() context: HubContext, @Args(() => WithinArgs) args: WithinArgs): Promise<object> {
    return integrity.misalignedLeadership(context, await existingScope(context, args));
  }

  @Query(() => RuleBreachReport, { nullable: true,
    description: "Breaches of the structural rules: branches of 7+ formal members without a committee, joint branches covering more than 5 units, groups not at a building or courtyard or not led by a branch — within a place, as of a date.",
  })
  async ruleBreaches(@Ctx() context: HubContext, @Args(() => WithinArgs) args: WithinArgs): Promise<object> {
    return integrity.ruleBreaches(context, await existingScope(context, args));
  }

  @Authorized("admin")
  @Query(() => [BrokenRecord], { nullable: true,
    description: "Admin only (it names personal records): every broken record in the graph — links whose start is their end, links or names dated outside their entity's life, records left without their place or organisation, overlapping parents, homes, locations or memberships. Empty on a sound graph; `npm run seed -- check` prints the same.",
  })
  brokenRecords(@Ctx() context: HubContext): Promise<BrokenRecordView[]> {
    return brokenRecords(context);
  }
}
