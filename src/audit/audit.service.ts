import { randomUUID } from "node:crypto";
import { requireRole, type Role, type Viewer } from "../auth/index.js";
import type { Row, Transaction } from "../database/index.js";
import { HubError } from "../errors/index.js";
import { pageSize } from "../graph/connection.js";
import type { HubContext } from "../server/context.js";
import { auditCount, auditPage, createAuditEntry, type AuditFilter, type AuditPosition } from "./audit.queries.js";

/** What a mutation or import service records about itself. */
export interface AuditInput {
  /** Who did it (the request's viewer; a command-line import passes its own). */
  readonly viewer: Viewer;
  /** The mutation name (`createPlace`), or `import` for a seed import. */
  readonly operation: string;
  /** Codes of every entity the change created, changed or closed. */
  readonly entityCodes: readonly string[];
  /** The request's id (context.requestId), or the run id of a command-line import. */
  readonly requestId: string;
  /** Anything worth keeping (arguments, counts): a JSON object, at most MAX_DETAILS_BYTES as JSON. */
  readonly details?: Record<string, unknown>;
}

/** An audit entry as the API returns it. */
export interface AuditRecord {
  readonly id: string;
  /** ISO date-time, UTC, as precise as Neo4j keeps it. */
  readonly at: string;
  readonly subject: string;
  readonly role: Role;
  readonly operation: string;
  readonly entities: string[];
  readonly requestId: string;
  readonly details: Record<string, unknown>;
}

export interface AuditPage {
  readonly edges: readonly { cursor: string; node: AuditRecord }[];
  readonly pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Counted only when the client selects it. */
  readonly totalCount: Promise<number>;
}

/** Details larger than this are replaced by a note saying so: the change itself must not fail. */
export const MAX_DETAILS_BYTES = 16_384;

function toRecord(row: Row): AuditRecord {
  const entry = row.entry as Record<string, unknown>;
  return {
    id: String(entry.id),
    at: String(entry.at),
    subject: String(entry.subject),
    role: String(entry.role).toLowerCase() as Role,
    operation: String(entry.operation),
    entities: (entry.entities as string[] | null) ?? [],
    requestId: String(entry.requestId),
    details: JSON.parse(String(entry.details ?? "{}")) as Record<string, unknown>,
  };
}

/**
 * Records a change in the audit log, inside the caller's write transaction: if the change rolls
 * back, so does its entry, and a committed change always has one. Call it once per mutation or
 * import, after the writes succeeded, with every entity code touched.
 */
export async function recordAudit(tx: Transaction, input: AuditInput): Promise<AuditRecord> {
  const operation = input.operation.trim();
  if (operation === "") throw new Error("recordAudit needs an operation name");
  let details = JSON.stringify(input.details ?? {});
  if (Buffer.byteLength(details, "utf8") > MAX_DETAILS_BYTES) {
    details = JSON.stringify({ truncated: true, bytes: Buffer.byteLength(details, "utf8") });
  }
  const rows = await tx.run(
    createAuditEntry({
      id: randomUUID(),
      subject: input.viewer.subject,
      // Stored upper-case like every enumeration in the graph (docs/MODEL.md).
      role: input.viewer.role.toUpperCase(),
      operation,
      entities: [...new Set(input.entityCodes)],
      requestId: input.requestId,
      details,
    }),
  );
  return toRecord(rows[0]!);
}

const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeAuditCursor(record: Pick<AuditRecord, "at" | "id">): string {
  return Buffer.from(`a:${record.at}|${record.id}`, "utf8").toString("base64url");
}

export function decodeAuditCursor(cursor: string | null | undefined): AuditPosition | null {
  if (cursor === null || cursor === undefined) return null;
  const decoded = Buffer.from(cursor, "base64url").toString("utf8");
  const [at, id] = decoded.startsWith("a:") ? decoded.slice(2).split("|") : [];
  if (at === undefined || id === undefined || !CURSOR_AT.test(at) || !UUID.test(id) || encodeAuditCursor({ at, id }) !== cursor) {
    throw new HubError("BAD_USER_INPUT", "The cursor is not one this API gave out.", { argument: "after" });
  }
  return { at, id };
}

export interface AuditLogQuery {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly operation?: string | null;
  readonly subject?: string | null;
  readonly entity?: string | null;
  readonly from?: Date | null;
  readonly to?: Date | null;
}

/** A page of the audit log, newest first: administrators only. */
export async function auditLog(context: HubContext, query: AuditLogQuery): Promise<AuditPage> {
  requireRole(context.viewer, "admin");
  const size = pageSize(query.first);
  const after = decodeAuditCursor(query.after);
  if (query.from && query.to && query.from.getTime() >= query.to.getTime()) {
    throw new HubError("BAD_USER_INPUT", "from must be before to.", { argument: "from" });
  }
  const filter: AuditFilter = {
    operation: query.operation ?? null,
    subject: query.subject ?? null,
    entity: query.entity ?? null,
    from: query.from?.toISOString() ?? null,
    to: query.to?.toISOString() ?? null,
  };
  const rows = await context.db.read(auditPage(filter, after, size + 1));
  const items = rows.slice(0, size).map(toRecord);
  const edges = items.map((node) => ({ cursor: encodeAuditCursor(node), node }));
  let counted: Promise<number> | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    get totalCount() {
      counted ??= context.db.read(auditCount(filter)).then((result) => Number(result[0]?.total ?? 0));
      return counted;
    },
  };
}
