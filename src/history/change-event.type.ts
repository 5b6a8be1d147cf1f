import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Entity, Node } from "../graph/entity.type.js";
import { ChangeEventKindEnum } from "../graph/enums.js";
import { LocalDate, NonNegativeInt } from "../graph/scalars.js";
import type { ChangeEventKind } from "../graph/vocabulary.js";

@ObjectType({
  implements: [Node, Entity],
  description:
    "A change in the history of places and organisations (W3C org:ChangeEvent): a merger, split, rename, transfer, founding or dissolution on a date, with its originals and results. It exists from its date on (validFrom = date); its name defaults to its code.",
})
export class ChangeEvent extends Entity {
  @Field(() => ChangeEventKindEnum, { description: "What kind of change." })
  kind!: ChangeEventKind;

  @Field(() => LocalDate, { description: "The day the change takes effect: originals end the day before, results start on it." })
  date!: string;

  @Field(() => String, { nullable: true, description: "The document the change is recorded in (decision, report), for citation." })
  source!: string | null;

  @Field(() => String, { nullable: true, description: "Free notes." })
  note!: string | null;
}

export const LineageDirectionEnum = { ANCESTORS: "ANCESTORS", DESCENDANTS: "DESCENDANTS", BOTH: "BOTH" } as const;
export type LineageDirection = keyof typeof LineageDirectionEnum;

registerEnumType(LineageDirectionEnum, {
  name: "LineageDirection",
  description: "Which way to follow lineage through change events.",
  valuesConfig: {
    ANCESTORS: { description: "What the entity came from: from a result of an event to its originals, and on." },
    DESCENDANTS: { description: "What came from the entity: from an original of an event to its results, and on." },
    BOTH: { description: "Both ways." },
  },
});

@ObjectType({ description: "One step of a lineage: through `event`, from an entity on the root's side to an entity one event further." })
export class LineageStep {
  @Field(() => LineageDirectionEnum, { description: "ANCESTORS (`to` is an original of the event) or DESCENDANTS (`to` is a result)." })
  direction!: LineageDirection;

  @Field(() => NonNegativeInt, { description: "How many events away from the root `to` is (1 = directly), by the shortest way." })
  depth!: number;

  @Field(() => ChangeEvent, { description: "The event of this step." })
  event!: ChangeEvent;

  @Field(() => Entity, { description: "The entity on the root's side of the event (a result for ancestors, an original for descendants)." })
  from!: Entity;

  @Field(() => Entity, { description: "The entity reached: an original as it was the day before the event, or a result as it was on the event's date." })
  to!: Entity;
}

@ObjectType({ description: "Where an entity came from and what came from it, through change events." })
export class Lineage {
  @Field(() => Entity, { description: "The entity asked about, seen on the date asked (or its last or first day if it did not exist then)." })
  entity!: Entity;

  @Field(() => [LineageStep], { description: "Every step, ordered by direction, depth, event date and code." })
  steps!: LineageStep[];

  @Field(() => [Entity], { description: "Each entity reached (not the root), once, nearest first." })
  entities!: Entity[];

  @Field(() => [ChangeEvent], { description: "Each event on the way, once, by date." })
  events!: ChangeEvent[];
}
