// Decorators need the metadata polyfill, whichever module loads this file first.
import "reflect-metadata";
import { Field, ObjectType, registerEnumType } from "type-graphql";
import type { Role } from "./viewer.js";

/** The GraphQL enum of roles: the same words as the token's `role` claim, upper-cased. */
export const RoleEnum = {
  VIEWER: "viewer",
  ANALYST: "analyst",
  STEWARD: "steward",
  ADMIN: "admin",
} as const satisfies Record<string, Role>;

registerEnumType(RoleEnum, {
  name: "Role",
  description: "What a caller may do; each role includes the ones before it.",
  valuesConfig: {
    VIEWER: { description: "Aggregates only: rates and counts." },
    ANALYST: { description: "Everything but personal data." },
    STEWARD: { description: "Writes, imports and personal data, within the places of its scope." },
    ADMIN: { description: "Everything, everywhere, including the audit log." },
  },
});

@ObjectType("Viewer", { description: "Who the request's bearer token speaks for." })
export class ViewerType {
  @Field(() => String, { description: "The token's subject (`sub`): recorded in the audit log." })
  subject!: string;

  @Field(() => RoleEnum, { description: "The token's role." })
  role!: Role;

  @Field(() => [String], { description: "Codes of the places a steward may write and read personal data in (empty for other roles' purposes)." })
  scope!: readonly string[];
}
