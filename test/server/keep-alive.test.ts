import { Agent, request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hub } from "../../src/server/hub.js";
import { startTestHub, testToken } from "../support/hub.js";

/** One request over `agent`: its status, its Keep-Alive header and whether it reused a pooled socket. */
function ask(agent: Agent, url: URL, token: string): Promise<{ status: number; keepAlive: string; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ query: "{ about { hubVersion } }" });
    const sent = request(url, { method: "POST", agent, headers: { "content-type": "application/json", authorization: `Bearer ${token}` } }, (response) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode ?? 0, keepAlive: String(response.headers["keep-alive"] ?? ""), reused: sent.reusedSocket }));
    });
    sent.on("error", reject);
    sent.end(body);
  });
}

describe("keep-alive connections", () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  it("stay open past Node's 5 s default, so a late client's next request is not reset", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const url = new URL(hub.url);
    const token = await testToken("viewer");
    try {
      const first = await ask(agent, url, token);
      expect(first).toMatchObject({ status: 200, reused: false });
      expect(first.keepAlive).toMatch(/timeout=65\b/);
      // Idle longer than Node's default keepAliveTimeout: the hub must not have closed the socket.
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect(await ask(agent, url, token)).toMatchObject({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  }, 30_000);
});
