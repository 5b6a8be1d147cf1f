import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportSPKI, generateKeyPair, SignJWT } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { createAuthenticator, loadTokenKeys, secretBytes, signToken, UnauthenticatedError, type TokenKeys } from "../../src/auth/index.js";
import { loadConfig } from "../../src/config/index.js";
import { TEST_JWT_SECRET, testToken } from "../support/hub.js";

const AUDIENCE = { issuer: "dangjian-hub", audience: "dangjian-hub" };
const keys: TokenKeys = { secret: secretBytes(TEST_JWT_SECRET), publicKey: undefined, secretSource: "HUB_JWT_SECRET" };
const authenticate = createAuthenticator(keys, { ...AUDIENCE, anonymousRole: undefined });

/** The error an authentication attempt fails with (the test fails if it succeeds). */
async function refusal(attempt: Promise<unknown>): Promise<UnauthenticatedError> {
  const error = await attempt.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UnauthenticatedError);
  const refused = error as UnauthenticatedError;
  expect(refused.extensions.code).toBe("UNAUTHENTICATED");
  return refused;
}

/** Signs arbitrary claims with the test secret, to build tokens signToken would never make. */
function rawToken(claims: Record<string, unknown>, build: (jwt: SignJWT) => SignJWT = (jwt) => jwt): Promise<string> {
  return build(new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuer("dangjian-hub").setAudience("dangjian-hub")).sign(
    secretBytes(TEST_JWT_SECRET),
  );
}

