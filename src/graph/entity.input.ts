import { ArgsType, Field, ID, InputType, Int, type ClassType } from "type-graphql";
import { LocalDate } from "./scalars.js";

/**
 * Input and argument shapes shared by every entity type, so each type states only what is its
 * own. type-graphql inherits fields only from decorated classes, hence the named mixin classes
 * (never referenced by a field, so never emitted).
 */

/** Adds a new entity's code, name and dates to an input of attributes (`what`: the type's name). */
export function withNewEntityFields<T extends ClassType>(Base: T, what: string) {
  @InputType(`New${what}Fields`, { description: `The identity and life of a new ${what}.` })
  class NewEntityFields extends Base {
    @Field(() => String, { description: "Unique code (A–Z, 0–9, -, _)." })
    code!: string;

    @Field(() => String, { description: "Name (Chinese as used locally)." })
    name!: string;

    @Field(() => LocalDate, { description: "First day it exists." })
    validFrom!: string;

    @Field(() => LocalDate, { nullable: true, description: "First day it no longer exists (usually left open)." })
    validTo?: string | null;
  }
  return NewEntityFields;
}

/** Adds the entity to correct and the version the client read to an input of attributes. */
export function withUpdateFields<T extends ClassType>(Base: T, what: string) {
  @InputType(`Update${what}Fields`, { description: `Which ${what} to correct.` })
  class UpdateFields extends Base {
    @Field(() => String, { description: "Code of the entity to change." })
    code!: string;

    @Field(() => Int, { nullable: true, description: "The version you read; the update fails with CONFLICT if it changed since." })
    expectedVersion?: number | null;
  }
  return UpdateFields;
}

@ArgsType()
export class LookupArgs {
  @Field(() => ID, { nullable: true, description: "A snapshot id from an earlier answer: it carries its date, so `asOf` may be left out (or must agree)." })
  id?: string | null;

  @Field(() => String, { nullable: true, description: "Code." })
  code?: string | null;

  @Field(() => LocalDate, { nullable: true, description: "Date to see it at (default: today)." })
  asOf?: string | null;
}

@ArgsType()
export class EndArgs {
  @Field(() => String, { description: "Code of the entity to end." })
  code!: string;

  @Field(() => LocalDate, { description: "First day it no longer exists." })
  date!: string;

  @Field(() => Int, { nullable: true, description: "The version you read (CONFLICT if it changed)." })
  expectedVersion?: number | null;
}

@ArgsType()
export class RenameArgs {
  @Field(() => String, { description: "Code of the entity to rename." })
  code!: string;

  @Field(() => String, { description: "The new name." })
  name!: string;

  @Field(() => LocalDate, { description: "The day the new name takes effect." })
  date!: string;

  @Field(() => Int, { nullable: true, description: "The version you read (CONFLICT if it changed)." })
  expectedVersion?: number | null;
}
