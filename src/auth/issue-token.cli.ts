import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config/index.js";
import { CODE_PATTERN } from "../graph/vocabulary.js";
import { configuredSecret, DEV_SECRET_FILE, secretBytes } from "./keys.js";
import { signToken } from "./token.js";
import { ROLES, type Role } from "./viewer.js";

/**
 * `npm run token -- --role analyst --sub alice [--scope LHT-C1] [--ttl 8h]`
 *
 * Prints an HS256 token that a hub with the same environment accepts: signed with HUB_JWT_SECRET,
 * or in development mode without one, with the secret in .data/jwt-secret (created if missing, the
 * same file `npm start` uses). Only the token goes to stdout, so `TOKEN=$(npm run -s token -- …)`.
 */
const USAGE = `usage: npm run token -- --role <${ROLES.join("|")}> --sub <subject> [--scope <place code>]... [--ttl <8h>]

  --role   the role the token grants
  --sub    who the token is for (recorded in the audit log)
  --scope  a place code a steward may work in; repeat it or separate codes with commas
  --ttl    lifetime: <n>s, <n>m, <n>h or <n>d (default 8h, at most HUB_MAX_TOKEN_LIFETIME, 12h unless set)`;

const TTL = /^(\d+)([smhd])$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400 };
const MAX_TTL_SECONDS = 366 * 86_400;

class UsageError extends Error {}

function ttlSeconds(raw: string): number {
  const match = TTL.exec(raw.trim());
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2]!]! : NaN;
  if (!(seconds > 0 && seconds <= MAX_TTL_SECONDS)) throw new UsageError(`--ttl must look like 30m, 8h or 7d (at most 366d), got "${raw}"`);
  return seconds;
}

async function main(argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      role: { type: "string" },
      sub: { type: "string" },
      scope: { type: "string", multiple: true },
      ttl: { type: "string", default: "8h" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) throw new UsageError("");
  const role = values.role;
  if (role === undefined || !(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
  const sub = values.sub?.trim();
  if (!sub) throw new UsageError("--sub is required: who the token is for");
  const scope = (values.scope ?? []).flatMap((entry) => entry.split(",")).map((code) => code.trim()).filter((code) => code !== "");
  const badCode = scope.find((code) => !CODE_PATTERN.test(code));
  if (badCode !== undefined) throw new UsageError(`--scope takes place codes (upper-case letters, digits, - and _), got "${badCode}"`);
  if (role === "steward" && scope.length === 0) process.stderr.write("note: a steward without --scope may write nowhere\n");
  const ttl = ttlSeconds(values.ttl);

  const config = loadConfig();
  if (ttl > config.auth.maxTokenLifetimeSeconds) {
    throw new UsageError(`--ttl is longer than this hub accepts (HUB_MAX_TOKEN_LIFETIME: ${config.auth.maxTokenLifetimeSeconds} s)`);
  }
  const secret = configuredSecret(config.auth, config.mode);
  if (secret === undefined) {
    throw new ConfigError("HUB_JWT_SECRET", "is not set: this hub verifies tokens with HUB_JWT_PUBLIC_KEY, so issue them with the matching private key");
  }
  if (secret.created) process.stderr.write(`created a development token secret in ${DEV_SECRET_FILE}\n`);
  const now = new Date();
  const token = await signToken({ sub, role: role as Role, scope }, secretBytes(secret.secret), {
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    ttl,
    now,
  });
  const expires = new Date(now.getTime() + ttl * 1000).toISOString();
  process.stderr.write(`token for ${sub} (${role}${scope.length ? `, scope ${scope.join(",")}` : ""}), signed with ${secret.source}, expires ${expires}\n`);
  return token;
}

main(process.argv.slice(2)).then(
  (token) => process.stdout.write(`${token}\n`),
  (error: unknown) => {
    if (error instanceof UsageError || String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS")) {
      if (error instanceof Error && error.message) process.stderr.write(`${error.message}\n`);
      process.stderr.write(`${USAGE}\n`);
      process.exit(error instanceof UsageError && error.message === "" ? 0 : 2);
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
