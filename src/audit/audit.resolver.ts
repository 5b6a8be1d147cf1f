import { Args, Authorized, Ctx, Query, Resolver } from "type-graphql";
import type { HubContext } from "../server/context.js";
import { auditLog, type AuditPage } from "./audit.service.js";
import { AuditEntry, AuditEntryConnection, AuditLogArgs } from "./audit.type.js";

/** Reads of the audit log. There is deliberately no mutation: entries are written only by recordAudit. */
@Resolver(() => AuditEntry)
export class AuditResolver {
  @Authorized("admin")
  @Query(() => AuditEntryConnection, { nullable: true, description: "The audit log, newest first, filtered, one page at a time: administrators only." })
  auditLog(@Ctx() context: HubContext, @Args(() => AuditLogArgs) args: AuditLogArgs): Promise<AuditPage> {
    return auditLog(context, args);
  }
}
