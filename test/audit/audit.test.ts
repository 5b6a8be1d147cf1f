import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getNamedType, isObjectType } from "graphql";
import { recordAudit, type AuditInput } from "../../src/audit/index.js";
import type { Viewer } from "../../src/auth/index.js";
import type { Hub } from "../../src/server/hub.js";
import { buildHubSchema } from "../../src/server/schema.js";
import { resetGraph } from "../support/graph.js";
import { postGraphql, startTestHub } from "../support/hub.js";

const steward: Viewer = { subject: "li.wei", role: "steward", scope: ["LHT-C1"] };
const admin: Viewer = { subject: "root", role: "admin", scope: [] };

interface EntryNode {
  id: string;
  at: string;
  subject: string;
  role: string;
  operation: string;
  entities: string[];
  requestId: string;
  details: Record<string, unknown>;
}

interface AuditLogData {
  auditLog: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    edges: { cursor: string; node: EntryNode }[];
  };
}

const AUDIT_LOG = `
  query Audit($first: Int, $after: String, $operation: String, $subject: String, $entity: String, $from: DateTimeISO, $to: DateTimeISO) {
    auditLog(first: $first, after: $after, operation: $operation, subject: $subject, entity: $entity, from: $from, to: $to) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id at subject role operation entities requestId details } }
    }
  }`;

describe("the audit log", () => {
  let hub: Hub;
  const record = (input: Omit<AuditInput, "requestId"> & { requestId?: string }) =>
    hub.db.writeTransaction((tx) => recordAudit(tx, { requestId: "req-test", ...input }));
  const log = async (variables: Record<string, unknown> = {}) => {
    const response = await postGraphql<AuditLogData>(hub.url, AUDIT_LOG, variables);
    expect(response.errors).toBeUndefined();
    return response.data!.auditLog;
  };

  beforeAll(async () => {
    hub = await startTestHub();
    await resetGraph(hub.db);
  });
  afterAll(() => hub.stop());

  it("records an entry inside the caller's write transaction, with the database clock", async () => {
    const before = Date.now();
    const entry = await record({
      viewer: steward,
      operation: "createPlace",
      entityCodes: ["LHT-C1-B03", "LHT-C1", "LHT-C1-B03"],
      requestId: "req-1",
      details: { name: "3號樓", note: "MATCH (n) DETACH DELETE n" },
    });
    expect(entry).toMatchObject({ subject: "li.wei", role: "steward", operation: "createPlace", entities: ["LHT-C1-B03", "LHT-C1"], requestId: "req-1" });
    expect(entry.details).toEqual({ name: "3號樓", note: "MATCH (n) DETACH DELETE n" });
    expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(before - 5_000);
    const page = await log();
    expect(page.totalCount).toBe(1);
    expect(page.edges[0]!.node).toMatchObject({ id: entry.id, role: "STEWARD", entities: ["LHT-C1-B03", "LHT-C1"], details: entry.details });
  });

  it("rolls back with the change it records: a failed write leaves no entry", async () => {
    await expect(
      hub.db.writeTransaction(async (tx) => {
        await recordAudit(tx, { viewer: admin, operation: "doomed", entityCodes: ["X"], requestId: "req-2" });
        throw new Error("the change failed after its audit entry was written");
      }),
    ).rejects.toThrow(/change failed/);
    expect((await log({ operation: "doomed" })).totalCount).toBe(0);
  });

  it("keeps oversized details as a note instead of failing the change", async () => {
    const entry = await record({ viewer: admin, operation: "bigImport", entityCodes: [], details: { rows: "x".repeat(20_000) } });
    expect(entry.details).toMatchObject({ truncated: true });
  });

  it("pages newest first with cursors, and counts all matching entries", async () => {
    await resetGraph(hub.db);
    for (let index = 0; index < 7; index++) {
      await record({ viewer: index % 2 === 0 ? steward : admin, operation: index < 5 ? "updatePlace" : "import", entityCodes: [`E-${index}`], details: { index } });
    }
    const seen: number[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await log({ first: 3, after });
      pages++;
      expect(page.totalCount).toBe(7);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...page.edges.map((edge) => edge.node.details.index as number));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0]);
  });

  it("filters by operation, subject, entity and a time window", async () => {
    expect((await log({ operation: "import" })).edges.map((edge) => edge.node.details.index)).toEqual([6, 5]);
    expect((await log({ subject: "root" })).totalCount).toBe(3);
    expect((await log({ entity: "E-4" })).edges.map((edge) => edge.node.entities)).toEqual([["E-4"]]);
    const all = await log();
    const newest = all.edges[0]!.node.at;
    const oldest = all.edges.at(-1)!.node.at;
    expect((await log({ from: oldest })).totalCount).toBe(7);
    expect((await log({ to: oldest })).totalCount).toBe(0);
    expect((await log({ from: new Date(Date.parse(newest) + 1).toISOString() })).totalCount).toBe(0);
  });

  it("rejects a forged cursor, a page over the maximum and an empty time window with BAD_USER_INPUT", async () => {
    for (const variables of [{ after: "bm90LWEtY3Vyc29y" }, { after: Buffer.from("a:2020-01-01T00:00:00Z' OR 1=1|x").toString("base64url") }, { first: 101 }, { first: -1 }, { from: "2025-01-02T00:00:00Z", to: "2025-01-01T00:00:00Z" }]) {
      const response = await postGraphql(hub.url, AUDIT_LOG, variables);
      expect(response.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    }
  });

  it("cannot be edited or deleted through the API: no mutation touches it, no input type carries it", async () => {
    const schema = await buildHubSchema();
    const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});
    expect(mutations.filter((field) => /audit/i.test(field.name))).toEqual([]);
    for (const field of mutations) {
      const returned = getNamedType(field.type);
      expect(returned.name).not.toMatch(/^AuditEntry/);
      if (isObjectType(returned)) {
        for (const inner of Object.values(returned.getFields())) expect(getNamedType(inner.type).name).not.toMatch(/^AuditEntry/);
      }
    }
    expect(Object.keys(schema.getTypeMap()).filter((name) => /audit/i.test(name)).sort()).toEqual(["AuditEntry", "AuditEntryConnection", "AuditEntryEdge"]);
  });
});
