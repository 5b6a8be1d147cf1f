import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort, PROJECT_ROOT } from "../../src/database/index.js";
import { formatReport, runLoad } from "../../src/load/load.js";
import { importSeed } from "../../src/seeding/index.js";
import { connectTestDatabase, resetGraph } from "../support/graph.js";
import { TEST_JWT_SECRET, testToken } from "../support/hub.js";

/**
 * Two stateless hub replicas on one Neo4j behind nginx (Debian's package, round-robin, loopback),
 * the mixed load test through it, one replica SIGTERMed in the middle (docs/OPERATIONS.md,
 * docs/RELIABILITY.md). .ci/run installs nginx; elsewhere the test says how and is skipped.
 */
const NGINX = "/usr/sbin/nginx";
const CLIENTS = 4;
const SECONDS = 16;
const DRAIN_MS = 2_000;
const haveNginx = existsSync(NGINX);
if (!haveNginx && process.env.CI) throw new Error(`${NGINX} is missing: .ci/run installs Debian's nginx for this test`);
if (!haveNginx) process.stdout.write("replicas test skipped: apt-get install -y nginx to run it\n");

interface Replica {
  readonly port: number;
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly log: string[];
}

async function waitReady(port: number, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`nothing ready on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A hub as its own process (`node src/main.ts`, as npm start runs it), on the test Neo4j. */
async function startReplica(): Promise<Replica> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "src", "main.ts")], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      NEO4J_URI: inject("neo4jUri"),
      NEO4J_USERNAME: inject("neo4jUsername"),
      NEO4J_PASSWORD: inject("neo4jPassword"),
      HUB_JWT_SECRET: TEST_JWT_SECRET,
      HUB_PORT: String(port),
      // Two replicas on one machine: the default dashboard port (4001) would be taken twice.
      HUB_DASHBOARD_PORT: "off",
      HUB_DRAIN_MS: String(DRAIN_MS),
      HUB_INITIAL_SEED: "",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => log.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => log.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await waitReady(port, 180_000);
  return { port, process: child, exited, log };
}

describe.skipIf(!haveNginx)("two hub replicas behind nginx", () => {
  const replicas: Replica[] = [];
  let nginx: ChildProcess | undefined;
  let home = "";
  let base = "";

  beforeAll(async () => {
    const db = connectTestDatabase();
    await resetGraph(db);
    await importSeed(db, join(PROJECT_ROOT, "seeds", "longhutang"));
    await db.close();
    replicas.push(await startReplica(), await startReplica());
    home = mkdtempSync(join(tmpdir(), "dangjian-nginx-"));
    for (const folder of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(home, folder));
    const port = await freePort();
    writeFileSync(
      join(home, "nginx.conf"),
      `daemon off;
worker_processes 1;
pid ${home}/nginx.pid;
error_log ${home}/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${home}/body;
  proxy_temp_path ${home}/proxy;
  fastcgi_temp_path ${home}/fastcgi;
  uwsgi_temp_path ${home}/uwsgi;
  scgi_temp_path ${home}/scgi;
  upstream hubs {
    server 127.0.0.1:${replicas[0]!.port} max_fails=1 fail_timeout=30s;
    server 127.0.0.1:${replicas[1]!.port} max_fails=1 fail_timeout=30s;
    keepalive 16;
    # Idle pooled connections are nginx's to close, well inside the drain: a connection left idle
    # through the whole drain would otherwise be closed by the stopping replica just as nginx sends
    # a write on it, and a write already sent is never re-sent (a 502, seen once in a CI rehearsal).
    keepalive_timeout 500ms;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://hubs;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # A replica whose port is closed is skipped; a request it already received is never re-sent.
      proxy_next_upstream error timeout;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`,
    );
    const check = spawnSync(NGINX, ["-t", "-p", home, "-c", join(home, "nginx.conf")], { encoding: "utf8" });
    if (check.status !== 0) throw new Error(`nginx -t failed: ${check.stderr}`);
    nginx = spawn(NGINX, ["-p", home, "-c", join(home, "nginx.conf")], { stdio: "ignore" });
    base = `http://127.0.0.1:${port}`;
    await waitReady(port, 20_000);
  }, 400_000);

  afterAll(async () => {
    nginx?.kill("SIGQUIT");
    for (const replica of replicas) replica.process.kill("SIGTERM");
    await Promise.all(replicas.map((replica) => replica.exited));
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it("serves every write readable at once through the other replica when its bookmark is sent", async () => {
    const token = await testToken("admin");
    const seenUpstreams = new Set<string>();
    for (let i = 1; i <= 6; i++) {
      const code = `RYW-${i}`;
      const write = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: `mutation { createPlace(input: { code: "${code}", kind: COMPOUND, name: "读写${i}", parent: "LHT-C1", validFrom: "2024-01-01" }) { __typename } }` }),
      });
      const written = (await write.json()) as { errors?: unknown; extensions?: { bookmarks?: string[] } };
      expect(written.errors).toBeUndefined();
      const bookmarks = written.extensions?.bookmarks ?? [];
      expect(bookmarks.length).toBeGreaterThan(0);
      const read = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-neo4j-bookmarks": bookmarks.join(",") },
        body: JSON.stringify({ query: `{ place(code: "${code}", asOf: "2024-06-01") { code } }` }),
      });
      expect(((await read.json()) as { data: { place: unknown } }).data.place).toEqual({ code });
      const writer = write.headers.get("x-upstream");
      const reader = read.headers.get("x-upstream");
      if (writer && reader && writer !== reader) seenUpstreams.add(`${writer}→${reader}`);
    }
    // Round-robin: at least one write was read back through the other replica.
    expect(seenUpstreams.size).toBeGreaterThan(0);
  });

  it(`runs ${CLIENTS} clients × ${SECONDS} s of mixed load through nginx while one replica is stopped: nothing lost`, { timeout: 240_000 }, async () => {
    const namespace = "REPLICA-LOAD";
    const writerSubject = "replica-writer";
    const stopped = replicas[0]!;
    let sigtermAt = 0;
    let stoppedExit: Promise<number | null> | undefined;
    const report = await runLoad({
      url: `${base}/graphql`,
      clients: CLIENTS,
      seconds: SECONDS,
      namespace,
      parent: "LHT",
      writerSubject,
      progressEveryMs: 1_000,
      onProgress: (_done, elapsedMs) => {
        if (sigtermAt === 0 && elapsedMs >= (SECONDS * 1000) / 2) {
          sigtermAt = elapsedMs;
          stopped.process.kill("SIGTERM");
          stoppedExit = stopped.exited;
        }
      },
      tokens: {
        reader: await testToken({ role: "analyst", sub: "replica-reader" }),
        writer: await testToken({ role: "steward", sub: writerSubject, scope: [namespace] }),
        admin: await testToken({ role: "admin", sub: "replica-admin" }),
      },
    });
    const exitCode = await stoppedExit;
    const stoppedLog = stopped.log.join("");
    process.stdout.write(
      `${formatReport(report)}\nreplica on :${stopped.port} got SIGTERM at ${Math.round(sigtermAt)} ms, drained ${DRAIN_MS} ms, exited ${exitCode}\n`,
    );
    expect(sigtermAt).toBeGreaterThan(0);
    expect(exitCode).toBe(0);
    expect(stoppedLog).toContain("draining");
    expect(report.unexpectedSamples).toEqual([]);
    expect(report.unexpectedErrors).toBe(0);
    expect(report.unknownWrites).toBe(0);
    expect(report.invariants).toMatchObject({ missing: [], duplicated: [], unexplained: [], versionMismatches: [], ok: true });
    // The other replica carried on: the whole run was served.
    expect(report.requests).toBeGreaterThan(CLIENTS * 10);
  });
});
