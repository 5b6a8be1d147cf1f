// type-graphql decorators need the metadata API; services are also imported without the schema (CLI, benchmarks, tests).
import "reflect-metadata";
import { Field, ObjectType, type ClassType } from "type-graphql";

/**
 * The mutation convention (docs/API.md, "Mutations"; Relay and GitHub style): every mutation takes
 * one `input` and returns a `<Type>Payload` holding what it changed, under the type's name in
 * camelCase, and the `warnings` the write raised. One payload type per entity type, built here.
 */

@ObjectType({ description: "A rule that a write bent but did not break; the write was applied." })
export class Warning {
  @Field(() => String, { description: "Stable name of the rule, for example LEADER_PLACE_MISMATCH." })
  rule!: string;

  @Field(() => String, { description: "What is unusual, in plain words." })
  message!: string;
}

/** What a payload resolves from: the changed item under `field`, and the warnings. */
export type Payload<K extends string, T> = { readonly [key in K]: T } & { readonly warnings: readonly Warning[] };

/**
 * The payload type of an item type: `<name>Payload { <field>: <name>!, warnings: [Warning!]! }`
 * (`what` names the item in descriptions).
 */
export function payloadType<T extends object>(item: ClassType<T>, name: string, field: string, what: string): ClassType {
  @ObjectType(`${name}Payload`, { description: `The ${what} a mutation changed, with the rules the write bent but did not break (warnings).` })
  class ItemPayload {
    @Field(() => [Warning], { description: "Rules the write bent but did not break (e.g. LEADER_PLACE_MISMATCH); empty when all is in order." })
    warnings!: Warning[];
  }
  // The item's field is named after the type (place, councilSeat…), so it is declared by calling the decorator.
  Field(() => item, { description: `The ${what} as written.` })(ItemPayload.prototype, field);
  return ItemPayload;
}

/** Wraps a write's result as its payload, with the warnings it raised (none by default). */
export async function payload<K extends string, T>(field: K, result: Promise<T>, warnings: readonly Warning[] = []): Promise<Payload<K, T>> {
  return { [field]: await result, warnings } as Payload<K, T>;
}
