/**
 * The audit log: who changed what, when. Mutation and import services call `recordAudit` inside
 * their own write transaction; admins read it with the `auditLog` query. Nothing edits or
 * deletes an entry.
 */
export { recordAudit, auditLog, MAX_DETAILS_BYTES } from "./audit.service.js";
export type { AuditInput, AuditRecord, AuditPage } from "./audit.service.js";
export { AuditResolver } from "./audit.resolver.js";
