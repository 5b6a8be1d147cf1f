import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPORTS } from "../../src/exports/registry.js";
import type { Hub } from "../../src/server/hub.js";
import { startTestHub } from "../support/hub.js";

describe("the analyst console", () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it("is one self-contained page: nothing loaded from elsewhere, every report offered", async () => {
    const response = await fetch(hub.url.replace(/graphql$/, ""));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    const html = await response.text();
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
    expect(html).not.toContain("__REPORTS__");
    // Each report with the parameter that names its place, as its GraphQL field names the argument.
    for (const [name, report] of Object.entries(REPORTS)) expect(html).toContain(JSON.stringify({ name, where: report.where }));
    expect(Object.values(REPORTS).map((report) => report.where)).not.toContain("scope");
  });
});
