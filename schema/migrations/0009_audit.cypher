// The audit log (src/audit): one (:AuditEntry) per mutation or import, written inside the same
// transaction as the change it records. Entries are never updated or deleted through the API.
CREATE CONSTRAINT audit_entry_id IF NOT EXISTS FOR (a:AuditEntry) REQUIRE a.id IS UNIQUE;
// auditLog pages newest first and filters by time.
CREATE RANGE INDEX audit_entry_at IF NOT EXISTS FOR (a:AuditEntry) ON (a.at);
