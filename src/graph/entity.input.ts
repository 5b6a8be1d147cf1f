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

/** The version the client read of one of several entities a mutation changes (the originals of a merger). */
@InputType({ description: "The version you read of one entity the mutation changes; CONFLICT if it changed since." })
export class ExpectedVersionInput {
  @Field(() => String, { description: "Code of the entity." })
  code!: string;

  @Field(() => Int, { description: "The version you read." })
  version!: number;
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

/** Which entity a dated change is about, from when, and the version the client read. */
export interface ChangeArgs {
  readonly code: string;
  readonly date: string;
  readonly expectedVersion?: number | null;
}

/** The input of a mutation that ends an entity (dissolve…, end…). */
export type EndArgs = ChangeArgs;

/** The input of a mutation that renames an entity from a date. */
export interface RenameArgs extends ChangeArgs {
  readonly name: string;
}

const versionField = { nullable: true, description: "The version you read; CONFLICT if it changed since (leave it out to skip the check)." } as const;

/**
 * The input type `<mutation>Input` of a mutation that ends an entity on a date: the code, the first
 * day without it and the version read. One input type per mutation (Relay), one definition here.
 */
export function endInputType(mutation: string, what: string): ClassType<EndArgs> {
  @InputType(`${mutation}Input`, { description: `Which ${what} to end, from which day.` })
  class EndInput implements EndArgs {
    @Field(() => String, { description: `Code of the ${what}.` })
    code!: string;

    @Field(() => LocalDate, { description: "First day it no longer exists." })
    date!: string;

    @Field(() => Int, versionField)
    expectedVersion?: number | null;
  }
  return EndInput;
}

/** The input type `<mutation>Input` of a mutation that renames an entity from a date. */
export function renameInputType(mutation: string, what: string): ClassType<RenameArgs> {
  @InputType(`${mutation}Input`, { description: `A new name for a ${what}, from a date on; its identity and history stay.` })
  class RenameInput implements RenameArgs {
    @Field(() => String, { description: `Code of the ${what}.` })
    code!: string;

    @Field(() => String, { description: "The new name." })
    name!: string;

    @Field(() => LocalDate, { description: "The day the new name takes effect." })
    date!: string;

    @Field(() => Int, versionField)
    expectedVersion?: number | null;
  }
  return RenameInput;
}

/**
 * The fields every other dated change of an existing entity shares (a move, a transfer, a new
 * leader): extend it with the mutation's own fields.
 */
@InputType("ChangeFields", { description: "Which entity changes, from which day, and the version read." })
export class ChangeFields implements ChangeArgs {
  @Field(() => String, { description: "Code of the entity that changes." })
  code!: string;

  @Field(() => LocalDate, { description: "The day the change takes effect." })
  date!: string;

  @Field(() => Int, versionField)
  expectedVersion?: number | null;
}
