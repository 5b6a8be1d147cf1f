import { Authorized, Field, ObjectType, registerEnumType } from "type-graphql";
import { ChangeEventKindEnum } from "../graph/enums.js";
import { LocalDate, NonNegativeInt } from "../graph/scalars.js";
import type { ChangeEventKind } from "../graph/vocabulary.js";
import { Organisation } from "../organisations/organisation.type.js";
import { Place } from "../places/place.type.js";

/** Why an organisation's place is not inside its territorial leader's places. */
export const MisalignmentReasonEnum = {
  PLACE_MOVED_AT_EVENT: "PLACE_MOVED_AT_EVENT",
  PLACE_MOVED: "PLACE_MOVED",
  LEADER_ELSEWHERE: "LEADER_ELSEWHERE",
} as const;
export type MisalignmentReason = keyof typeof MisalignmentReasonEnum;

registerEnumType(MisalignmentReasonEnum, {
  name: "MisalignmentReason",
  description: "Why an organisation's place lies outside its territorial leader's places.",
  valuesConfig: {
    PLACE_MOVED_AT_EVENT: {
      description: "The place (or a place containing it) moved to another parent at a recorded change event (a merger, a transfer…) while the leader stayed: a group or branch whose place left the community at a merger.",
    },
    PLACE_MOVED: { description: "The place (or a place containing it) moved to another parent while the leader stayed; no change event is recorded for that day." },
    LEADER_ELSEWHERE: { description: "No move explains it: the leader was set to lead across places." },
  },
});

/** The structural rules the breach report checks (src/graph/rules.ts). */
export const NetworkRuleEnum = {
  BRANCH_COMMITTEE: "BRANCH_COMMITTEE",
  JOINT_BRANCH_SIZE: "JOINT_BRANCH_SIZE",
  GROUP_PLACE: "GROUP_PLACE",
  GROUP_LEADER: "GROUP_LEADER",
} as const;
export type NetworkRule = keyof typeof NetworkRuleEnum;

registerEnumType(NetworkRuleEnum, {
  name: "NetworkRule",
  description: "A structural rule of the party-organisation network that data can break.",
  valuesConfig: {
    BRANCH_COMMITTEE: { description: "A branch with 7 or more formal members elects a branch committee. Measured: formal members; threshold: 7." },
    JOINT_BRANCH_SIZE: { description: "A joint branch (聯合支部) covers at most 5 units. Measured: units covered at the date; threshold: 5." },
    GROUP_PLACE: { description: "A group is built at a building or a courtyard. Measured: buildings and courtyards it is built at (0); threshold: 1." },
    GROUP_LEADER: { description: "A group is led by a branch on the territorial line. Measured: branches leading it (0); threshold: 1." },
  },
});

@ObjectType({ description: "An organisation under dual leadership (雙重領導) at the date: a territorial and an own-system leader at once." })
export class DualLeadership {
  @Field(() => Organisation, { description: "The organisation led on two lines." })
  organisation!: Organisation;

  @Field(() => Organisation, { description: "Its leader on the territorial line (community or subdistrict)." })
  territorialLeader!: Organisation;

  @Field(() => LocalDate, { description: "Since when the territorial leader leads it." })
  territorialSince!: string;

  @Field(() => Organisation, { description: "Its leader in its own system (police bureau, tax bureau…)." })
  ownSystemLeader!: Organisation;

  @Field(() => LocalDate, { description: "Since when the own-system leader leads it." })
  ownSystemSince!: string;
}

@ObjectType({ description: "Organisations under dual leadership within a place at a date." })
export class DualLeadershipReport {
  @Field(() => LocalDate, { description: "The date the network was seen at." })
  asOf!: string;

  @Field(() => String, { nullable: true, description: "The place asked for (`within`); null for everywhere." })
  within!: string | null;

  @Field(() => NonNegativeInt, { description: "How many organisations are under dual leadership (open to viewers)." })
  count!: number;

  @Authorized("analyst")
  @Field(() => [DualLeadership], { nullable: true, description: "The organisations with both leaders, ordered by code (analyst or higher)." })
  items!: DualLeadership[];
}

@ObjectType({ description: "An organisation built at a place that is not inside any place of its territorial leader (LEADER_PLACE_MISMATCH)." })
export class LeaderPlaceMismatch {
  @Field(() => Organisation, { description: "The misaligned organisation." })
  organisation!: Organisation;

  @Field(() => Place, { description: "The place it is built at that lies outside its leader's places." })
  place!: Place;

  @Field(() => Organisation, { description: "Its territorial leader at the date." })
  leader!: Organisation;

  @Field(() => [Place], { description: "The places the leader is built at on the date." })
  leaderPlaces!: Place[];

  @Field(() => MisalignmentReasonEnum, { description: "Why: a move at a change event (merger), a move without one, or a leader set elsewhere." })
  reason!: MisalignmentReason;

