import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hub } from "../../src/server/hub.js";
import { postGraphql, startTestHub, testToken } from "../support/hub.js";

describe("the hub over HTTP", () => {
  let hub: Hub;
  let base: string;
  beforeAll(async () => {
    hub = await startTestHub({ HUB_MAX_BODY_BYTES: "2000" });
    base = hub.url.replace(/\/graphql$/, "");
  });
  afterAll(() => hub.stop());

  it("answers a real GraphQL request from Neo4j", async () => {
    const response = await postGraphql<{ about: Record<string, unknown> }>(
      hub.url,
      "{ about { hubVersion neo4jVersion neo4jEdition localNeo4j migrated } }",
    );
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data!.about).toMatchObject({ hubVersion: "0.1.0", localNeo4j: false, migrated: true });
    expect(response.data!.about.neo4jVersion).toBe(hub.facts.neo4jVersion);
    expect(String(response.data!.about.neo4jVersion)).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("reports liveness and readiness as plain HTTP", async () => {
    const live = await fetch(`${base}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "alive" });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  it("rejects a malformed document with GRAPHQL_PARSE_FAILED", async () => {
    const response = await postGraphql(hub.url, "{ about { ");
    expect(response.status).toBe(400);
    expect(response.errors![0]!.extensions!.code).toBe("GRAPHQL_PARSE_FAILED");
  });

  it("rejects an unknown field with GRAPHQL_VALIDATION_FAILED", async () => {
    const response = await postGraphql(hub.url, "{ about { password } }");
    expect(response.status).toBe(400);
    expect(response.errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("rejects a body that is not JSON", async () => {
    const response = await fetch(hub.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await testToken()}` },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe("BAD_USER_INPUT");
  });

  it("rejects a body over the configured size with 413", async () => {
    const response = await postGraphql(hub.url, `{ about { hubVersion } } # ${"x".repeat(3000)}`);
    expect(response.status).toBe(413);
    expect(response.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
  });

  it("answers 404 outside its three paths", async () => {
    expect((await fetch(`${base}/admin`)).status).toBe(404);
  });
});

describe("a hub on a shared Neo4j (NEO4J_URI)", () => {
  it("refuses to start with a generated development secret: replicas must share one key", async () => {
    await expect(startTestHub({ HUB_JWT_SECRET: "" })).rejects.toThrow(/HUB_JWT_SECRET \(or HUB_JWT_PUBLIC_KEY\) must be set with NEO4J_URI/);
  });
});
