import { Authorized, Field, ObjectType } from "type-graphql";
import { BeneficiaryKindEnum, VolunteerFocusEnum } from "../graph/enums.js";
import { LocalDate, NonNegativeInt } from "../graph/scalars.js";
import type { BeneficiaryKind, VolunteerFocus } from "../graph/vocabulary.js";
import { Organisation } from "../organisations/organisation.type.js";

@ObjectType({ description: "Volunteer teams with one focus: a team with several focuses counts under each of them." })
export class FocusTally {
  @Field(() => VolunteerFocusEnum, { description: "The focus (助困、助學、助老、助就業)." })
  focus!: VolunteerFocus;

  @Field(() => NonNegativeInt, { description: "Teams with this focus." })
  teams!: number;

  @Field(() => NonNegativeInt, { description: "Members of those teams." })
  members!: number;
}

@ObjectType({ description: "Volunteer teams organised by one organisation." })
export class OrganisationTeams {
  @Field(() => Organisation, { description: "The organising organisation." })
  organisation!: Organisation;

  @Field(() => NonNegativeInt, { description: "Teams it organises (each counted once, whatever its focuses)." })
  teams!: number;

  @Field(() => NonNegativeInt, { description: "Members of those teams." })
  members!: number;

  @Field(() => [FocusTally], { description: "Per focus, every focus listed; a team with several focuses counts under each, so these may add up to more than `teams`." })
  byFocus!: FocusTally[];
}

@ObjectType({
  description:
    "Volunteer service teams (志願服務隊) valid at a date, organised by organisations in a scope. A team with several focuses counts under each focus and once in every total.",
})
export class VolunteerTeamSummary {
  @Field(() => LocalDate, { description: "The date the teams were counted at." })
  asOf!: string;

  @Field(() => String, { nullable: true, description: "The scope place code (teams whose organiser is built in it); null for everywhere." })
  scope!: string | null;

  @Field(() => NonNegativeInt, { description: "Teams, each counted once (open to viewers)." })
  teams!: number;

  @Field(() => NonNegativeInt, { description: "Members of all teams (sum of team sizes) (open to viewers)." })
  members!: number;

  @Field(() => [FocusTally], { description: "Teams and members per focus, every focus listed; may add up to more than `teams` (open to viewers)." })
  byFocus!: FocusTally[];

  @Authorized("analyst")
  @Field(() => [OrganisationTeams], { nullable: true, description: "Per organising organisation, ordered by code (analyst or higher)." })
  byOrganisation!: OrganisationTeams[];
}

/** How every suppressed count is described (docs/DISCLOSURE.md). */
const SUPPRESSED =
  "True when `pairings` is withheld (null) by disclosure control: a count below HUB_DISCLOSURE_THRESHOLD (default 5), or one that would let it be computed back, for a caller who may not see the pairings themselves (docs/DISCLOSURE.md).";

@ObjectType({ description: "Pairings of one kind." })
export class KindTally {
  @Field(() => BeneficiaryKindEnum, { description: "The kind of pairing: household, student, young person." })
  kind!: BeneficiaryKind;

  @Field(() => NonNegativeInt, { nullable: true, description: "Pairings of this kind valid at the date; null when suppressed." })
  pairings!: number | null;

  @Field(() => Boolean, { description: SUPPRESSED })
  suppressed!: boolean;
}

@ObjectType({ description: "Pairings helped by one organisation, or by party members as a whole." })
export class HelperPairings {
  @Field(() => Organisation, { nullable: true, description: "The helping organisation; null for the line that counts all pairings helped by individual members (never named)." })
  organisation!: Organisation | null;

  @Field(() => NonNegativeInt, { nullable: true, description: "Pairings valid at the date; null when suppressed." })
  pairings!: number | null;

  @Field(() => Boolean, { description: SUPPRESSED })
  suppressed!: boolean;

  @Field(() => [KindTally], { description: "Per kind, every kind listed." })
  byKind!: KindTally[];
}

@ObjectType({ description: "Paired assistance (結對幫扶) at a date in a scope: counts only, no personal data." })
export class PairingSummary {
  @Field(() => LocalDate, { description: "The date the pairings were counted at." })
  asOf!: string;

  @Field(() => String, { nullable: true, description: "The scope place code (pairings whose beneficiary lives in it); null for everywhere." })
  scope!: string | null;

  @Field(() => NonNegativeInt, { nullable: true, description: "Pairings valid at the date (open to viewers); null when suppressed." })
  pairings!: number | null;

  @Field(() => Boolean, { description: SUPPRESSED })
  suppressed!: boolean;

  @Field(() => [KindTally], { description: "Pairings per kind, every kind listed (open to viewers)." })
  byKind!: KindTally[];

  @Authorized("analyst")
  @Field(() => [HelperPairings], { nullable: true, description: "Per helper organisation by code, then one line for member helpers (analyst or higher)." })
  byHelper!: HelperPairings[];
}
