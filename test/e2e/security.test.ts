import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hub } from "../../src/server/hub.js";
import { postGraphql, startTestHub, testToken, type GraphqlResponse } from "../support/hub.js";

/** The first error's code, with the HTTP status: what a client sees. */
function refusal(response: GraphqlResponse): { status: number; code: string | undefined; message: string | undefined } {
  return { status: response.status, code: response.errors?.[0]?.extensions?.code, message: response.errors?.[0]?.message };
}

describe("authentication over HTTP", () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it("answers 401 UNAUTHENTICATED with a Bearer challenge when no token is sent", async () => {
    const response = await fetch(hub.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ about { hubVersion } }" }) });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="dangjian-hub"');
    const body = (await response.json()) as GraphqlResponse;
    expect(body.errors![0]!.extensions).toEqual({ code: "UNAUTHENTICATED", reason: "missing" });
    expect(body.data).toBeUndefined();
  });

  it("answers 401 for a bad token, on POST and on GET alike, before reading the body", async () => {
    const forged = await testToken({ secret: "an attacker's secret, long enough to sign with" });
    const post = await postGraphql(hub.url, "{ about { hubVersion } }", {}, { authorization: `Bearer ${forged}` });
    expect(refusal(post)).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    const get = await fetch(`${hub.url}?query=${encodeURIComponent("{ about { hubVersion } }")}`, { headers: { authorization: "Bearer x.y.z", "apollo-require-preflight": "1" } });
    expect(get.status).toBe(401);
    expect(get.headers.get("www-authenticate")).toContain('error="invalid_token"');
    const huge = await fetch(hub.url, { method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(5_000_000) });
    expect(huge.status).toBe(401);
  });

  it("lets every role read `about` and `viewer`, which reports who the token speaks for", async () => {
    for (const role of ["viewer", "analyst", "steward", "admin"] as const) {
      const response = await postGraphql<{ viewer: unknown; about: { hubVersion: string } }>(
        hub.url,
        "{ viewer { subject role scope } about { hubVersion } }",
        {},
        {},
        { role, sub: `someone-${role}`, scope: role === "steward" ? ["LHT-C1"] : [] },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data!.viewer).toEqual({ subject: `someone-${role}`, role: role.toUpperCase(), scope: role === "steward" ? ["LHT-C1"] : [] });
    }
  });

  it("denies the admin-only auditLog to lower roles with FORBIDDEN, never a silent null", async () => {
    for (const role of ["viewer", "analyst", "steward"] as const) {
      const response = await postGraphql(hub.url, "{ auditLog { totalCount } }", {}, {}, role);
      expect(response.status).toBe(200);
      // The root field is nullable: the refusal nulls it alone (docs/ERRORS.md).
      expect(response.data).toEqual({ auditLog: null });
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0]).toMatchObject({ path: ["auditLog"], extensions: { code: "FORBIDDEN", requiredRole: "ADMIN", role: role.toUpperCase() } });
    }
    const admin = await postGraphql(hub.url, "{ auditLog { totalCount } }");
    expect(admin.errors).toBeUndefined();
  });
});

describe("anonymous access when configured", () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startTestHub({ HUB_ALLOW_ANONYMOUS: "viewer" });
  });
  afterAll(() => hub.stop());

  it("serves a request without a token as an anonymous viewer, and still refuses it admin fields", async () => {
    const response = await postGraphql(hub.url, "{ viewer { subject role } }", {}, {}, null);
    expect(response.data).toEqual({ viewer: { subject: "anonymous", role: "VIEWER" } });
    const audit = await postGraphql(hub.url, "{ auditLog { totalCount } }", {}, {}, null);
    expect(refusal(audit)).toMatchObject({ status: 200, code: "FORBIDDEN" });
    const forged = await postGraphql(hub.url, "{ viewer { role } }", {}, {}, { secret: "an attacker's secret, long enough to sign with" });
    expect(forged.status).toBe(401);
  });
});

