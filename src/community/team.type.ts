import { Field, ObjectType } from "type-graphql";
import { Entity, Node } from "../graph/entity.type.js";
import { CulturalGenreEnum } from "../graph/enums.js";
import { NonNegativeInt } from "../graph/scalars.js";
import type { CulturalGenre } from "../graph/vocabulary.js";

/** `focus` is resolved in VolunteerTeamResolver, so a team stored without one still reads as an empty list. */
@ObjectType({
  implements: [Node, Entity],
  description: "A volunteer service team of party and youth-league members, organised by a party organisation.",
})
export class VolunteerTeam extends Entity {
  @Field(() => NonNegativeInt, { nullable: true, description: "Members of the team; null when not reported." })
  memberCount!: number | null;
}

@ObjectType({ implements: [Node, Entity], description: "A cultural team of residents (fitness, arts, singing, waist drum…), based in a place." })
export class CulturalTeam extends Entity {
  @Field(() => CulturalGenreEnum, { description: "What the team does." })
  genre!: CulturalGenre;

  @Field(() => NonNegativeInt, { nullable: true, description: "Members of the team; null when not reported." })
  memberCount!: number | null;
}
