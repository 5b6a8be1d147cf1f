import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/index.js";
import { PROJECT_ROOT } from "../../src/database/index.js";

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("configuration", () => {
  it("defaults to a local Neo4j and port 4000", () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.host).toBe("127.0.0.1");
    expect(config.neo4j).toMatchObject({ kind: "local", boltPort: 7687, dataDir: join(PROJECT_ROOT, ".data/neo4j") });
  });

  it("uses an absolute LOCAL_NEO4J_DATA_DIR as given and a relative one under the project root", () => {
    const absolute = join(tmpdir(), "dangjian-hub-data");
    expect(loadConfig({ LOCAL_NEO4J_DATA_DIR: absolute }).neo4j).toMatchObject({ dataDir: absolute });
    expect(loadConfig({ LOCAL_NEO4J_DATA_DIR: "tmp/neo4j" }).neo4j).toMatchObject({ dataDir: join(PROJECT_ROOT, "tmp", "neo4j") });
    expect(loadConfig({ LOCAL_NEO4J_DATA_DIR: "../elsewhere" }).neo4j).toMatchObject({ dataDir: resolve(PROJECT_ROOT, "..", "elsewhere") });
  });

  it("uses an external Neo4j when NEO4J_URI is set, for every supported scheme", () => {
    for (const uri of ["bolt://db.example:7687", "neo4j://cluster.example", "neo4j+s://abc.databases.neo4j.io"]) {
      const config = loadConfig({ NEO4J_URI: uri, NEO4J_USERNAME: "neo4j", NEO4J_PASSWORD: "secret" });
      expect(config.neo4j).toEqual({ kind: "external", uri, username: "neo4j", password: "secret", database: undefined });
    }
  });

  it.each([
    [{ HUB_PORT: "abc" }, "HUB_PORT", "whole number"],
    [{ HUB_PORT: "70000" }, "HUB_PORT", "between 0 and 65535"],
    [{ HUB_MODE: "prod" }, "HUB_MODE", "development, production"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL", "one of"],
    [{ NEO4J_URI: "http://localhost:7474" }, "NEO4J_URI", "must use one of"],
    [{ NEO4J_URI: "not a uri" }, "NEO4J_URI", "is not a URI"],
    [{ NEO4J_URI: "bolt://x", NEO4J_USERNAME: "neo4j" }, "NEO4J_PASSWORD", "together"],
    [{ LOCAL_NEO4J_HEAP: "lots" }, "LOCAL_NEO4J_HEAP", "512m or 2g"],
    [{ NEO4J_TX_TIMEOUT_MS: "5" }, "NEO4J_TX_TIMEOUT_MS", "between"],
    [{ HUB_TIMEZONE: "Mars/Olympus" }, "HUB_TIMEZONE", "IANA time zone"],
    [{ HUB_TIMEZONE: "+08:00x" }, "HUB_TIMEZONE", "IANA time zone"],
  ])("rejects %j naming %s", (env, variable, reason) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message).toContain(reason);
  });

  it("takes today in Asia/Shanghai unless HUB_TIMEZONE names another zone", () => {
    expect(loadConfig({}).timeZone).toBe("Asia/Shanghai");
    expect(loadConfig({ HUB_TIMEZONE: "UTC" }).timeZone).toBe("UTC");
  });

  it("stops the real process at start with a message naming the bad variable", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, HUB_PORT: "not-a-port", NEO4J_URI: "" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("HUB_PORT");
    expect(result.stderr).toContain("not-a-port");
  });
});
