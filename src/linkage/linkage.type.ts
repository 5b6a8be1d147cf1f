import { Authorized, Field, Float, ObjectType, registerEnumType } from "type-graphql";
import { Council } from "../community/council.type.js";
import { Entity } from "../graph/entity.type.js";
import { EntityLabelEnum, UnitKindEnum } from "../graph/enums.js";
import { LocalDate, NonNegativeInt } from "../graph/scalars.js";
import type { EntityLabel, UnitKind } from "../graph/vocabulary.js";
import { Organisation } from "../organisations/organisation.type.js";
import { Place } from "../places/place.type.js";
import { Unit } from "../units/unit.type.js";

/** The ways a unit and a community are linked (DOMAIN.md §6 question 5). */
export const LinkKindEnum = {
  COUNCIL_SEAT: "COUNCIL_SEAT",
  CO_BUILDING: "CO_BUILDING",
  REGISTRATION: "REGISTRATION",
  PAIRING: "PAIRING",
  VOLUNTEER_TEAM: "VOLUNTEER_TEAM",
} as const;
export type LinkKind = keyof typeof LinkKindEnum;

registerEnumType(LinkKindEnum, {
  name: "LinkKind",
  description: "A way a unit is linked to a community.",
  valuesConfig: {
    COUNCIL_SEAT: { description: "The unit's own organisation holds a seat on a coordination council that serves the community." },
    CO_BUILDING: { description: "A co-building agreement (共駐共建) between the unit and the community." },
    REGISTRATION: { description: "In-service party members employed by the unit are registered with the community (雙報到); counted, never listed." },
    PAIRING: { description: "Pairings (結對幫扶) whose helper is the unit's own organisation, for beneficiaries living in the community; counted." },
    VOLUNTEER_TEAM: { description: "A volunteer team organised by the unit's own organisation; linked to the community the unit is located in." },
  },
});

export const RelationDirectionEnum = { FORWARD: "FORWARD", BACKWARD: "BACKWARD" } as const;
export type RelationDirection = keyof typeof RelationDirectionEnum;

registerEnumType(RelationDirectionEnum, {
  name: "RelationDirection",
  description: "Which way a relation points, seen along a path.",
  valuesConfig: {
    FORWARD: { description: "From the entity before it on the path to the one after it." },
    BACKWARD: { description: "From the entity after it on the path to the one before it." },
  },
});

@ObjectType({
  description:
    "A light reference to any entity: its code, its kind of entity and its name as of the date. A member, beneficiary or pairing the caller may not see is redacted: code, label and name null, `redacted` true.",
})
export class EntityRef {
  @Field(() => String, { nullable: true, description: "The entity's code; null when redacted." })
  code!: string | null;

  @Field(() => EntityLabelEnum, { nullable: true, description: "Its kind of entity (the type name: Place, Organisation, Unit, Council, CoBuildingAgreement, VolunteerTeam, Member…); null when redacted." })
  label!: EntityLabel | null;

  @Field(() => String, { nullable: true, description: "Its name as of the date asked; null when redacted." })
  name!: string | null;

  @Field(() => Boolean, { description: "True when the personal-data guard withheld this entity (docs/MODEL.md, personal data): the caller may not see it." })
  redacted!: boolean;
}

@ObjectType({ description: "One link between a unit and a community at the date." })
export class UnitCommunityLink {
  @Field(() => LinkKindEnum, { description: "How they are linked." })
  kind!: LinkKind;

  @Field(() => Unit, { description: "The unit." })
  unit!: Unit;

  @Field(() => Place, { description: "The community (or, for a council, the place it serves)." })
  community!: Place;

  @Field(() => Organisation, { nullable: true, description: "The unit's own organisation through which the link runs (seat holder, helper, organiser); null for agreements and registrations." })
  organisation!: Organisation | null;

  @Field(() => Entity, { nullable: true, description: "The council, co-building agreement or volunteer team of the link; null for registrations and pairings." })
  via!: Entity | null;

  @Field(() => NonNegativeInt, { nullable: true, description: "For registrations: members registered; for pairings: pairings valid at the date. Null for the other kinds, and when suppressed." })
  count!: number | null;

  @Field(() => Boolean, {
    description:
      "True when `count` is withheld (null) by disclosure control: fewer than HUB_DISCLOSURE_THRESHOLD (default 5) people, for a caller who may not see the community's personal records (docs/DISCLOSURE.md).",
  })
  suppressed!: boolean;

