import { ArgsType, Field, InputType, Int, registerEnumType } from "type-graphql";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../graph/connection.js";
import { ChangeEventKindEnum, OrganisationFormEnum, OrganisationKindEnum, PlaceKindEnum } from "../graph/enums.js";
import { ExpectedVersionInput } from "../graph/entity.input.js";
import { LocalDate, NonNegativeInt } from "../graph/scalars.js";
import type { ChangeEventKind, OrganisationForm, OrganisationKind, PlaceKind } from "../graph/vocabulary.js";
import { LeaderInput } from "../organisations/organisation.input.js";

@ArgsType()
export class ChangeEventsArgs {
  @Field(() => Int, { nullable: true, description: `How many events (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Return events after this cursor (an endCursor from a previous page)." })
  after?: string | null;

  @Field(() => [ChangeEventKindEnum], { nullable: true, description: "Only events of these kinds." })
  kinds?: ChangeEventKind[] | null;

  @Field(() => String, { nullable: true, description: "Only events in which the entity with this code is an original or a result." })
  entity?: string | null;

  @Field(() => LocalDate, { nullable: true, description: "Only events dated on or after this day." })
  from?: string | null;

  @Field(() => LocalDate, { nullable: true, description: "Only events dated before this day." })
  to?: string | null;
}

/** Fields every change event input has; type-graphql inherits only from decorated classes (this one is never emitted on its own). */
@InputType("ChangeEventFields", { description: "The identity, date and source of a change event." })
export class ChangeEventFields {
  @Field(() => String, { description: "Unique code of the event (A–Z, 0–9, -, _), e.g. EV-2020-MERGER-C1." })
  code!: string;

  @Field(() => String, { nullable: true, description: "A name for the event (default: its code)." })
  name?: string | null;

  @Field(() => LocalDate, { description: "The day the change takes effect: originals end on it (their last day is the day before), results start on it." })
  date!: string;

  @Field(() => String, { nullable: true, description: "The document recording the change (decision, report), for citation." })
  source?: string | null;

  @Field(() => String, { nullable: true, description: "Free notes." })
  note?: string | null;
}

@InputType({ description: "A place created by a merger or split, starting on the event's date." })
export class NewPlaceResultInput {
  @Field(() => String, { description: "Unique code." })
  code!: string;

  @Field(() => String, { description: "Name." })
  name!: string;

  @Field(() => PlaceKindEnum, { description: "Kind; at the originals' level (a community may result from village committees and the old town district)." })
  kind!: PlaceKind;

  @Field(() => String, { nullable: true, description: "Code of its parent place from the event's date (required for every kind but a district)." })
  parent?: string | null;
}

@InputType({ description: "An organisation created by a merger or split, starting on the event's date." })
export class NewOrganisationResultInput {
  @Field(() => String, { description: "Unique code." })
  code!: string;

  @Field(() => String, { description: "Name." })
  name!: string;

  @Field(() => OrganisationKindEnum, { description: "Level; at the originals' level (a general branch may result from village branches)." })
  kind!: OrganisationKind;

  @Field(() => OrganisationFormEnum, { defaultValue: "TERRITORIAL", description: "Form (territorial unless said otherwise)." })
  form!: OrganisationForm;

  @Field(() => [String], { defaultValue: [], description: "Codes of the places it is built at, from the event's date." })
  builtAt!: string[];

  @Field(() => [LeaderInput], { defaultValue: [], description: "Its leaders, at most one per line." })
  leaders!: LeaderInput[];

  @Field(() => NonNegativeInt, { nullable: true, description: "Formal members (default 0)." })
  formalMembers?: number | null;

  @Field(() => NonNegativeInt, { nullable: true, description: "Probationary members (default 0)." })
  probationaryMembers?: number | null;

  @Field(() => Boolean, { nullable: true, description: "Whether it has elected a committee (default false)." })
  committeeElected?: boolean | null;
}

@InputType({ description: "A result of a merger or split: exactly one of an existing entity, a new place or a new organisation." })
export class ChangeResultInput {
  @Field(() => String, {
    nullable: true,
    description: "Code of an existing entity: one that starts on the event's date, or one of the originals, which then continues (an absorbing merger, a hive-off split).",
  })
  existing?: string | null;

  @Field(() => NewPlaceResultInput, { nullable: true, description: "A new place to create." })
  place?: NewPlaceResultInput | null;

  @Field(() => NewOrganisationResultInput, { nullable: true, description: "A new organisation to create." })
  organisation?: NewOrganisationResultInput | null;
}

@InputType({ description: "Where one dependant of an original goes: a child place, a subordinate organisation, a member, a unit, a pairing…" })
export class ReassignInput {
  @Field(() => String, { description: "Code of the dependant: an entity linked to an original on the event's date (its child, subordinate, member, located unit…)." })
  child!: string;

  @Field(() => String, { description: "Code of its new parent (the same label as the original: a place for a place, an organisation for an organisation)." })
  parent!: string;
}

export const OrganisationFateEnum = { REBUILD: "REBUILD", DISSOLVE: "DISSOLVE" } as const;
export type OrganisationFate = keyof typeof OrganisationFateEnum;

registerEnumType(OrganisationFateEnum, {
  name: "OrganisationFate",
  description: "What becomes of an organisation built at a place that a merger or split ends.",
  valuesConfig: {
    REBUILD: { description: "It is built at another place from the event's date (`place`; by default the merger's result)." },
    DISSOLVE: { description: "It ends on the event's date; refused while it still leads organisations, has members or helps in pairings." },
  },
});

@InputType({ description: "The explicit fate of an organisation built at an original place: organisations are never moved silently." })
export class OrganisationFateInput {
  @Field(() => String, { description: "Code of the organisation built at an original." })
  organisation!: string;

  @Field(() => OrganisationFateEnum, { description: "Rebuild it elsewhere, or dissolve it." })
  action!: OrganisationFate;

  @Field(() => String, { nullable: true, description: "REBUILD only: the place to build it at (default: the merger's result, or the split's default result)." })
  place?: string | null;
}

@InputType({ description: "A merger: several originals become one result on `date`, in one transaction." })
export class MergerInput extends ChangeEventFields {
  @Field(() => [String], { description: "Codes of the originals (two or more places, or two or more organisations, of one level)." })
  originals!: string[];

  @Field(() => ChangeResultInput, { description: "The result." })
  result!: ChangeResultInput;

  @Field(() => [ReassignInput], { defaultValue: [], description: "Dependants that go elsewhere than the result; every other dependant goes to the result." })
  reassign!: ReassignInput[];

  @Field(() => [OrganisationFateInput], {
    defaultValue: [],
    description: "For a merger of places: one entry for every organisation built at an original on `date` (RULE_VIOLATION MERGER_UNRESOLVED_ORGANISATIONS otherwise).",
  })
  organisations!: OrganisationFateInput[];

  @Field(() => [ExpectedVersionInput], { defaultValue: [], description: "The versions you read of any of the originals (CONFLICT if one changed since); originals left out are not checked." })
  expectedVersions!: ExpectedVersionInput[];
}

@InputType({ description: "A one-to-one succession (撤村建居): the original ends on `date` and one other entity takes its place from `date`, in one transaction." })
export class SuccessionInput extends ChangeEventFields {
  @Field(() => String, { description: "Code of the original place or organisation (a village committee, its party organisation…)." })
  original!: string;

  @Field(() => ChangeResultInput, { description: "The successor: a new place or organisation, or an existing one that starts on `date` (never the original)." })
  result!: ChangeResultInput;

  @Field(() => [ReassignInput], { defaultValue: [], description: "Dependants that go elsewhere than the successor; every other dependant (its compounds, subordinates, members…) goes to the successor." })
  reassign!: ReassignInput[];

  @Field(() => [OrganisationFateInput], {
    defaultValue: [],
    description: "For a succession of places: one entry for every organisation built at the original on `date` (RULE_VIOLATION MERGER_UNRESOLVED_ORGANISATIONS otherwise).",
  })
  organisations!: OrganisationFateInput[];

  @Field(() => Int, { nullable: true, description: "The version you read of the original; CONFLICT if it changed since (leave it out to skip the check)." })
  expectedVersion?: number | null;
}

@InputType({ description: "An absorption: the survivor takes in the absorbed on `date` and keeps its code and history; the absorbed end, in one transaction." })
export class AbsorptionInput extends ChangeEventFields {
  @Field(() => String, { description: "Code of the surviving place or organisation; it exists before and after `date`." })
  survivor!: string;

  @Field(() => [String], { description: "Codes of the absorbed (one or more, of the survivor's level); they end on `date`." })
  absorbed!: string[];

  @Field(() => [ReassignInput], { defaultValue: [], description: "Dependants that go elsewhere than the survivor; every other dependant of the absorbed goes to the survivor." })
  reassign!: ReassignInput[];

  @Field(() => [OrganisationFateInput], {
    defaultValue: [],
    description: "For an absorption of places: one entry for every organisation built at an absorbed place on `date` (RULE_VIOLATION MERGER_UNRESOLVED_ORGANISATIONS otherwise).",
  })
  organisations!: OrganisationFateInput[];

  @Field(() => [ExpectedVersionInput], { defaultValue: [], description: "The versions you read of the survivor or any of the absorbed (CONFLICT if one changed since); those left out are not checked." })
  expectedVersions!: ExpectedVersionInput[];
}

@InputType({ description: "A split: one original becomes several results on `date`, in one transaction." })
export class SplitInput extends ChangeEventFields {
  @Field(() => String, { description: "Code of the original place or organisation." })
  original!: string;

  @Field(() => [ChangeResultInput], { description: "The results (two or more); the original itself may be one (it continues)." })
  results!: ChangeResultInput[];

  @Field(() => [ReassignInput], { defaultValue: [], description: "Where each dependant of the original goes." })
  reassign!: ReassignInput[];

  @Field(() => String, {
    nullable: true,
    description: "Code of the result that takes every dependant not in `reassign` (default: the original when it continues; otherwise each dependant must be reassigned).",
  })
  defaultResult?: string | null;

  @Field(() => [OrganisationFateInput], { defaultValue: [], description: "For a split of a place: one entry for every organisation built at it on `date`." })
  organisations!: OrganisationFateInput[];

  @Field(() => Int, { nullable: true, description: "The version you read of the original; CONFLICT if it changed since (leave it out to skip the check)." })
  expectedVersion?: number | null;
}

@InputType({ description: "Records the lineage of a change already made by other mutations (rename, move, founding, dissolution…); checks the graph agrees." })
export class RecordChangeEventInput extends ChangeEventFields {
  @Field(() => ChangeEventKindEnum, { description: "Kind of change." })
  kind!: ChangeEventKind;

  @Field(() => [String], { defaultValue: [], description: "Codes of the entities before the change." })
  originals!: string[];

  @Field(() => [String], { defaultValue: [], description: "Codes of the entities after the change (for a rename or transfer: the same entity as the original)." })
  results!: string[];
}
