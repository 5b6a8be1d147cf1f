import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { importSPKI, importX509 } from "jose";
import type { AuthConfig, HubMode, PublicKeyAlgorithm } from "../config/index.js";
import { ConfigError } from "../config/index.js";
import { PROJECT_ROOT } from "../database/project-root.js";

/**
 * Where a hub in development mode without HUB_JWT_SECRET keeps the secret it generated, so that
 * `npm start` works on a fresh clone and `npm run token` signs tokens the hub accepts. `.data/`
 * is git-ignored; production mode never reads this file.
 */
export const DEV_SECRET_FILE = join(PROJECT_ROOT, ".data", "jwt-secret");

/** HS256 needs a key at least as long as its hash output. */
export const MIN_SECRET_BYTES = 32;

type PublicKey = Awaited<ReturnType<typeof importSPKI>>;

/** The keys that verify bearer tokens, resolved once at start. */
export interface TokenKeys {
  /** HS256 key bytes, if tokens signed with a shared secret are accepted. */
  readonly secret: Uint8Array | undefined;
  /** Public key and its one accepted algorithm, if tokens signed with a private key are accepted. */
  readonly publicKey: { readonly key: PublicKey; readonly algorithm: PublicKeyAlgorithm } | undefined;
  /** Where the secret came from, for the start log. */
  readonly secretSource: "HUB_JWT_SECRET" | "development file" | undefined;
}

export function secretBytes(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/**
 * Reads the development secret, creating it on first use: 32 random bytes, base64url, in a file
 * only its owner can read. Two processes racing to create it agree on one (exclusive create).
 */
export function developmentSecret(file: string = DEV_SECRET_FILE): { secret: string; created: boolean } {
  const read = (): string => {
    const secret = readFileSync(file, "utf8").trim();
    if (Buffer.byteLength(secret, "utf8") < MIN_SECRET_BYTES) {
      throw new ConfigError("HUB_JWT_SECRET", `is unset and ${file} holds fewer than ${MIN_SECRET_BYTES} bytes; delete that file to get a new one`);
    }
    return secret;
  };
  try {
    return { secret: read(), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    writeFileSync(file, `${secret}\n`, { flag: "wx", mode: 0o600 });
    return { secret, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return { secret: read(), created: false };
  }
}

/**
 * The HS256 secret a hub with this configuration accepts: HUB_JWT_SECRET, or in development mode
 * without any configured key, the development file. Undefined when only a public key is configured.
 */
export function configuredSecret(auth: AuthConfig, mode: HubMode, devFile: string = DEV_SECRET_FILE): { secret: string; source: "HUB_JWT_SECRET" | "development file"; created: boolean } | undefined {
  if (auth.jwtSecret !== undefined) return { secret: auth.jwtSecret, source: "HUB_JWT_SECRET", created: false };
  if (mode === "production" || auth.jwtPublicKeyFile !== undefined) return undefined;
  return { ...developmentSecret(devFile), source: "development file" };
}

async function readPublicKey(file: string, algorithm: PublicKeyAlgorithm): Promise<PublicKey> {
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError("HUB_JWT_PUBLIC_KEY", `cannot be read: ${(error as Error).message}`);
  }
  try {
    return pem.includes("BEGIN CERTIFICATE") ? await importX509(pem, algorithm) : await importSPKI(pem, algorithm);
  } catch (error) {
    throw new ConfigError("HUB_JWT_PUBLIC_KEY", `is not a PEM public key (SPKI) or certificate for ${algorithm}: ${(error as Error).message}`);
  }
}

/** Resolves the verification keys at start; a bad key file stops the hub with a ConfigError. */
export async function loadTokenKeys(auth: AuthConfig, mode: HubMode, devFile: string = DEV_SECRET_FILE): Promise<TokenKeys & { createdDevSecret: boolean }> {
  const secret = configuredSecret(auth, mode, devFile);
  const publicKey =
    auth.jwtPublicKeyFile === undefined
      ? undefined
      : { key: await readPublicKey(auth.jwtPublicKeyFile, auth.jwtPublicKeyAlgorithm), algorithm: auth.jwtPublicKeyAlgorithm };
  return {
    secret: secret === undefined ? undefined : secretBytes(secret.secret),
    secretSource: secret?.source,
    publicKey,
    createdDevSecret: secret?.created ?? false,
  };
}