  @Field(() => String, { description: "The reason in plain words." })
  explanation!: string;

  @Field(() => Place, { nullable: true, description: "The place that moved: the organisation's place or one containing it (null when nothing moved)." })
  movedPlace!: Place | null;

  @Field(() => Place, { nullable: true, description: "The parent it left, seen on its last day there." })
  formerParent!: Place | null;

  @Field(() => LocalDate, { nullable: true, description: "The day it moved (the first day under its new parent)." })
  movedOn!: string | null;

  @Field(() => String, { nullable: true, description: "Code of the change event of that day, when one is recorded." })
  eventCode!: string | null;

  @Field(() => ChangeEventKindEnum, { nullable: true, description: "Kind of that change event (MERGER, TRANSFER…)." })
  eventKind!: ChangeEventKind | null;
}

@ObjectType({ description: "Organisations whose place is not inside their territorial leader's place, within a place at a date." })
export class MisalignedLeadershipReport {
  @Field(() => LocalDate, { description: "The date the network was seen at." })
  asOf!: string;

  @Field(() => String, { nullable: true, description: "The place asked for (`within`); null for everywhere." })
  within!: string | null;

  @Field(() => NonNegativeInt, { description: "How many (organisation, place) pairs are misaligned (open to viewers)." })
  count!: number;

  @Field(() => NonNegativeInt, { description: "How many of them come from a place that moved at a change event such as a merger (open to viewers)." })
  movedAtEvent!: number;

  @Authorized("analyst")
  @Field(() => [LeaderPlaceMismatch], { nullable: true, description: "The misaligned organisations, ordered by code and place (analyst or higher)." })
  items!: LeaderPlaceMismatch[];
}

@ObjectType({ description: "One organisation breaking one structural rule at the date." })
export class RuleBreach {
  @Field(() => Organisation, { description: "The organisation." })
  organisation!: Organisation;

  @Field(() => NetworkRuleEnum, { description: "The rule it breaks." })
  rule!: NetworkRule;

  @Field(() => NonNegativeInt, { description: "The measured value (see the rule: formal members, units covered, places or leaders of the right kind)." })
  measured!: number;

  @Field(() => NonNegativeInt, { description: "The rule's threshold (see the rule)." })
  threshold!: number;

  @Field(() => String, { description: "The breach in plain words." })
  explanation!: string;
}

@ObjectType({ description: "How many breaches of one rule." })
export class RuleBreachCount {
  @Field(() => NetworkRuleEnum, { description: "The rule." })
  rule!: NetworkRule;

  @Field(() => NonNegativeInt, { description: "Organisations breaking it." })
  count!: number;
}

@ObjectType({ description: "Breaches of the network's structural rules within a place at a date." })
export class RuleBreachReport {
  @Field(() => LocalDate, { description: "The date the network was seen at." })
  asOf!: string;

  @Field(() => String, { nullable: true, description: "The place asked for (`within`); null for everywhere." })
  within!: string | null;

  @Field(() => NonNegativeInt, { description: "How many breaches in all (open to viewers)." })
  count!: number;

  @Field(() => [RuleBreachCount], { description: "Breaches per rule, every rule listed (open to viewers)." })
  byRule!: RuleBreachCount[];

  @Authorized("analyst")
  @Field(() => [RuleBreach], { nullable: true, description: "The breaches, ordered by rule and organisation code (analyst or higher)." })
  items!: RuleBreach[];
}

@ObjectType({ description: "A record of the graph that the writes would refuse today: a link whose start is its end, a link or name dated outside its entity's life, a record left without its place or organisation, two parents (homes, locations, memberships) at once." })
export class BrokenRecord {
  @Field(() => String, { description: "ZERO_LENGTH_LINK, LINK_OUTSIDE_LIFE, CHANGE_AFTER_END, ORPHAN, or the id of a rule of the registry reported here: SINGLE_PARENT, SINGLE_LOCATION, SINGLE_LEADER_PER_LINE, SINGLE_RESIDENCE, SINGLE_MEMBERSHIP, PLACE_CYCLE, LEADERSHIP_CYCLE, PLACE_NESTING, ORGANISATION_PLACE, LEADER_KIND, COUNCIL_CONVENER, COUNCIL_PLACE, AGREEMENT_COMMUNITY, MEMBER_RESIDENCE, REGISTRATION_PLACE, BENEFICIARY_PLACE, EVENT_SHAPE, REGISTRATION_IN_SERVICE (docs/MODEL.md, rule registry)." })
  problem!: string;

  @Field(() => String, { description: "Code of the record." })
  code!: string;

  @Field(() => String, { description: "Its kind of record (Place, Member…)." })
  label!: string;

  @Field(() => String, { description: "What is wrong, with the codes and dates involved." })
  detail!: string;
}
