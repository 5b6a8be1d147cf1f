import type { AuthConfig } from "../config/index.js";
import type { TokenKeys } from "./keys.js";
import { UnauthenticatedError, verifyTokenUntil } from "./token.js";
import type { Role, Viewer } from "./viewer.js";

/** Who a request without a token is, when HUB_ALLOW_ANONYMOUS gives it a role. */
export const ANONYMOUS_SUBJECT = "anonymous";

/** Turns the Authorization header of a request into a Viewer, or throws UnauthenticatedError. */
export type Authenticator = (authorization: string | undefined) => Promise<Viewer>;

/** How many verified tokens an authenticator remembers (the oldest is forgotten first). */
export const VERIFIED_TOKENS = 1_000;

const BEARER = /^Bearer[ \t]+([A-Za-z0-9_\-.]+)[ \t]*$/i;

/**
 * Every /graphql request passes through this before GraphQL runs:
 * - no Authorization header: anonymous with `anonymousRole` if configured, else 401;
 * - `Bearer <jwt>`: verified (signature, iss, aud, exp, claims), else 401 — an invalid token is
 *   never downgraded to anonymous;
 * - any other scheme: 401.
 *
 * A token that verified is remembered (the last VERIFIED_TOKENS of them) until it expires: the keys
 * are fixed at start, so its answer cannot change before then, and a client sending the same token
 * with every request pays the signature check once (about 1 ms each, against a 1–2 ms read).
 * Failures are never remembered: each is checked again and refused with its own reason.
 */
export function createAuthenticator(
  keys: TokenKeys,
  auth: Pick<AuthConfig, "issuer" | "audience" | "anonymousRole"> & Partial<Pick<AuthConfig, "maxTokenLifetimeSeconds">>,
  clock: () => number = Date.now,
): Authenticator {
  const anonymous: Viewer | undefined = auth.anonymousRole === undefined ? undefined : anonymousViewer(auth.anonymousRole);
  const verified = new Map<string, { viewer: Viewer; refusedFrom: number }>();
  return async (authorization) => {
    if (authorization === undefined || authorization.trim() === "") {
      if (anonymous) return anonymous;
      throw new UnauthenticatedError("Authentication required: send an Authorization: Bearer <token> header.", "missing");
    }
    const match = BEARER.exec(authorization);
    if (!match) throw new UnauthenticatedError("The Authorization header must be: Bearer <token>.", "malformed");
    const token = match[1]!;
    const known = verified.get(token);
    if (known && clock() < known.refusedFrom) return known.viewer;
    verified.delete(token);
    const fresh = await verifyTokenUntil(token, keys, { issuer: auth.issuer, audience: auth.audience, maxLifetimeSeconds: auth.maxTokenLifetimeSeconds, clock });
    if (verified.size >= VERIFIED_TOKENS) verified.delete(verified.keys().next().value!);
    verified.set(token, fresh);
    return fresh.viewer;
  };
}

function anonymousViewer(role: Role): Viewer {
  return Object.freeze({ subject: ANONYMOUS_SUBJECT, role, scope: Object.freeze([]) as readonly string[] });
}
