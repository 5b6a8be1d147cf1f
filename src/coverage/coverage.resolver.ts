import type { GraphQLResolveInfo } from "graphql";
import { Arg, Authorized, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from "type-graphql";
import type { Page } from "../graph/connection.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { LocalDate } from "../graph/scalars.js";
import { selectionOf } from "../graph/selection.js";
import type { HubContext } from "../server/context.js";
import { UnitConnection } from "../units/index.js";
import * as coverage from "./coverage.service.js";
import { CoverageComparison, CoverageGapConnection, CoverageReport, CoverageSeries, SeriesStepEnum } from "./coverage.type.js";
import type { SeriesStep } from "./series.js";

const firstArg = { nullable: true, description: "How many (default 20, at most 100)." } as const;
const afterArg = { nullable: true, description: "Cursor from a previous page." } as const;

/** Rates and counts are open to every role; lists that name places and organisations need analyst. */
@Resolver(() => CoverageReport)
export class CoverageResolver {
  @Query(() => CoverageReport, { nullable: true, description: "Territorial coverage of a place (its code) as of a date: totals, breakdown per child place, gaps." })
  coverage(
    @Ctx() context: HubContext,
    @Arg("place", () => String, { description: "Code of the place: subdistrict, community, compound…" }) place: string,
    @Arg("asOf", () => LocalDate, { nullable: true, description: "Date (default: today)." }) asOf: string | null | undefined,
    @Info() info: GraphQLResolveInfo,
  ): Promise<coverage.CoverageReportValue> {
    return coverage.coverageReport(context, place, asOf, selectionOf(info));
  }

  @Query(() => CoverageComparison, { nullable: true, description: "Coverage of a place at two dates side by side, with the changes (two statements)." })
  coverageComparison(
    @Ctx() context: HubContext,
    @Arg("place", () => String, { description: "Code of the place (it must exist at both dates)." }) place: string,
    @Arg("before", () => LocalDate, { description: "The first date." }) before: string,
    @Arg("after", () => LocalDate, { description: "The second date." }) after: string,
  ): Promise<object> {
    return coverage.coverageComparison(context, place, before, after);
  }

  @Query(() => CoverageSeries, {
    nullable: true,
    description: "Coverage totals of a place at every step from `from` to `to` (at most 1 000 points), in one request: the same figures as coverage(place, asOf).totals at each date.",
  })
  coverageSeries(
    @Ctx() context: HubContext,
    @Arg("place", () => String, { description: "Code of the place: subdistrict, community, compound…" }) place: string,
    @Arg("from", () => LocalDate, { description: "The first date." }) from: string,
    @Arg("to", () => LocalDate, { description: "The last date a point may have." }) to: string,
    @Arg("every", () => SeriesStepEnum, { nullable: true, description: "The step between points (default MONTH)." }) every?: SeriesStep | null,
  ): Promise<coverage.CoverageSeriesValue> {
    return coverage.coverageSeries(context, place, from, to, every ?? "MONTH");
  }

  @Authorized("analyst")
  @FieldResolver(() => CoverageGapConnection, { nullable: true, description: "Compounds in the place without a branch, by code, each with who should close the gap." })
  compoundsWithoutBranch(
    @Root() report: coverage.CoverageReportValue,
    @Ctx() context: HubContext,
    @Arg("first", () => Int, firstArg) first: number | null | undefined,
    @Arg("after", () => String, afterArg) after: string | null | undefined,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<coverage.GapValue>> {
    return coverage.gaps(context, "COMPOUND", report.place.code, report.asOf, first, after, selectionOf(info));
  }

  @Authorized("analyst")
  @FieldResolver(() => CoverageGapConnection, { nullable: true, description: "Buildings in the place without a group, by code, each with who should close the gap." })
  buildingsWithoutGroup(
    @Root() report: coverage.CoverageReportValue,
    @Ctx() context: HubContext,
    @Arg("first", () => Int, firstArg) first: number | null | undefined,
    @Arg("after", () => String, afterArg) after: string | null | undefined,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<coverage.GapValue>> {
    return coverage.gaps(context, "BUILDING", report.place.code, report.asOf, first, after, selectionOf(info));
  }

  @Authorized("analyst")
  @FieldResolver(() => UnitConnection, { nullable: true, description: "New economic and social organisations in the place with 3 or more formal members and no organisation of their own." })
  unitsWithoutOwnOrganisation(
    @Root() report: coverage.CoverageReportValue,
    @Ctx() context: HubContext,
    @Arg("first", () => Int, firstArg) first?: number | null,
    @Arg("after", () => String, afterArg) after?: string | null,
  ): Promise<Page<EntityRecord>> {
    return coverage.unitsWithoutOwnOrganisation(context, report.place.code, report.asOf, first, after);
  }
}

