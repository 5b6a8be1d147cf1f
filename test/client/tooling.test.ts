import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { auditServer, type AuditResult } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OUTPUT, pluginConfig, scalars } from "../../client/codegen.js";
import { generateOperationTypes } from "../../client/generate.js";
import { PROJECT_ROOT } from "../../src/database/index.js";
import type { Hub } from "../../src/server/hub.js";
import { startTestHub, testToken } from "../support/hub.js";

/**
 * Client tooling over the committed schema (docs/CLIENTS.md): GraphQL Code Generator with
 * strictScalars, relay-compiler with @refetchable and @connection, and graphql-http's audit of
 * the GraphQL-over-HTTP spec against a running hub.
 */

/**
 * The audit's warnings this hub keeps on purpose, each explained in docs/CLIENTS.md ("GraphQL over
 * HTTP audit"). A new warning, or any error, fails the test.
 */
const EXPLAINED_WARNINGS: Readonly<Record<string, string>> = {
  "572B": "a document that does not parse is HTTP 400 for application/json clients too",
  FDE2: "a document that does not validate is HTTP 400 for application/json clients too",
  "7B9B": "variables that do not coerce are HTTP 400 for application/json clients too",
};

/** relay-compiler colours its log; the test output keeps the words. */
function stripColours(text: string): string {
  return text.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "");
}

describe("client tooling", () => {
  it("GraphQL Code Generator types the operations with strictScalars, as committed", async () => {
    const generated = await generateOperationTypes(PROJECT_ROOT);
    expect(generated, `${OUTPUT} is stale: run npm run client:codegen`).toBe(readFileSync(join(PROJECT_ROOT, OUTPUT), "utf8"));
    // LocalDate comes out as the mapped string, not as unknown.
    expect(generated).toMatch(/PlaceTreeQuery = { place: { [^}]*asOf: string/);
    expect(generated).not.toMatch(/: any\b/);
    // strictScalars is on: a custom scalar left out of the map is an error, not a silent `any`.
    const { LocalDate: _left, ...incomplete } = scalars;
    await expect(generateOperationTypes(PROJECT_ROOT, { ...pluginConfig, scalars: incomplete })).rejects.toThrow(/LocalDate/);
  });

  it("relay-compiler accepts node(id: ID!), @refetchable and @connection", () => {
    const folder = join(PROJECT_ROOT, "client", "relay");
    mkdirSync(join(folder, "__generated__"), { recursive: true });
    const binary = join(PROJECT_ROOT, "node_modules", ".bin", "relay-compiler");
    const run = spawnSync(binary, ["relay.config.json"], { cwd: folder, encoding: "utf8", timeout: 120_000 });
    process.stdout.write(`relay-compiler: ${stripColours(run.stdout + run.stderr).trim().split("\n").join(" | ")}\n`);
    expect(run.status, run.stderr).toBe(0);
    const artifacts = readdirSync(join(folder, "__generated__"));
    expect(artifacts).toEqual(expect.arrayContaining(["PlaceTreeRefetchQuery.graphql.ts", "PlaceTreePlacesPaginationQuery.graphql.ts"]));
    expect(readFileSync(join(folder, "__generated__", "PlaceTreeRefetchQuery.graphql.ts"), "utf8")).toContain("node(id: $id)");
  });

  describe("graphql-http audit against a running hub", () => {
    let hub: Hub;
    let results: AuditResult[] = [];
    beforeAll(async () => {
      hub = await startTestHub();
      const authorization = `Bearer ${await testToken({ role: "viewer" })}`;
      const fetchFn = (input: string | URL | Request, init: RequestInit = {}) => {
        const headers = new Headers(init.headers);
        headers.set("authorization", authorization);
        return fetch(input, { ...init, headers });
      };
      results = await auditServer({ url: hub.url, fetchFn });
    });
    afterAll(() => hub?.stop());

    it("passes every MUST and leaves only explained warnings", () => {
      const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
      for (const result of results) counts[result.status] += 1;
      process.stdout.write(`graphql-http audit: ${results.length} audits, ${JSON.stringify(counts)}\n`);
      for (const result of results) {
        if (result.status !== "ok") process.stdout.write(`  ${result.status.toUpperCase()} ${result.id} ${result.name}: ${result.reason}\n`);
      }
      expect(results.length).toBeGreaterThan(20);
      expect(results.filter((result) => result.status === "error").map((result) => `${result.name}: ${"reason" in result ? result.reason : ""}`)).toEqual([]);
      const unexplained = results.filter((result) => result.status === "warn" && !(result.id in EXPLAINED_WARNINGS));
      expect(unexplained.map((result) => `${result.id} ${result.name}: ${"reason" in result ? result.reason : ""}`)).toEqual([]);
    });
  });
});
