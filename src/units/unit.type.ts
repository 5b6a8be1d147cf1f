import { Field, ObjectType } from "type-graphql";
import { Entity, Node } from "../graph/entity.type.js";
import { CoverageModeEnum, UnitKindEnum, WorkCoverageRoleEnum } from "../graph/enums.js";
import { LocalDate, NonNegativeInt } from "../graph/scalars.js";
import type { CoverageMode, UnitKind, WorkCoverageRole } from "../graph/vocabulary.js";
import { Organisation } from "../organisations/organisation.type.js";
import { Place } from "../places/place.type.js";

@ObjectType({
  implements: [Node, Entity],
  description: "A unit around the community: a resident unit, a dispatched agency, or a new economic or social organisation (兩新組織).",
})
export class Unit extends Entity {
  @Field(() => UnitKindEnum, { description: "What kind of unit this is." })
  kind!: UnitKind;

  @Field(() => String, { nullable: true, description: "Sector in plain words: school, hospital, police, tax…" })
  sector!: string | null;

  @Field(() => NonNegativeInt, {
    nullable: true,
    description: "Formal party members working in the unit (3 or more: it should have its own organisation); null when not reported.",
  })
  formalPartyMembers!: number | null;

  @Field(() => Boolean, { description: "Whether the unit operates (a closed enterprise keeps its record but stops operating)." })
  operating!: boolean;
}

@ObjectType({ description: "A dated located-in link from a unit to a place." })
export class UnitLocation {
  @Field(() => Place, { description: "The place the unit is in." })
  place!: Place;

  @Field(() => LocalDate, { description: "First day the unit is there." })
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: "First day it no longer is; null while open." })
  validTo!: string | null;
}

@ObjectType({ description: "Organisational coverage: a party organisation covers a unit (its own, a joint or a regional organisation), over dates." })
export class Coverage {
  @Field(() => Organisation, { description: "The covering party organisation." })
  organisation!: Organisation;

  @Field(() => Unit, { description: "The covered unit." })
  unit!: Unit;

  @Field(() => CoverageModeEnum, { description: "Own, joint or regional coverage." })
  mode!: CoverageMode;

  @Field(() => LocalDate, { description: "First day of the coverage." })
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: "First day it no longer holds; null while open." })
  validTo!: string | null;
}

@ObjectType({ description: "Work coverage: a party organisation reaches a unit through an instructor or a liaison it sends, over dates." })
export class WorkCoverage {
  @Field(() => Organisation, { description: "The organisation that sends the instructor or liaison." })
  organisation!: Organisation;

  @Field(() => Unit, { description: "The unit reached." })
  unit!: Unit;

  @Field(() => WorkCoverageRoleEnum, { description: "Instructor or liaison." })
  role!: WorkCoverageRole;

  @Field(() => LocalDate, { description: "First day of the work coverage." })
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: "First day it no longer holds; null while open." })
  validTo!: string | null;
}
