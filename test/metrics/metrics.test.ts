import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hub } from "../../src/server/hub.js";
import { postGraphql, startTestHub, testToken } from "../support/hub.js";

/** One sample of the Prometheus text format: `name{labels} value`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not Prometheus text format: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted))?.value;
}

describe("GET /metrics", () => {
  let hub: Hub;
  let base: string;
  beforeAll(async () => {
    hub = await startTestHub();
    base = hub.url.replace(/\/graphql$/, "");
  });
  afterAll(() => hub.stop());

  async function scrape(): Promise<Sample[]> {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    return parseExposition(await response.text());
  }

  it("counts requests by operation, role and outcome, with latency and the statements they ran", async () => {
    const before = await scrape();
    const okBefore = value(before, "hub_graphql_requests_total", { operation: "HubAbout", role: "viewer", outcome: "OK" }) ?? 0;
    for (let i = 0; i < 3; i += 1) {
      const response = await postGraphql(hub.url, "query HubAbout { about { hubVersion migrated } }", {}, {}, "viewer");
      expect(response.errors).toBeUndefined();
    }
    const refused = await postGraphql(hub.url, "query PeopleCount { members(first: 1) { totalCount } }", {}, {}, "viewer");
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const broken = await postGraphql(hub.url, "query Broken { about { nope } }", {}, {}, "analyst");
    expect(broken.status).toBe(400);
    await fetch(`${base}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }); // 401

    const after = await scrape();
    expect(value(after, "hub_graphql_requests_total", { operation: "HubAbout", role: "viewer", outcome: "OK" })).toBe(okBefore + 3);
    expect(value(after, "hub_graphql_requests_total", { operation: "PeopleCount", role: "viewer", outcome: "FORBIDDEN" })).toBeGreaterThanOrEqual(1);
    expect(value(after, "hub_graphql_requests_total", { operation: "Broken", role: "analyst", outcome: "GRAPHQL_VALIDATION_FAILED" })).toBeGreaterThanOrEqual(1);
    expect(value(after, "hub_graphql_request_duration_seconds_count", { operation: "HubAbout" })).toBe(okBefore + 3);
    expect(value(after, "hub_graphql_request_duration_seconds_bucket", { operation: "HubAbout", le: "+Inf" })).toBe(okBefore + 3);
    expect(value(after, "hub_http_responses_total", { route: "graphql", status: "401" })).toBeGreaterThanOrEqual(1);
    expect(value(after, "hub_http_responses_total", { route: "graphql", status: "200" })).toBeGreaterThanOrEqual(4);

    // Every statement is counted under its named query; `about.migrated` reads the migration ledger.
    const statements = after.filter((sample) => sample.name === "hub_neo4j_statements_total");
    expect(statements.length).toBeGreaterThan(0);
    for (const sample of statements) expect(sample.labels.query).toMatch(/^[A-Za-z0-9_.:-]+$/);
    const statementCount = statements.reduce((total, sample) => total + sample.value, 0);
    const timed = after.filter((sample) => sample.name === "hub_neo4j_statement_duration_seconds_count").reduce((total, sample) => total + sample.value, 0);
    expect(timed).toBe(statementCount);
    expect(value(after, "hub_neo4j_up")).toBe(1);
    expect(value(after, "hub_neo4j_sessions_in_use")).toBeGreaterThanOrEqual(0);
    expect(value(after, "hub_process_resident_memory_bytes")).toBeGreaterThan(0);
  });

  it("keeps client text out of the labels: odd operation names fold into one label", async () => {
    const token = await testToken("viewer");
    const odd = "Öffentlich_张三";
    // Not a valid GraphQL name: the document fails to parse, and the label must not carry it.
    await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "{ about { hubVersion } }", operationName: odd }),
    });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).not.toContain("张三");
  });
});

describe("draining on stop", () => {
  it("answers /readyz 503 while still serving, for HUB_DRAIN_MS, then closes the port", async () => {
    const hub = await startTestHub({ HUB_DRAIN_MS: "1500" });
    const base = hub.url.replace(/\/graphql$/, "");
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const started = Date.now();
    const stopped = hub.stop();
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: "draining" });
    expect(ready.headers.get("connection")).toBe("close");
    const during = await postGraphql(hub.url, "{ about { hubVersion } }", {}, {}, "viewer");
    expect(during.errors).toBeUndefined();
    await stopped;
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    await expect(fetch(`${base}/readyz`)).rejects.toThrow();
  });
});