describe("document limits", () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startTestHub({ HUB_MAX_DEPTH: "3", HUB_MAX_ALIASES: "3", HUB_MAX_DIRECTIVES: "3", HUB_MAX_TOKENS: "80", HUB_MAX_COST: "500" });
  });
  afterAll(() => hub.stop());

  it("rejects a document deeper than HUB_MAX_DEPTH with LIMIT_EXCEEDED (400), and accepts one at the limit", async () => {
    const deep = await postGraphql(hub.url, "{ auditLog { edges { node { id } } } }");
    expect(refusal(deep)).toMatchObject({ status: 400, code: "LIMIT_EXCEEDED" });
    expect(deep.errors![0]!.extensions).toMatchObject({ limit: "depth", max: 3 });
    expect(deep.errors![0]!.message).toMatch(/depth limit of 3/);
    // The depth counts through fragments too.
    const viaFragment = await postGraphql(hub.url, "{ auditLog { ...page } } fragment page on AuditEntryConnection { edges { node { id } } }");
    expect(refusal(viaFragment)).toMatchObject({ code: "LIMIT_EXCEEDED" });
    const ok = await postGraphql(hub.url, "{ auditLog { pageInfo { hasNextPage } } }");
    expect(ok.errors).toBeUndefined();
  });

  it("rejects an alias bomb with LIMIT_EXCEEDED", async () => {
    const response = await postGraphql(hub.url, "{ a: viewer { role } b: viewer { role } c: viewer { role } d: viewer { role } }");
    expect(refusal(response)).toMatchObject({ status: 400, code: "LIMIT_EXCEEDED" });
    expect(response.errors![0]!.extensions).toMatchObject({ limit: "aliases", max: 3 });
  });

  it("rejects too many directives with LIMIT_EXCEEDED", async () => {
    const response = await postGraphql(hub.url, "{ viewer { subject @include(if: true) role @include(if: true) scope @include(if: true) } about @skip(if: false) { hubVersion } }");
    expect(refusal(response)).toMatchObject({ status: 400, code: "LIMIT_EXCEEDED" });
    expect(response.errors![0]!.extensions).toMatchObject({ limit: "directives", max: 3 });
  });

  it("rejects a document of more than HUB_MAX_TOKENS tokens while parsing it", async () => {
    const response = await postGraphql(hub.url, `{ viewer { ${"subject ".repeat(100)} } }`);
    expect(refusal(response)).toMatchObject({ status: 400, code: "LIMIT_EXCEEDED" });
    expect(response.errors![0]!.extensions).toEqual({ code: "LIMIT_EXCEEDED", limit: "tokens", max: 80 });
  });

  it("counts cost by page size: `first` multiplies, also when it comes in a variable", async () => {
    const query = "query Page($n: Int) { auditLog(first: $n) { pageInfo { hasNextPage } totalCount } }";
    // 1 + n × (pageInfo 1 + hasNextPage 1 + totalCount 1) = 1 + 3n.
    const small = await postGraphql(hub.url, query, { n: 100 });
    expect(small.errors).toBeUndefined();
    // The same document again with a larger page: a cost is kept per document AND variables, and an
    // operation costed (and accepted) once is not waved through with other variables.
    const larger = await postGraphql(hub.url, query, { n: 200 });
    expect(larger.errors![0]!.extensions).toEqual({ code: "LIMIT_EXCEEDED", limit: "cost", max: 500, cost: 601 });
    expect((await postGraphql(hub.url, query, { n: 100 })).errors).toBeUndefined();
    expect((await postGraphql(hub.url, query, { n: 200 })).errors![0]!.extensions!.cost).toBe(601);
    const inline = await postGraphql(hub.url, "{ auditLog(first: 100) { pageInfo { hasNextPage } totalCount } viewer { role } }");
    expect(inline.errors).toBeUndefined();
    const expensive = await postGraphql(hub.url, "{ a: auditLog(first: 100) { pageInfo { hasNextPage } totalCount } b: auditLog(first: 100) { pageInfo { hasNextPage } totalCount } }");
    expect(refusal(expensive)).toMatchObject({ status: 400, code: "LIMIT_EXCEEDED" });
    expect(expensive.errors![0]!.extensions).toEqual({ code: "LIMIT_EXCEEDED", limit: "cost", max: 500, cost: 602 });
    expect(expensive.errors![0]!.message).toMatch(/cost 602 exceeds the limit of 500/);
  });

  it("rejects cyclic fragments and aliases hidden in fragments as client errors, without a crash", async () => {
    const cyclic = await postGraphql(hub.url, "{ viewer { ...A } } fragment A on Viewer { role ...B } fragment B on Viewer { subject ...A }");
    expect(cyclic.status).toBe(400);
    expect(["GRAPHQL_VALIDATION_FAILED", "LIMIT_EXCEEDED"]).toContain(cyclic.errors![0]!.extensions!.code);
    const hidden = await postGraphql(hub.url, "{ ...A } fragment A on Query { a: viewer { role } b: viewer { role } c: viewer { role } d: viewer { role } }");
    expect(refusal(hidden)).toMatchObject({ status: 400, code: "LIMIT_EXCEEDED" });
    expect((await postGraphql(hub.url, "{ viewer { role } }")).data).toEqual({ viewer: { role: "ADMIN" } });
  });

  it("checks limits before any resolver runs: a rejected document reads nothing", async () => {
    const statementsFor = async (query: string): Promise<number> => {
      let statements = 0;
      const stop = hub.db.onQuery(() => statements++);
      try {
        await postGraphql(hub.url, query);
      } finally {
        stop();
      }
      return statements;
    };
    expect(await statementsFor("{ auditLog { edges { node { id } } } }")).toBe(0);
    expect(await statementsFor("{ a: auditLog(first: 100) { pageInfo { hasNextPage } totalCount } b: auditLog(first: 100) { pageInfo { hasNextPage } totalCount } }")).toBe(0);
    expect(await statementsFor(`{ auditLog { ${"totalCount ".repeat(100)} } }`)).toBe(0);
    expect(await statementsFor("{ auditLog { totalCount } }")).toBeGreaterThan(0);
  });
});

