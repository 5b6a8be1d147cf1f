import type { CypherQuery } from "../database/index.js";

/** An audit entry as stored: `details` is JSON text, `role` upper-case, `at` a Neo4j datetime. */
export interface AuditEntryProperties {
  readonly id: string;
  readonly subject: string;
  readonly role: string;
  readonly operation: string;
  readonly entities: readonly string[];
  readonly requestId: string;
  readonly details: string;
}

/**
 * Appends one entry to the audit log. Run inside the write transaction of the change it records,
 * so the entry exists exactly when the change does. `at` is the database's real-time clock (UTC,
 * nanoseconds: entries of concurrent requests rarely tie, and ties are ordered by id).
 */
export function createAuditEntry(entry: AuditEntryProperties): CypherQuery {
  return {
    name: "audit.createEntry",
    cypher: `
      CREATE (a:AuditEntry {
        id: $id, at: datetime.realtime(), subject: $subject, role: $role, operation: $operation,
        entities: $entities, requestId: $requestId, details: $details
      })
      RETURN a {.*} AS entry`,
    params: { ...entry, entities: [...entry.entities] },
  };
}

/** Filters of the audit log; every one optional. `from` inclusive, `to` exclusive (ISO date-times). */
export interface AuditFilter {
  readonly operation: string | null;
  readonly subject: string | null;
  readonly entity: string | null;
  readonly from: string | null;
  readonly to: string | null;
}

/** Position after which a page starts: the (at, id) of the last entry of the previous page. */
export interface AuditPosition {
  readonly at: string;
  readonly id: string;
}

const MATCHING = `
      MATCH (a:AuditEntry)
      WHERE ($operation IS NULL OR a.operation = $operation)
        AND ($subject IS NULL OR a.subject = $subject)
        AND ($entity IS NULL OR $entity IN a.entities)
        AND ($from IS NULL OR a.at >= datetime($from))
        AND ($to IS NULL OR a.at < datetime($to))`;

/**
 * One page of the audit log, newest first; ties on `at` are ordered by id so that the page
 * boundary is exact. Fetches `limit` entries (the caller asks for one more than it shows).
 */
export function auditPage(filter: AuditFilter, after: AuditPosition | null, limit: number): CypherQuery {
  return {
    name: "audit.page",
    cypher: `${MATCHING}
        AND ($afterAt IS NULL OR a.at < datetime($afterAt) OR (a.at = datetime($afterAt) AND a.id < $afterId))
      RETURN a {.*} AS entry
      ORDER BY a.at DESC, a.id DESC
      LIMIT $limit`,
    params: { ...filter, afterAt: after?.at ?? null, afterId: after?.id ?? null, limit },
  };
}

/** How many entries match the filters (all pages). */
export function auditCount(filter: AuditFilter): CypherQuery {
  return {
    name: "audit.count",
    cypher: `${MATCHING}
      RETURN count(a) AS total`,
    params: { ...filter },
  };
}