describe("bearer token verification", () => {
  it("accepts a token signed with the secret and reads subject, role and scope from it", async () => {
    const token = await testToken({ role: "steward", sub: "wang.fang", scope: ["LHT-C1", "LHT-C2", "LHT-C1"] });
    expect(await authenticate(`Bearer ${token}`)).toEqual({ subject: "wang.fang", role: "steward", scope: ["LHT-C1", "LHT-C2"] });
    expect(await authenticate(`bearer   ${token}`)).toMatchObject({ role: "steward" });
  });

  it("refuses an expired token, saying so", async () => {
    const token = await signToken({ sub: "alice", role: "admin" }, secretBytes(TEST_JWT_SECRET), {
      ...AUDIENCE,
      ttl: 60,
      now: new Date(Date.now() - 3_600_000),
    });
    const error = await refusal(authenticate(`Bearer ${token}`));
    expect(error.reason).toBe("expired");
    expect(error.message).toMatch(/expired/);
  });

  it("remembers a verified token only until it expires, and never a refusal", async () => {
    let now = Date.now();
    const clocked = createAuthenticator(keys, { ...AUDIENCE, anonymousRole: undefined }, () => now);
    const token = await signToken({ sub: "alice", role: "analyst" }, secretBytes(TEST_JWT_SECRET), { ...AUDIENCE, ttl: 60, now: new Date(now) });
    expect(await clocked(`Bearer ${token}`)).toMatchObject({ subject: "alice", role: "analyst" });
    expect(await clocked(`Bearer ${token}`)).toMatchObject({ subject: "alice", role: "analyst" });
    // Past exp and the 30 s tolerance the remembered answer no longer counts: checked again, refused.
    now += 91_000;
    expect((await refusal(clocked(`Bearer ${token}`))).reason).toBe("expired");
    // A token that failed once fails again (a forged signature is not remembered as anything).
    const forged = `${token.slice(0, token.lastIndexOf(".") + 1)}${"A".repeat(43)}`;
    now -= 91_000;
    expect((await refusal(clocked(`Bearer ${forged}`))).reason).toBe("invalid");
    expect((await refusal(clocked(`Bearer ${forged}`))).reason).toBe("invalid");
  });

  it("tolerates a little clock skew but not more", async () => {
    const justExpired = await rawToken({ sub: "alice", role: "viewer" }, (jwt) => jwt.setExpirationTime(Math.floor(Date.now() / 1000) - 5));
    expect(await authenticate(`Bearer ${justExpired}`)).toMatchObject({ subject: "alice" });
    const longExpired = await rawToken({ sub: "alice", role: "viewer" }, (jwt) => jwt.setExpirationTime(Math.floor(Date.now() / 1000) - 120));
    expect((await refusal(authenticate(`Bearer ${longExpired}`))).reason).toBe("expired");
  });

  it("refuses a token signed with another secret", async () => {
    const token = await testToken({ secret: "another secret that is long enough to be valid!!" });
    const error = await refusal(authenticate(`Bearer ${token}`));
    expect(error.reason).toBe("invalid");
    expect(error.message).toMatch(/signature/);
  });

  it("refuses a token whose signature was tampered with or whose payload was edited", async () => {
    const token = await testToken("viewer");
    const [header, , signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ sub: "mallory", role: "admin", iss: "dangjian-hub", aud: "dangjian-hub", exp: 9_999_999_999 })).toString("base64url");
    expect((await refusal(authenticate(`Bearer ${header}.${forged}.${signature}`))).reason).toBe("invalid");
  });

  it("refuses a token for another audience or from another issuer", async () => {
    const otherAudience = await refusal(authenticate(`Bearer ${await testToken({ audience: "another-service" })}`));
    expect(otherAudience.message).toContain('"aud"');
    const otherIssuer = await refusal(authenticate(`Bearer ${await testToken({ issuer: "someone-else" })}`));
    expect(otherIssuer.message).toContain('"iss"');
  });

  it("refuses a token that lives longer than HUB_MAX_TOKEN_LIFETIME (12 h by default), and a sub that could forge a log line", async () => {
    const now = Math.floor(Date.now() / 1000);
    const week = await rawToken({ sub: "alice", role: "admin" }, (jwt) => jwt.setIssuedAt(now).setExpirationTime(now + 7 * 86_400));
    expect((await refusal(authenticate(`Bearer ${week}`))).message).toMatch(/lives longer/);
    const noIat = await rawToken({ sub: "alice", role: "admin" }, (jwt) => jwt.setExpirationTime(now + 13 * 3_600));
    expect((await refusal(authenticate(`Bearer ${noIat}`))).reason).toBe("invalid");
    const workday = await rawToken({ sub: "alice", role: "admin" }, (jwt) => jwt.setIssuedAt(now).setExpirationTime(now + 12 * 3_600));
    expect(await authenticate(`Bearer ${workday}`)).toMatchObject({ subject: "alice" });
    for (const sub of ["alice\nlevel=50 msg=forged", "bob\u0000", "eve\u202Eeve", "\u2028x"]) {
      const token = await rawToken({ sub, role: "viewer" }, (jwt) => jwt.setExpirationTime("1h"));
      expect((await refusal(authenticate(`Bearer ${token}`))).message).toContain('"sub"');
    }
  });

  it("refuses a token without an expiry", async () => {
    const token = await rawToken({ sub: "alice", role: "admin" });
    expect((await refusal(authenticate(`Bearer ${token}`))).message).toContain('"exp"');
  });

  it("refuses a token without a role, with an unknown role, or without a subject", async () => {
    const expiring = (jwt: SignJWT) => jwt.setExpirationTime("1h");
    const noRole = await refusal(authenticate(`Bearer ${await rawToken({ sub: "alice" }, (jwt) => expiring(jwt))}`));
    expect(noRole.message).toContain('"role"');
    const badRole = await refusal(authenticate(`Bearer ${await rawToken({ sub: "alice", role: "root" }, (jwt) => expiring(jwt))}`));
    expect(badRole.message).toContain("viewer, analyst, steward, admin");
    const noSubject = await refusal(authenticate(`Bearer ${await rawToken({ role: "admin" }, (jwt) => expiring(jwt))}`));
    expect(noSubject.message).toContain('"sub"');
  });

  it("refuses a scope that is not a list of place codes", async () => {
    for (const scope of ["LHT-C1", ["lht-c1"], [{ code: "LHT-C1" }]]) {
      const token = await rawToken({ sub: "alice", role: "steward", scope }, (jwt) => jwt.setExpirationTime("1h"));
      expect((await refusal(authenticate(`Bearer ${token}`))).message).toContain('"scope"');
    }
  });

  it("refuses unsigned tokens and algorithms it was not configured for", async () => {
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(JSON.stringify({ sub: "mallory", role: "admin", iss: "dangjian-hub", aud: "dangjian-hub", exp: 9_999_999_999 })).toString("base64url");
    expect((await refusal(authenticate(`Bearer ${header}.${payload}.`))).reason).toMatch(/invalid|malformed/);
    const { privateKey } = await generateKeyPair("ES256");
    const es256 = await new SignJWT({ role: "admin" }).setProtectedHeader({ alg: "ES256" }).setSubject("mallory").setIssuer("dangjian-hub").setAudience("dangjian-hub").setExpirationTime("1h").sign(privateKey);
    expect((await refusal(authenticate(`Bearer ${es256}`))).reason).toBe("invalid");
  });

  it("refuses a missing, non-Bearer or garbage Authorization header", async () => {
    expect((await refusal(authenticate(undefined))).reason).toBe("missing");
    expect((await refusal(authenticate(""))).reason).toBe("missing");
    expect((await refusal(authenticate("Basic YWxpY2U6c2VjcmV0"))).reason).toBe("malformed");
    expect((await refusal(authenticate("Bearer not-a-jwt"))).reason).toBe("malformed");
    expect((await refusal(authenticate(`Bearer ${"A".repeat(50)}.${"B".repeat(50)}.${"C".repeat(10)}`))).reason).toBe("malformed");
  });
});

