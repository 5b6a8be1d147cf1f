import { Field, ObjectType } from "type-graphql";
import { Entity, Node } from "../graph/entity.type.js";
import { CompoundKindEnum, PlaceKindEnum } from "../graph/enums.js";
import { LocalDate, NonNegativeInt } from "../graph/scalars.js";
import type { CompoundKind, PlaceKind } from "../graph/vocabulary.js";

@ObjectType({
  implements: [Node, Entity],
  description: "A place of the territory: district, subdistrict, community, compound, building, courtyard, zone, or a pre-merger village or old town.",
})
export class Place extends Entity {
  @Field(() => PlaceKindEnum, { simple: true, description: "What kind of place this is." })
  kind!: PlaceKind;

  @Field(() => CompoundKindEnum, { simple: true, nullable: true, description: "For a residential compound: commodity, resettlement, old town…" })
  compoundKind!: CompoundKind | null;

  @Field(() => Boolean, { simple: true, nullable: true, description: "For a residential compound: whether a property-management company runs it (無物管小區 when false)." })
  propertyManaged!: boolean | null;

  @Field(() => NonNegativeInt, { simple: true, nullable: true, description: "For a community: number of community staff (社區工作人員)." })
  staffCount!: number | null;

  @Field(() => NonNegativeInt, { simple: true, nullable: true, description: "For a community: categories of work delegated by government departments." })
  delegatedTaskCategories!: number | null;

  @Field(() => NonNegativeInt, { simple: true, nullable: true, description: "For a community: number of tasks delegated by government departments." })
  delegatedTasks!: number | null;

  @Field(() => NonNegativeInt, { simple: true, nullable: true, description: "For a subdistrict: money invested in community facilities, in yuan." })
  facilityInvestmentYuan!: number | null;
}

@ObjectType({ description: "A dated part-of link from a place to its parent." })
export class PlaceLink {
  @Field(() => Place, { description: "The parent place." })
  place!: Place;

  @Field(() => LocalDate, { description: "First day of the link." })
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: "First day the link no longer holds; null while open." })
  validTo!: string | null;
}