  @Field(() => LocalDate, { description: "Start of the link: the seat's term, the agreement, the team; for counted links, the earliest start among them." })
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: "End of the link (exclusive); null while open (for counted links: while any is open)." })
  validTo!: string | null;

  @Field(() => Boolean, { nullable: true, description: "For a council seat: whether it is part-time." })
  partTime!: boolean | null;

  @Field(() => String, { nullable: true, description: "For a council seat: the holder's responsibilities and obligations." })
  responsibilities!: string | null;
}

@ObjectType({ description: "One seat of a coordination council at the date, with the unit behind the seat-holding organisation." })
export class CompositionSeat {
  @Field(() => Organisation, { description: "The organisation holding the seat." })
  organisation!: Organisation;

  @Field(() => Unit, { nullable: true, description: "The unit whose own organisation it is (null for a territorial organisation)." })
  unit!: Unit | null;

  @Field(() => UnitKindEnum, { nullable: true, description: "That unit's kind: resident unit, dispatched agency…" })
  unitKind!: UnitKind | null;

  @Field(() => String, { nullable: true, description: "The seat holder's responsibilities and obligations (責任與義務)." })
  responsibilities!: string | null;

  @Field(() => Boolean, { description: "Whether the seat is part-time." })
  partTime!: boolean;

  @Field(() => LocalDate, { description: "First day of the seat's term." })
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: "First day after the term; null while open." })
  validTo!: string | null;
}

@ObjectType({ description: "Who sits on a coordination council (社區黨建工作協調議事機構) at a date, with its shares." })
export class CouncilComposition {
  @Field(() => Council, { description: "The council." })
  council!: Council;

  @Field(() => LocalDate, { description: "The date the council was seen at." })
  asOf!: string;

  @Authorized("analyst")
  @Field(() => Place, { nullable: true, description: "The community (or subdistrict) it serves at the date (analyst or higher)." })
  serves!: Place | null;

  @Authorized("analyst")
  @Field(() => Organisation, { nullable: true, description: "The organisation convening it at the date (analyst or higher)." })
  convenedBy!: Organisation | null;

  @Field(() => NonNegativeInt, { description: "Seats valid at the date (open to viewers)." })
  seats!: number;

  @Field(() => NonNegativeInt, { description: "Seats held by the own organisations of resident units (駐區單位, kind RESIDENT_UNIT) (open to viewers)." })
  residentUnitSeats!: number;

  @Field(() => Float, { description: "residentUnitSeats / seats, from 0 to 1; 0 for a council without seats (open to viewers)." })
  residentUnitShare!: number;

  @Field(() => NonNegativeInt, { description: "Part-time seats (open to viewers)." })
  partTimeSeats!: number;

  @Field(() => Float, { description: "partTimeSeats / seats, from 0 to 1; 0 for a council without seats (open to viewers)." })
  partTimeShare!: number;

  @Authorized("analyst")
  @Field(() => [CompositionSeat], { nullable: true, description: "The seats, ordered by organisation code (analyst or higher)." })
  members!: CompositionSeat[];
}

@ObjectType({ description: "One relation on a path, between the entities before and after it." })
export class PathStep {
  @Field(() => EntityRef, { description: "The entity before the relation on the path." })
  from!: EntityRef;

  @Field(() => String, { description: "The relation type (PART_OF, BUILT_AT, LED_BY, COVERS, HOLDS_SEAT…, docs/MODEL.md)." })
  relation!: string;

  @Field(() => RelationDirectionEnum, { description: "Whether the relation points from `from` to `to` (FORWARD) or back (BACKWARD)." })
  direction!: RelationDirection;

  @Field(() => EntityRef, { description: "The entity after the relation on the path." })
  to!: EntityRef;

  @Field(() => LocalDate, { description: "First day of the relation." })
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: "First day it no longer holds; null while open." })
  validTo!: string | null;
}

@ObjectType({ description: "The shortest connection between two entities at a date." })
export class EntityPath {
  @Field(() => NonNegativeInt, { description: "Number of relations on the path (0 when both ends are the same entity)." })
  length!: number;

  @Field(() => [EntityRef], { description: "The entities on the path, from the first to the last." })
  entities!: EntityRef[];

  @Field(() => [PathStep], { description: "The relations on the path, in order, with their direction." })
  steps!: PathStep[];
}
