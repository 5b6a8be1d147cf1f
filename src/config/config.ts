import { isAbsolute, resolve } from "node:path";
import { ROLES, type Role } from "../auth/viewer.js";
import { PROJECT_ROOT } from "../database/project-root.js";
import { DEFAULT_TIME_ZONE, isTimeZone } from "../temporal/index.js";

/**
 * Configuration comes from environment variables only, and is validated once at start:
 * a bad value stops the process with a message that names the variable.
 */
export type HubMode = "development" | "production";
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";

export interface ExternalNeo4j {
  kind: "external";
  uri: string;
  username: string | undefined;
  password: string | undefined;
  database: string | undefined;
}

export interface LocalNeo4j {
  kind: "local";
  boltPort: number;
  /** Absolute path of the data folder: LOCAL_NEO4J_DATA_DIR as given when absolute, else under the project root. */
  dataDir: string;
  heap: string;
  pageCache: string;
}

/** Algorithms accepted for tokens signed with a private key (HUB_JWT_PUBLIC_KEY verifies them). */
export const PUBLIC_KEY_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"] as const;
export type PublicKeyAlgorithm = (typeof PUBLIC_KEY_ALGORITHMS)[number];

/** How bearer tokens are verified (src/auth). */
export interface AuthConfig {
  /** HS256 secret (at least 32 bytes); in development an unset secret is generated into .data/jwt-secret. */
  jwtSecret: string | undefined;
  /** PEM file (SPKI public key or X.509 certificate) verifying tokens signed with `jwtPublicKeyAlgorithm`. */
  jwtPublicKeyFile: string | undefined;
  jwtPublicKeyAlgorithm: PublicKeyAlgorithm;
  issuer: string;
  audience: string;
  /** The role given to requests without a token; undefined = they get 401. */
  anonymousRole: Role | undefined;
  /** Longest accepted token lifetime, `iat` to `exp`, in seconds (HUB_MAX_TOKEN_LIFETIME, default 12 h). */
  maxTokenLifetimeSeconds: number;
}

/** Limits on every GraphQL document (src/server/limits.ts). */
export interface LimitsConfig {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
}