describe("anonymous access", () => {
  it("is off by default: no header means 401", async () => {
    expect(loadConfig({}).auth.anonymousRole).toBeUndefined();
    expect((await refusal(authenticate(undefined))).reason).toBe("missing");
  });

  it("when on, gives requests without a token the configured role, but still refuses bad tokens", async () => {
    const config = loadConfig({ HUB_ALLOW_ANONYMOUS: "viewer", HUB_JWT_SECRET: TEST_JWT_SECRET });
    const open = createAuthenticator(keys, config.auth);
    expect(await open(undefined)).toEqual({ subject: "anonymous", role: "viewer", scope: [] });
    await refusal(open(`Bearer ${await testToken({ secret: "another secret that is long enough to be valid!!" })}`));
    expect(await open(`Bearer ${await testToken("analyst")}`)).toMatchObject({ role: "analyst" });
  });
});

describe("tokens signed with a private key", () => {
  const dir = mkdtempSync(join(tmpdir(), "dangjian-jwt-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("verify with the public key from HUB_JWT_PUBLIC_KEY, alongside the HS256 secret", async () => {
    const { publicKey, privateKey } = await generateKeyPair("ES256");
    const file = join(dir, "issuer.pem");
    writeFileSync(file, await exportSPKI(publicKey));
    const config = loadConfig({ HUB_JWT_PUBLIC_KEY: file, HUB_JWT_PUBLIC_KEY_ALG: "ES256", HUB_JWT_SECRET: TEST_JWT_SECRET, HUB_MODE: "production" });
    const both = createAuthenticator(await loadTokenKeys(config.auth, config.mode), config.auth);
    const signed = await new SignJWT({ role: "analyst" })
      .setProtectedHeader({ alg: "ES256" })
      .setSubject("idp-user")
      .setIssuer("dangjian-hub")
      .setAudience("dangjian-hub")
      .setExpirationTime("10m")
      .sign(privateKey);
    expect(await both(`Bearer ${signed}`)).toEqual({ subject: "idp-user", role: "analyst", scope: [] });
    expect(await both(`Bearer ${await testToken("viewer")}`)).toMatchObject({ role: "viewer" });
  });

  it("stop the hub at start when the key file is missing or not a key", async () => {
    const garbage = join(dir, "garbage.pem");
    writeFileSync(garbage, "not a key");
    for (const file of [join(dir, "missing.pem"), garbage]) {
      const config = loadConfig({ HUB_JWT_PUBLIC_KEY: file, HUB_MODE: "production" });
      await expect(loadTokenKeys(config.auth, config.mode)).rejects.toThrow(/HUB_JWT_PUBLIC_KEY/);
    }
  });
});
