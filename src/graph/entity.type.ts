import { Field, ID, Int, InterfaceType, ObjectType } from "type-graphql";
import type { EntityRecord } from "./entity.record.js";
import { LocalDate } from "./scalars.js";

@InterfaceType({
  description: "An entity as of a date, with a global snapshot id: `node(id:)` returns exactly that snapshot.",
  resolveType: (value: EntityRecord) => value.label,
})
export abstract class Node {
  @Field(() => ID, {
    description: "This entity as of `asOf`: opaque, derived from its kind, code and that date, so the same in every environment and after any re-import. Two dates of one entity are two ids; `node(id:)` returns exactly this snapshot.",
  })
  id!: string;
}

@ObjectType({ description: "A name and the day it took effect: identity survives a rename." })
export class DatedName {
  @Field(() => String, { description: "The name." })
  name!: string;

  @Field(() => LocalDate, { description: "The day this name took effect." })
  validFrom!: string;
}

@InterfaceType({
  implements: Node,
  description: "An entity of the network: coded, named (with history) and valid over a half-open date interval.",
  resolveType: (value: EntityRecord) => value.label,
})
export abstract class Entity extends Node {
  @Field(() => String, { simple: true, description: "Stable human code, unique over all entities; used by seeds and exports." })
  code!: string;

  @Field(() => String, { simple: true, description: "The name as of the date the query asked for." })
  name!: string;

  @Field(() => [DatedName], { description: "Every name this entity has had, oldest first." })
  nameHistory!: DatedName[];

  @Field(() => LocalDate, { simple: true, description: "First day the entity exists." })
  validFrom!: string;

  @Field(() => LocalDate, { simple: true, nullable: true, description: "First day the entity no longer exists; null while it still does." })
  validTo!: string | null;

  @Field(() => Int, { simple: true, description: "Incremented by every change; pass it back as expectedVersion to detect concurrent edits." })
  version!: number;

  @Field(() => LocalDate, { simple: true, description: "The date this entity (and everything nested under it) is seen as of." })
  asOf!: string;
}