export interface HubConfig {
  mode: HubMode;
  host: string;
  port: number;
  logLevel: LogLevel;
  neo4j: ExternalNeo4j | LocalNeo4j;
  transactionTimeoutMs: number;
  maxBodyBytes: number;
  /** Largest workbook POST /import/workbook.xlsx takes (HUB_MAX_WORKBOOK_BYTES, default 10 MB). */
  maxWorkbookBytes: number;
  /** Largest GraphQL answer (HUB_MAX_RESPONSE_BYTES); a bigger one is a LIMIT_EXCEEDED error. */
  maxResponseBytes: number;
  /** Seed folder loaded when the database holds no organisation graph yet; "" turns it off. */
  initialSeed: string;
  auth: AuthConfig;
  limits: LimitsConfig;
  /** Schema introspection; off by default in production. */
  introspection: boolean;
  /** Counts of personal data below this are suppressed for callers who may not see the records (docs/DISCLOSURE.md). */
  disclosureThreshold: number;
  /** Port of the analyst's dashboard (web/, built into dist/web); undefined = not served. 0 = any free port. */
  dashboardPort: number | undefined;
  /** Prometheus metrics at GET /metrics (HUB_METRICS, default on). */
  metrics: boolean;
  /** Run every analytic statement once at start, so its plan is cached before the first request (HUB_WARM_UP, default on). */
  warmUp: boolean;
  /** What executes an operation after Apollo validated it (HUB_EXECUTOR): graphql-jit, or graphql-js alone (src/server/executor.ts). */
  executor: "graphql-jit" | "graphql-js";
  /**
   * How long a stopping hub keeps serving with /readyz at 503 before it closes its port
   * (HUB_DRAIN_MS): long enough for a load balancer's health checks to take it out.
   */
  drainMs: number;
  /** IANA time zone whose calendar date is "today", the default `asOf` of every read. */
  timeZone: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(", ")}, got "${raw}"`);
  }
  return raw as T;
}

const MEMORY_SIZE = /^\d+[kmgKMG]$/;

function memorySize(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!MEMORY_SIZE.test(raw)) throw new ConfigError(name, `must look like 512m or 2g, got "${raw}"`);
  return raw;
}

const NEO4J_SCHEMES = ["bolt:", "bolt+s:", "bolt+ssc:", "neo4j:", "neo4j+s:", "neo4j+ssc:"];

function externalNeo4j(env: Env, uri: string): ExternalNeo4j {
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    throw new ConfigError("NEO4J_URI", `is not a URI: "${uri}"`);
  }
  if (!NEO4J_SCHEMES.includes(parsed.protocol)) {
    throw new ConfigError("NEO4J_URI", `must use one of ${NEO4J_SCHEMES.map((s) => s + "//").join(", ")}, got "${parsed.protocol}//"`);
  }
  const username = env.NEO4J_USERNAME || undefined;
  const password = env.NEO4J_PASSWORD || undefined;
  if ((username === undefined) !== (password === undefined)) {
    throw new ConfigError(username === undefined ? "NEO4J_USERNAME" : "NEO4J_PASSWORD", "must be set together with the other credential");
  }
  return { kind: "external", uri, username, password, database: env.NEO4J_DATABASE || undefined };
}

function timeZone(env: Env, name: string): string {
  const raw = env[name];
  if (raw === undefined || raw === "") return DEFAULT_TIME_ZONE;
  if (!isTimeZone(raw)) throw new ConfigError(name, `must be an IANA time zone such as Asia/Shanghai or UTC, got "${raw}"`);
  return raw;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (raw === "true" || raw === "1") return true;
  if (raw === "false" || raw === "0") return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

/** Roles that anonymous requests may be given: never one that writes or sees personal data. */
const ANONYMOUS_ROLES = ROLES.filter((role) => role === "viewer" || role === "analyst");

function authConfig(env: Env, mode: HubMode): AuthConfig {
  const jwtSecret = env.HUB_JWT_SECRET || undefined;
  if (jwtSecret !== undefined && Buffer.byteLength(jwtSecret, "utf8") < 32) {
    throw new ConfigError("HUB_JWT_SECRET", "must be at least 32 bytes long (for example: openssl rand -base64 48)");
  }
  const jwtPublicKeyFile = env.HUB_JWT_PUBLIC_KEY || undefined;
  if (mode === "production" && jwtSecret === undefined && jwtPublicKeyFile === undefined) {
    throw new ConfigError("HUB_JWT_SECRET", "(or HUB_JWT_PUBLIC_KEY) must be set in production mode");
  }
  const anonymous = env.HUB_ALLOW_ANONYMOUS;
  let anonymousRole: Role | undefined;
  if (anonymous !== undefined && anonymous !== "" && anonymous !== "false") {
    if (!(ANONYMOUS_ROLES as readonly string[]).includes(anonymous)) {
      throw new ConfigError("HUB_ALLOW_ANONYMOUS", `must be empty, false, ${ANONYMOUS_ROLES.join(" or ")}, got "${anonymous}"`);
    }
    anonymousRole = anonymous as Role;
  }
  return {
    jwtSecret,
    jwtPublicKeyFile,
    jwtPublicKeyAlgorithm: oneOf(env, "HUB_JWT_PUBLIC_KEY_ALG", PUBLIC_KEY_ALGORITHMS, "RS256"),
    issuer: env.HUB_JWT_ISSUER || "dangjian-hub",
    audience: env.HUB_JWT_AUDIENCE || "dangjian-hub",
    anonymousRole,
    maxTokenLifetimeSeconds: duration(env, "HUB_MAX_TOKEN_LIFETIME", 12 * 3_600, 60, 31 * 86_400),
  };
}

const DURATION = /^(\d{1,7})([smhd]?)$/;
const DURATION_SECONDS: Record<string, number> = { "": 1, s: 1, m: 60, h: 3_600, d: 86_400 };

/** A duration: seconds, or a number with s, m, h or d (`12h`). */
function duration(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const match = DURATION.exec(raw.trim());
  const seconds = match ? Number(match[1]) * DURATION_SECONDS[match[2]!]! : NaN;
  if (!(seconds >= min && seconds <= max)) throw new ConfigError(name, `must be a duration from ${min} s to ${max} s such as 30m, 12h or 1d, got "${raw}"`);
  return seconds;
}

function limitsConfig(env: Env): LimitsConfig {
  return {
    maxDepth: integer(env, "HUB_MAX_DEPTH", 12, 1, 100),
    maxAliases: integer(env, "HUB_MAX_ALIASES", 15, 0, 1_000),
    maxDirectives: integer(env, "HUB_MAX_DIRECTIVES", 50, 0, 1_000),
    maxTokens: integer(env, "HUB_MAX_TOKENS", 2_000, 10, 1_000_000),
    maxCost: integer(env, "HUB_MAX_COST", 20_000, 1, 100_000_000),
  };
}

/** An absolute data folder is used as given; a relative one is relative to the project root (not the working directory). */
export function dataDirectory(value: string): string {
  return isAbsolute(value) ? value : resolve(PROJECT_ROOT, value);
}

export function loadConfig(env: Env = process.env): HubConfig {
  const mode = oneOf(env, "HUB_MODE", ["development", "production"] as const, "development");
  const uri = env.NEO4J_URI;
  const neo4j: HubConfig["neo4j"] =
    uri !== undefined && uri !== ""
      ? externalNeo4j(env, uri)
      : {
          kind: "local",
          boltPort: integer(env, "LOCAL_NEO4J_BOLT_PORT", 7687, 1, 65535),
          dataDir: dataDirectory(env.LOCAL_NEO4J_DATA_DIR || ".data/neo4j"),
          heap: memorySize(env, "LOCAL_NEO4J_HEAP", "1g"),
          pageCache: memorySize(env, "LOCAL_NEO4J_PAGECACHE", "512m"),
        };
  return {
    mode,
    host: env.HUB_HOST || "127.0.0.1",
    port: integer(env, "HUB_PORT", 4000, 0, 65535),
    logLevel: oneOf(env, "LOG_LEVEL", ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const, "info"),
    neo4j,
    transactionTimeoutMs: integer(env, "NEO4J_TX_TIMEOUT_MS", 15_000, 100, 3_600_000),
    maxBodyBytes: integer(env, "HUB_MAX_BODY_BYTES", 1_000_000, 1_000, 100_000_000),
    maxWorkbookBytes: integer(env, "HUB_MAX_WORKBOOK_BYTES", 10_000_000, 10_000, 200_000_000),
    maxResponseBytes: integer(env, "HUB_MAX_RESPONSE_BYTES", 5_000_000, 10_000, 1_000_000_000),
    initialSeed: env.HUB_INITIAL_SEED ?? "seeds/longhutang",
    auth: authConfig(env, mode),
    limits: limitsConfig(env),
    introspection: flag(env, "HUB_INTROSPECTION", mode !== "production"),
    disclosureThreshold: integer(env, "HUB_DISCLOSURE_THRESHOLD", 5, 1, 1_000),
    dashboardPort: env.HUB_DASHBOARD_PORT === "off" ? undefined : integer(env, "HUB_DASHBOARD_PORT", 4001, 0, 65535),
    metrics: flag(env, "HUB_METRICS", true),
    warmUp: flag(env, "HUB_WARM_UP", true),
    executor: oneOf(env, "HUB_EXECUTOR", ["graphql-jit", "graphql-js"] as const, "graphql-jit"),
    drainMs: integer(env, "HUB_DRAIN_MS", 0, 0, 600_000),
    timeZone: timeZone(env, "HUB_TIMEZONE"),
  };
}
