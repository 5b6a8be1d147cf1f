// Decorators need the metadata polyfill, whichever module loads this file first.
import "reflect-metadata";
import { ArgsType, Field, ID, Int, ObjectType } from "type-graphql";
import { GraphQLDateTimeISO, GraphQLJSONObject } from "graphql-scalars";
import { RoleEnum } from "../auth/role.type.js";
import type { Role } from "../auth/viewer.js";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageInfo } from "../graph/connection.js";
import { NonNegativeInt } from "../graph/scalars.js";

@ObjectType({ description: "One recorded change: who did which operation to which entities, and when. Never editable through the API." })
export class AuditEntry {
  @Field(() => ID, { description: "Identifier of the entry (a UUID)." })
  id!: string;

  @Field(() => GraphQLDateTimeISO, { description: "When the change was committed (database clock, UTC)." })
  at!: string;

  @Field(() => String, { description: "Subject of the token that made the change." })
  subject!: string;

  @Field(() => RoleEnum, { description: "Role of that token at the time." })
  role!: Role;

  @Field(() => String, { description: "The operation: a mutation name, or `import` for a seed import." })
  operation!: string;

  @Field(() => [String], { description: "Codes of the entities the change touched." })
  entities!: string[];

  @Field(() => String, { description: "The x-request-id of the request (or the run id of a command-line import)." })
  requestId!: string;

  @Field(() => GraphQLJSONObject, { description: "What the operation recorded about itself (arguments, counts), as a JSON object." })
  details!: Record<string, unknown>;
}

@ObjectType({ description: "One audit entry in a page, with its cursor." })
export class AuditEntryEdge {
  @Field(() => String, { description: "Opaque cursor of this entry." })
  cursor!: string;

  @Field(() => AuditEntry, { description: "The audit entry." })
  node!: AuditEntry;
}

@ObjectType({ description: "A page of audit entries, newest first." })
export class AuditEntryConnection {
  @Field(() => [AuditEntryEdge], { description: "The entries of this page." })
  edges!: AuditEntryEdge[];

  @Field(() => PageInfo, { description: "Where this page stands." })
  pageInfo!: PageInfo;

  @Field(() => NonNegativeInt, { description: "How many entries match the filters in all (computed only when asked)." })
  totalCount!: number;
}

@ArgsType()
export class AuditLogArgs {
  @Field(() => Int, { nullable: true, description: `How many entries (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Return entries after this cursor (an endCursor from a previous page): older ones." })
  after?: string | null;

  @Field(() => String, { nullable: true, description: "Only entries of this operation (exact name)." })
  operation?: string | null;

  @Field(() => String, { nullable: true, description: "Only entries made by this token subject." })
  subject?: string | null;

  @Field(() => String, { nullable: true, description: "Only entries that touched the entity with this code." })
  entity?: string | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "Only entries at or after this instant." })
  from?: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "Only entries before this instant." })
  to?: Date | null;
}
