import { createSecretKey, type KeyObject } from "node:crypto";
import { errors, jwtVerify, SignJWT, type JWTPayload, type ProtectedHeaderParameters } from "jose";
import { HubError } from "../errors/index.js";
import { CODE_PATTERN } from "../graph/vocabulary.js";
import type { TokenKeys } from "./keys.js";
import { ROLES, type Role, type Viewer } from "./viewer.js";

/** What the hub reads from a token besides the standard iss, aud, exp. */
export interface TokenClaims {
  /** The person or system the token was issued to; recorded in the audit log. */
  readonly sub: string;
  readonly role: Role;
  /** Place codes a steward works in (communities or subdistricts). */
  readonly scope?: readonly string[];
}

export interface TokenAudience {
  readonly issuer: string;
  readonly audience: string;
}

/** What a token must satisfy besides its audience: its longest lifetime (HUB_MAX_TOKEN_LIFETIME). */
export interface TokenPolicy extends TokenAudience {
  /** Seconds from `iat` (or now, without one) to `exp` at most (default 12 h). */
  readonly maxLifetimeSeconds?: number;
  /** The hub's clock, ms since the epoch (tests move it; default Date.now). */
  readonly clock?: () => number;
}

/** The longest a token may live unless HUB_MAX_TOKEN_LIFETIME says otherwise: one working day. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3_600;

/**
 * A usable `sub`: 1–200 characters, none of them a control, format (bidi overrides, zero-width),
 * unassigned, private-use or line/paragraph separator character — it goes into log lines and
 * the audit log as it is, so it must not be able to forge or hide a line there.
 */
export const SUBJECT_PATTERN = /^[^\p{C}\p{Zl}\p{Zp}]{1,200}$/u;

/** Clock skew tolerated between the token issuer and the hub. */
const CLOCK_TOLERANCE_SECONDS = 30;
const MAX_SCOPE_ENTRIES = 1_000;

/** Signs an HS256 token for `claims`, valid for `ttl` (jose time span such as "8h", or seconds). */
export async function signToken(claims: TokenClaims, secret: Uint8Array, options: TokenAudience & { ttl: string | number; now?: Date }): Promise<string> {
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const expires = typeof options.ttl === "number" ? now + options.ttl : options.ttl;
  return new SignJWT({ role: claims.role, scope: [...(claims.scope ?? [])] })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt(now)
    .setExpirationTime(typeof expires === "number" ? expires : `${expires} from now`)
    .sign(secret);
}

export class UnauthenticatedError extends HubError {
  constructor(
    message: string,
    readonly reason: "missing" | "malformed" | "expired" | "invalid",
  ) {
    super("UNAUTHENTICATED", message, { reason });
  }
}

function viewerFrom(payload: JWTPayload): Viewer {
  const { sub, role, scope } = payload;
  if (typeof sub !== "string" || sub.trim() === "" || !SUBJECT_PATTERN.test(sub)) {
    throw new UnauthenticatedError('The token has no usable "sub" claim.', "invalid");
  }
  if (typeof role !== "string" || !(ROLES as readonly string[]).includes(role)) {
    throw new UnauthenticatedError(`The token's "role" claim must be one of ${ROLES.join(", ")}.`, "invalid");
  }
  let places: string[] = [];
  if (scope !== undefined) {
    if (!Array.isArray(scope) || scope.length > MAX_SCOPE_ENTRIES || !scope.every((code) => typeof code === "string" && CODE_PATTERN.test(code))) {
      throw new UnauthenticatedError('The token\'s "scope" claim must be a list of place codes.', "invalid");
    }
    places = [...new Set(scope as string[])];
  }
  return { subject: sub, role: role as Role, scope: places };
}

/**
 * The HS256 key object of a secret, made once per secret: handing jose the raw bytes would import
 * them again on every request (~0.4 ms each).
 */
const SECRET_KEYS = new WeakMap<Uint8Array, KeyObject>();
function secretKey(secret: Uint8Array): KeyObject {
  let key = SECRET_KEYS.get(secret);
  if (!key) {
    key = createSecretKey(secret);
    SECRET_KEYS.set(secret, key);
  }
  return key;
}

/**
 * Verifies a compact JWS and returns who it speaks for. The signature must verify with a
 * configured key (HS256 with the secret, or the public key's one algorithm); `iss` and `aud` must
 * match; `exp` is required. Every failure is an UnauthenticatedError with a reason, never a crash.
 */
export async function verifyToken(token: string, keys: TokenKeys, expected: TokenPolicy): Promise<Viewer> {
  return (await verifyTokenUntil(token, keys, expected)).viewer;
}

/**
 * `verifyToken`, and the moment (ms since the epoch) from which the same token would be refused
 * as expired: `exp` plus the clock tolerance. Until then its verification cannot change (the keys
 * are fixed at start), so an authenticator may keep the answer (src/auth/authenticate.ts).
 */
export async function verifyTokenUntil(token: string, keys: TokenKeys, expected: TokenPolicy): Promise<{ viewer: Viewer; refusedFrom: number }> {
  const maxLifetime = expected.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  const algorithms = [...(keys.secret ? ["HS256"] : []), ...(keys.publicKey ? [keys.publicKey.algorithm] : [])];
  const keyFor = (header: ProtectedHeaderParameters) => {
    if (header.alg === "HS256" && keys.secret) return secretKey(keys.secret);
    if (keys.publicKey && header.alg === keys.publicKey.algorithm) return keys.publicKey.key;
    throw new errors.JOSEAlgNotAllowed(`"${String(header.alg)}" is not an accepted algorithm`);
  };
  try {
    const { payload } = await jwtVerify(token, keyFor, {
      algorithms,
      issuer: expected.issuer,
      audience: expected.audience,
      requiredClaims: ["exp", "sub"],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      ...(expected.clock ? { currentDate: new Date(expected.clock()) } : {}),
    });
    // A token issued for longer than the hub allows is refused whole, not trusted for part of it:
    // from `iat` to `exp`, or from now when it has no `iat`.
    const issued = typeof payload.iat === "number" ? payload.iat : Math.floor((expected.clock ?? Date.now)() / 1000);
    if (payload.exp! - issued > maxLifetime + CLOCK_TOLERANCE_SECONDS) {
      throw new UnauthenticatedError(`The token lives longer than this hub accepts (${maxLifetime} s from "iat" to "exp"); get a shorter one.`, "invalid");
    }
    return { viewer: viewerFrom(payload), refusedFrom: (payload.exp! + CLOCK_TOLERANCE_SECONDS) * 1000 };
  } catch (error) {
    if (error instanceof UnauthenticatedError) throw error;
    if (error instanceof errors.JWTExpired) throw new UnauthenticatedError("The token has expired; get a new one.", "expired");
    if (error instanceof errors.JWTClaimValidationFailed) {
      throw new UnauthenticatedError(`The token's "${error.claim}" claim is not accepted (${error.reason}).`, "invalid");
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) throw new UnauthenticatedError("The token's signature does not verify.", "invalid");
    if (error instanceof errors.JOSEAlgNotAllowed) throw new UnauthenticatedError("The token is signed with an algorithm this hub does not accept.", "invalid");
    if (error instanceof errors.JOSEError) throw new UnauthenticatedError("The bearer token is not a well-formed signed JWT.", "malformed");
    throw error;
  }
}
