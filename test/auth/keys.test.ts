import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { configuredSecret, createAuthenticator, developmentSecret, loadTokenKeys } from "../../src/auth/index.js";
import { ConfigError, loadConfig } from "../../src/config/index.js";
import { PROJECT_ROOT } from "../../src/database/index.js";
import { TEST_JWT_SECRET } from "../support/hub.js";

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("authentication configuration", () => {
  const dir = mkdtempSync(join(tmpdir(), "dangjian-keys-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("defaults: issuer and audience dangjian-hub, anonymous off, no secret configured", () => {
    expect(loadConfig({}).auth).toEqual({
      jwtSecret: undefined,
      jwtPublicKeyFile: undefined,
      jwtPublicKeyAlgorithm: "RS256",
      issuer: "dangjian-hub",
      audience: "dangjian-hub",
      anonymousRole: undefined,
      maxTokenLifetimeSeconds: 12 * 3_600,
    });
    expect(loadConfig({ HUB_MAX_TOKEN_LIFETIME: "30m" }).auth.maxTokenLifetimeSeconds).toBe(1_800);
    expect(() => loadConfig({ HUB_MAX_TOKEN_LIFETIME: "forever" })).toThrow(/HUB_MAX_TOKEN_LIFETIME/);
  });

  it.each([
    [{ HUB_JWT_SECRET: "too short" }, "HUB_JWT_SECRET", "at least 32 bytes"],
    [{ HUB_MODE: "production" }, "HUB_JWT_SECRET", "must be set in production"],
    [{ HUB_ALLOW_ANONYMOUS: "admin" }, "HUB_ALLOW_ANONYMOUS", "viewer or analyst"],
    [{ HUB_ALLOW_ANONYMOUS: "steward" }, "HUB_ALLOW_ANONYMOUS", "viewer or analyst"],
    [{ HUB_JWT_PUBLIC_KEY_ALG: "HS256" }, "HUB_JWT_PUBLIC_KEY_ALG", "RS256"],
    [{ HUB_INTROSPECTION: "maybe" }, "HUB_INTROSPECTION", "true or false"],
    [{ HUB_MAX_DEPTH: "0" }, "HUB_MAX_DEPTH", "between"],
    [{ HUB_MAX_COST: "lots" }, "HUB_MAX_COST", "whole number"],
  ])("rejects %j naming %s", (env, variable, reason) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(reason);
  });

  it("in development without a secret, generates one into a private file and reuses it", async () => {
    const file = join(dir, "nested", "jwt-secret");
    const first = developmentSecret(file);
    expect(first.created).toBe(true);
    expect(Buffer.byteLength(first.secret)).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(developmentSecret(file)).toEqual({ secret: first.secret, created: false });
    expect(readFileSync(file, "utf8").trim()).toBe(first.secret);

    const config = loadConfig({});
    expect(configuredSecret(config.auth, config.mode, file)).toMatchObject({ secret: first.secret, source: "development file" });
    const keys = await loadTokenKeys(config.auth, config.mode, file);
    expect(keys.secretSource).toBe("development file");
  });

  it("never uses the development file when a secret is configured or in production", () => {
    const file = join(dir, "never");
    const configured = loadConfig({ HUB_JWT_SECRET: TEST_JWT_SECRET });
    expect(configuredSecret(configured.auth, configured.mode, file)).toMatchObject({ secret: TEST_JWT_SECRET, source: "HUB_JWT_SECRET" });
    const production = loadConfig({ HUB_MODE: "production", HUB_JWT_PUBLIC_KEY: "/nonexistent.pem" });
    expect(configuredSecret(production.auth, production.mode, file)).toBeUndefined();
    expect(() => statSync(file)).toThrow();
  });

  it("refuses a development file that was truncated", () => {
    const file = join(dir, "short");
    writeFileSync(file, "short");
    expect(() => developmentSecret(file)).toThrow(/fewer than 32 bytes/);
  });
});

describe("npm run token", () => {
  const env = { ...process.env, HUB_JWT_SECRET: TEST_JWT_SECRET, HUB_JWT_ISSUER: "", HUB_JWT_AUDIENCE: "", HUB_MODE: "" };
  const cli = (args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "src/auth/issue-token.cli.ts", ...args], { cwd: PROJECT_ROOT, env, encoding: "utf8", timeout: 30_000 });

  it("prints only a token that the hub accepts, with role, subject and scope", async () => {
    const result = cli(["--role", "steward", "--sub", "li.wei", "--scope", "LHT-C1,LHT-C2", "--scope", "LHT-C3", "--ttl", "30m"]);
    expect(result.status).toBe(0);
    const token = result.stdout.trim();
    expect(token.split(".")).toHaveLength(3);
    expect(result.stderr).toContain("li.wei");
    const config = loadConfig(env);
    const authenticate = createAuthenticator(await loadTokenKeys(config.auth, config.mode), config.auth);
    expect(await authenticate(`Bearer ${token}`)).toEqual({ subject: "li.wei", role: "steward", scope: ["LHT-C1", "LHT-C2", "LHT-C3"] });
    const payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { exp: number; iat: number };
    expect(payload.exp - payload.iat).toBe(1_800);
  });

  it.each([
    [["--sub", "alice"], "--role"],
    [["--role", "root", "--sub", "alice"], "--role"],
    [["--role", "admin"], "--sub"],
    [["--role", "admin", "--sub", "a", "--ttl", "forever"], "--ttl"],
    [["--role", "steward", "--sub", "a", "--scope", "lower-case"], "--scope"],
    [["--role", "admin", "--sub", "a", "--colour", "red"], "usage"],
  ])("refuses %j with a message about %s and exit code 2", (args, mention) => {
    const result = cli(args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(mention);
  });
});
