import { Args, ArgsType, Authorized, Ctx, Field, Query, Resolver } from "type-graphql";
import { existingScope } from "../graph/analytics.js";
import { PageArgs, type Page } from "../graph/connection.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { ScopeArgs } from "../graph/scope.args.js";
import type { HubContext } from "../server/context.js";
import { BeneficiaryConnection } from "../people/index.js";
import * as services from "./services.service.js";
import { PairingSummary, VolunteerTeamSummary } from "./services.type.js";

@ArgsType()
class UnpairedBeneficiariesArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: "Code of the place the beneficiaries live in (at any depth). Required for a steward; an admin may leave it out for everywhere." })
  scope?: string | null;
}

/**
 * Services to residents (DOMAIN.md §6 question 7): volunteer teams and paired assistance by
 * organisation, and the beneficiaries left unpaired. One Cypher query per summary field.
 */
@Resolver()
export class ServicesResolver {
  @Query(() => VolunteerTeamSummary, { nullable: true,
    description: "Volunteer teams valid at a date whose organiser is built in a scope: per organising organisation and per focus, with team and member counts. A team with several focuses counts under each focus and once in every total.",
  })
  async volunteerTeamSummary(@Ctx() context: HubContext, @Args(() => ScopeArgs) args: ScopeArgs): Promise<object> {
    return services.volunteerTeamSummary(context, await existingScope(context, args));
  }

  @Query(() => PairingSummary, { nullable: true,
    description: "Pairings (結對幫扶) valid at a date whose beneficiary lives in a scope, per helper organisation and per kind. Counts only; pairings helped by members are counted together.",
  })
  async pairingSummary(@Ctx() context: HubContext, @Args(() => ScopeArgs) args: ScopeArgs): Promise<object> {
    return services.pairingSummary(context, await existingScope(context, args));
  }

  @Authorized("steward")
  @Query(() => BeneficiaryConnection, { nullable: true,
    description: "Beneficiaries living in a scope that no pairing helps at a date, ordered by code. Personal data: a steward with the scope inside its own, or an admin; FORBIDDEN otherwise.",
  })
  async unpairedBeneficiaries(@Ctx() context: HubContext, @Args(() => UnpairedBeneficiariesArgs) args: UnpairedBeneficiariesArgs): Promise<Page<EntityRecord>> {
    return services.unpairedBeneficiaries(context, await existingScope(context, args), args.first, args.after);
  }
}
