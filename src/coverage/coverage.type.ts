import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionType } from "../graph/connection.js";
import { UnitKindEnum } from "../graph/enums.js";
import { LocalDate, NonNegativeInt } from "../graph/scalars.js";
import type { UnitKind } from "../graph/vocabulary.js";
import { Organisation } from "../organisations/organisation.type.js";
import { Place } from "../places/place.type.js";
import { SERIES_STEPS, type SeriesStep } from "./series.js";

@ObjectType({ description: "A coverage figure: how many of how many, and the rate." })
export class Rate {
  @Field(() => NonNegativeInt, { description: "Numerator: how many are covered." })
  covered!: number;

  @Field(() => NonNegativeInt, { description: "Denominator: how many there are." })
  total!: number;

  @Field(() => Float, { nullable: true, description: "covered / total, between 0 and 1; null when total is 0." })
  rate!: number | null;
}

@ObjectType({ description: "Territorial coverage of one place (and everything inside it) at one date." })
export class CoverageFigures {
  @Field(() => Place, { description: "The place the figures are for." })
  place!: Place;

  @Field(() => Rate, { description: "Residential compounds with a branch (黨支部建在小區): built at the compound or at a courtyard or building inside it." })
  compoundsWithBranch!: Rate;

  @Field(() => Rate, { description: "Buildings with a group (黨小組建在樓幢)." })
  buildingsWithGroup!: Rate;

  @Field(() => Rate, { description: "Community-level places (communities; before a merger also village committees and the old town) with a territorial general branch or community committee." })
  communitiesWithOrganisation!: Rate;
}

@ObjectType({ description: "A place without the organisation it should have, and who should close the gap." })
export class CoverageGap {
  @Field(() => Place, { description: "The compound without a branch, or the building without a group." })
  place!: Place;

  @Field(() => Place, { nullable: true, description: "The place it is part of on the date." })
  parent!: Place | null;

  @Field(() => Organisation, { nullable: true, description: "The nearest territorial organisation up the place chain: a building's branch, a compound's general branch…" })
  responsible!: Organisation | null;
}

export const CoverageGapConnection = connectionType(CoverageGap, "CoverageGap", "coverage gap");

@ObjectType({ description: "Coverage of one kind of new organisation." })
export class NewOrganisationKindCoverage {
  @Field(() => UnitKindEnum, { description: "New economic or new social organisations." })
  kind!: UnitKind;

  @Field(() => NonNegativeInt, { description: "Operating units of this kind in the scope on the date." })
  units!: number;

  @Field(() => Rate, { description: "Organisational coverage: covered by their own, a joint or a regional organisation." })
  organisational!: Rate;

  @Field(() => Rate, { description: "Covered by an organisation of their own." })
  own!: Rate;

  @Field(() => Rate, { description: "Work coverage: organisationally covered, or reached by a party-building instructor or liaison." })
  work!: Rate;
}

@ObjectType({ description: "Coverage of new economic and new social organisations (兩新組織) in a scope at a date." })
export class NewOrganisationCoverage {
  @Field(() => NonNegativeInt, { description: "Operating new economic and social organisations in the scope." })
  units!: number;

  @Field(() => Rate, { description: "Organisational coverage rate (own + joint + regional)." })
  organisational!: Rate;

  @Field(() => Rate, { description: "Own-organisation rate." })
  own!: Rate;

  @Field(() => Rate, { description: "Work coverage rate (an organisation, or an instructor or liaison)." })
  work!: Rate;

  @Field(() => [NewOrganisationKindCoverage], { description: "The same figures per kind." })
  byKind!: NewOrganisationKindCoverage[];
}

@ObjectType({ description: "Coverage of a scope at a date: totals, the breakdown by child place, and the gaps." })
export class CoverageReport {
  @Field(() => Place, { description: "The scope (subdistrict, community, compound…)." })
  scope!: Place;

  @Field(() => LocalDate, { description: "The date the figures are for." })
  asOf!: string;

  @Field(() => CoverageFigures, { description: "Figures for the whole scope (the scope itself included)." })
  totals!: CoverageFigures;

  @Field(() => [CoverageFigures], { description: "Figures per direct child of the scope (per community of a subdistrict, per compound of a community), ordered by code." })
  breakdown!: CoverageFigures[];

  @Field(() => NewOrganisationCoverage, { description: "New economic and social organisations located in the scope." })
  newOrganisations!: NewOrganisationCoverage;
}

@ObjectType({ description: "How a rate moved between two dates." })
export class RateChange {
  @Field(() => Rate, { description: "At the first date." })
  before!: Rate;

  @Field(() => Rate, { description: "At the second date." })
  after!: Rate;

  @Field(() => Int, { description: "Change of the numerator." })
  coveredChange!: number;

  @Field(() => Int, { description: "Change of the denominator." })
  totalChange!: number;

  @Field(() => Float, { nullable: true, description: "Change of the rate (after − before); null if either is undefined." })
  rateChange!: number | null;
}

@ObjectType({ description: "Coverage of a scope at two dates side by side (for example before and after a merger)." })
export class CoverageComparison {
  @Field(() => CoverageReport, { description: "The report at the first date." })
  before!: CoverageReport;

  @Field(() => CoverageReport, { description: "The report at the second date." })
  after!: CoverageReport;

  @Field(() => RateChange, { description: "Compounds with a branch." })
  compoundsWithBranch!: RateChange;

  @Field(() => RateChange, { description: "Buildings with a group." })
  buildingsWithGroup!: RateChange;

  @Field(() => RateChange, { description: "Community-level places with a general branch or committee." })
  communitiesWithOrganisation!: RateChange;
}

export const SeriesStepEnum = Object.fromEntries(SERIES_STEPS.map((step) => [step, step])) as { [K in SeriesStep]: K };
registerEnumType(SeriesStepEnum, {
  name: "SeriesStep",
  description: "The step between two points of a coverage series.",
  valuesConfig: {
    DAY: { description: "Every day." },
    WEEK: { description: "Every 7 days." },
    MONTH: { description: "The same day of every month (the month's last day where it has no such day)." },
    QUARTER: { description: "Every 3 months, on the same day." },
    YEAR: { description: "Every year, on the same day." },
  },
});

@ObjectType({ description: "The totals of a scope at one date of a series." })
export class CoverageSeriesPoint {
  @Field(() => LocalDate, { description: "The date of the point." })
  asOf!: string;

  @Field(() => Boolean, { description: "Whether the scope exists (is valid) on that date; when not, every figure is 0 of 0." })
  exists!: boolean;

  @Field(() => Rate, { description: "Residential compounds with a branch, as in CoverageReport.totals." })
  compoundsWithBranch!: Rate;

  @Field(() => Rate, { description: "Buildings with a group, as in CoverageReport.totals." })
  buildingsWithGroup!: Rate;

  @Field(() => Rate, { description: "Community-level places with a territorial general branch or community committee, as in CoverageReport.totals." })
  communitiesWithOrganisation!: Rate;
}

@ObjectType({ description: "Coverage totals of one scope at many dates (for example monthly over ten years), from one request." })
export class CoverageSeries {
  @Field(() => String, { description: "Code of the scope place." })
  scope!: string;

  @Field(() => SeriesStepEnum, { description: "The step between two points." })
  every!: SeriesStep;

  @Field(() => [CoverageSeriesPoint], { description: "One point per date, from `from` onwards while on or before `to`, in date order." })
  points!: CoverageSeriesPoint[];
}
