import type { GraphQLResolveInfo } from "graphql";
import { Arg, Authorized, Ctx, Info, Int, Query, Resolver } from "type-graphql";
import { selectionOf } from "../graph/selection.js";
import { LocalDate } from "../graph/scalars.js";
import type { HubContext } from "../server/context.js";
import * as linkage from "./linkage.service.js";
import { CouncilComposition, EntityPath, UnitCommunityLink } from "./linkage.type.js";

const asOfArg = { nullable: true, description: "The date the network is seen at (default: today)." } as const;

/**
 * How units and communities are linked (DOMAIN.md §6 question 5), council composition, and the
 * shortest connection between two entities. Each field is one Cypher query.
 */
@Resolver()
export class LinkageResolver {
  @Authorized("analyst")
  @Query(() => [UnitCommunityLink], { nullable: true,
    description: "Every way a unit is linked to communities at a date: council seats, co-building agreements, registered members (counted), pairings (counted), volunteer teams. NOT_FOUND if the unit does not exist then.",
  })
  unitLinks(
    @Ctx() context: HubContext,
    @Arg("unit", () => String, { description: "Code of the unit." }) unit: string,
    @Arg("asOf", () => LocalDate, asOfArg) asOf: string | null | undefined,
    @Info() info: GraphQLResolveInfo,
  ): Promise<object[]> {
    return linkage.links(context, "unit", unit, asOf, selectionOf(info));
  }

  @Authorized("analyst")
  @Query(() => [UnitCommunityLink], { nullable: true,
    description: "Every way units are linked to a community at a date (the same links as unitLinks, seen from the community; pairings and teams of places inside it). NOT_FOUND if the place does not exist then.",
  })
  communityLinks(
    @Ctx() context: HubContext,
    @Arg("community", () => String, { description: "Code of the community (or any place: links of everything inside it)." }) community: string,
    @Arg("asOf", () => LocalDate, asOfArg) asOf: string | null | undefined,
    @Info() info: GraphQLResolveInfo,
  ): Promise<object[]> {
    return linkage.links(context, "community", community, asOf, selectionOf(info));
  }

  @Query(() => CouncilComposition, { nullable: true,
    description: "A coordination council's seats at a date, with the share held by resident units and the share of part-time seats. Totals are open to viewers; the seat list needs an analyst.",
  })
  councilComposition(
    @Ctx() context: HubContext,
    @Arg("council", () => String, { description: "Code of the council." }) council: string,
    @Arg("asOf", () => LocalDate, asOfArg) asOf?: string | null,
  ): Promise<object> {
    return linkage.councilComposition(context, council, asOf);
  }

  @Authorized("analyst")
  @Query(() => EntityPath, {
    nullable: true,
    description: "The shortest connection between two entities over relations valid at a date, in either direction; null if none within maxHops. Members and beneficiaries stay off the path unless the caller is a steward or admin.",
  })
  shortestConnection(
    @Ctx() context: HubContext,
    @Arg("from", () => String, { description: "Code of the first entity." }) from: string,
    @Arg("to", () => String, { description: "Code of the second entity." }) to: string,
    @Arg("maxHops", () => Int, { nullable: true, description: `Longest path considered, in relations (default ${linkage.DEFAULT_MAX_HOPS}, at most ${linkage.MAX_HOPS}).` }) maxHops?: number | null,
    @Arg("asOf", () => LocalDate, asOfArg) asOf?: string | null,
  ): Promise<object | null> {
    return linkage.shortestConnection(context, from, to, maxHops, asOf);
  }
}
