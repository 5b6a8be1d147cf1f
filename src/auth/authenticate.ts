import type { AuthConfig } from "../config/index.js";
import type { TokenKeys } from "./keys.js";
import { UnauthenticatedError, verifyToken } from "./token.js";
import type { Role, Viewer } from "./viewer.js";

/** Who a request without a token is, when HUB_ALLOW_ANONYMOUS gives it a role. */
export const ANONYMOUS_SUBJECT = "anonymous";

/** Turns the Authorization header of a request into a Viewer, or throws UnauthenticatedError. */
export type Authenticator = (authorization: string | undefined) => Promise<Viewer>;

const BEARER = /^Bearer[ \t]+([A-Za-z0-9_\-.]+)[ \t]*$/i;

/**
 * Every /graphql request passes through this before GraphQL runs:
 * - no Authorization header: anonymous with `anonymousRole` if configured, else 401;
 * - `Bearer <jwt>`: verified (signature, iss, aud, exp, claims), else 401 — an invalid token is
 *   never downgraded to anonymous;
 * - any other scheme: 401.
 */
export function createAuthenticator(keys: TokenKeys, auth: Pick<AuthConfig, "issuer" | "audience" | "anonymousRole"> & Partial<Pick<AuthConfig, "maxTokenLifetimeSeconds">>): Authenticator {
  const anonymous: Viewer | undefined = auth.anonymousRole === undefined ? undefined : anonymousViewer(auth.anonymousRole);
  return async (authorization) => {
    if (authorization === undefined || authorization.trim() === "") {
      if (anonymous) return anonymous;
      throw new UnauthenticatedError("Authentication required: send an Authorization: Bearer <token> header.", "missing");
    }
    const match = BEARER.exec(authorization);
    if (!match) throw new UnauthenticatedError("The Authorization header must be: Bearer <token>.", "malformed");
    return verifyToken(match[1]!, keys, { issuer: auth.issuer, audience: auth.audience, maxLifetimeSeconds: auth.maxTokenLifetimeSeconds });
  };
}

function anonymousViewer(role: Role): Viewer {
  return Object.freeze({ subject: ANONYMOUS_SUBJECT, role, scope: Object.freeze([]) as readonly string[] });
}