describe("production mode", () => {
  const introspection = "{ __schema { queryType { name } } }";
  let production: Hub;
  let development: Hub;
  beforeAll(async () => {
    production = await startTestHub({ HUB_MODE: "production" });
    development = await startTestHub();
  });
  afterAll(async () => {
    await production.stop();
    await development.stop();
  });

  it("switches introspection off (on in development, and HUB_INTROSPECTION decides either way)", async () => {
    const closed = await postGraphql(production.url, introspection);
    expect(refusal(closed)).toMatchObject({ status: 400, code: "GRAPHQL_VALIDATION_FAILED" });
    expect(closed.errors![0]!.message).toMatch(/introspection/i);
    const typeProbe = await postGraphql(production.url, '{ __type(name: "AuditEntry") { fields { name } } }');
    expect(typeProbe.status).toBe(400);
    expect((await postGraphql(development.url, introspection)).data).toEqual({ __schema: { queryType: { name: "Query" } } });
  });

  it("hides field suggestions that would reveal the schema", async () => {
    const typo = "{ viewr { subject } }";
    const hidden = await postGraphql(production.url, typo);
    expect(refusal(hidden)).toMatchObject({ status: 400, code: "GRAPHQL_VALIDATION_FAILED" });
    expect(hidden.errors![0]!.message).not.toMatch(/Did you mean/);
    expect((await postGraphql(development.url, typo)).errors![0]!.message).toMatch(/Did you mean "viewer"/);
  });

  it("still serves authenticated queries, and still refuses a request without a token", async () => {
    expect((await postGraphql(production.url, "{ viewer { role } }")).data).toEqual({ viewer: { role: "ADMIN" } });
    expect((await postGraphql(production.url, "{ viewer { role } }", {}, {}, null)).status).toBe(401);
  });
});

describe("introspection by configuration", () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startTestHub({ HUB_MODE: "production", HUB_INTROSPECTION: "true" });
  });
  afterAll(() => hub.stop());

  it("HUB_INTROSPECTION=true opens it in production mode", async () => {
    expect((await postGraphql(hub.url, "{ __schema { queryType { name } } }")).errors).toBeUndefined();
  });
});
