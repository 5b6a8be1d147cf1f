import { Field, ObjectType } from "type-graphql";
import { Entity, Node } from "../graph/entity.type.js";
import { FacilityKindEnum } from "../graph/enums.js";
import { NonNegativeFloat } from "../graph/scalars.js";
import type { FacilityKind } from "../graph/vocabulary.js";

@ObjectType({ implements: [Node, Entity], description: "A community facility: office space, service hall, or one of the required rooms, stations, boards and venue." })
export class Facility extends Entity {
  @Field(() => FacilityKindEnum, { description: "What kind of facility it is." })
  kind!: FacilityKind;

  @Field(() => NonNegativeFloat, { nullable: true, description: "Floor area in square metres; null when not reported." })
  areaSqm!: number | null;

  @Field(() => String, { nullable: true, description: "Which of the required 五室三站二欄一場所 it fulfils, in plain words." })
  requirement!: string | null;
}
