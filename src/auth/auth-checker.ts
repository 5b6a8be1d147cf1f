import type { AuthCheckerFn } from "type-graphql";
import { HubError } from "../errors/index.js";
import type { HubContext } from "../server/context.js";
import { atLeast, ROLES, type Role, type Viewer } from "./viewer.js";

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The weakest of the given roles: with ordered roles, "any of them" means "at least that one". */
function weakest(roles: readonly Role[]): Role {
  return roles.reduce((low, role) => (ROLES.indexOf(role) < ROLES.indexOf(low) ? role : low));
}

/** A role as the schema's `Role` enum spells it (VIEWER, ANALYST, STEWARD, ADMIN). */
function roleValue(role: Role): string {
  return role.toUpperCase();
}

/**
 * The one FORBIDDEN of the hub (docs/ERRORS.md): `requiredRole` and `role` always, as the schema's
 * Role enum values; a scope refusal adds `reason: OUT_OF_SCOPE` and `entities`, the codes refused
 * (empty where naming them would tell what is protected, such as where a person lives).
 */
export function forbidden(viewer: Viewer, requiredRole: Role, message: string, outOfScope?: { entities: readonly string[]; cells?: readonly string[] }): HubError {
  return new HubError("FORBIDDEN", message, {
    requiredRole: roleValue(requiredRole),
    role: roleValue(viewer.role),
    ...(outOfScope ? { reason: "OUT_OF_SCOPE", entities: [...outOfScope.entities] } : {}),
    // A workbook import says where in the workbook (`組織!C12`), not only which codes.
    ...(outOfScope?.cells ? { cells: [...outOfScope.cells] } : {}),
  });
}

/**
 * Throws FORBIDDEN unless the viewer has at least `role` (viewer < analyst < steward < admin).
 * For services: call it before reading or writing what the role guards.
 */
export function requireRole(viewer: Viewer, role: Role, what = "This"): void {
  if (!atLeast(viewer, role)) throw forbidden(viewer, role, `${what} needs the ${role} role or higher; the token has ${viewer.role}.`);
}

/**
 * True when the viewer may act on data lying in a place whose code and ancestors' codes are
 * `placeCodes` (the place itself and every place containing it, in any order): admins anywhere,
 * stewards when their scope names at least one of them, nobody else.
 */
export function inScope(viewer: Viewer, placeCodes: readonly string[]): boolean {
  if (viewer.role === "admin") return true;
  if (viewer.role !== "steward") return false;
  return placeCodes.some((code) => viewer.scope.includes(code));
}

/**
 * Throws FORBIDDEN unless `inScope(viewer, placeCodes)`. `placeCodes` is ONE place with its
 * ancestry (e.g. ["LHT-C1-B03", "LHT-C1", "LHT"]); a write touching several places (a transfer from
 * one community to another) calls it once per place, so the steward needs both.
 */
export function requireScope(viewer: Viewer, placeCodes: readonly string[]): void {
  if (!inScope(viewer, placeCodes)) throw forbidden(viewer, "steward", "This place is outside the token's scope.", { entities: placeCodes.slice(0, 1) });
}

/**
 * type-graphql's auth checker: `@Authorized("analyst")` means "analyst or higher"; several roles
 * mean the weakest of them; `@Authorized()` means any authenticated caller. A denial throws
 * FORBIDDEN (never a silent null). An unknown role name is a programming error, not a denial.
 */
export const authChecker: AuthCheckerFn<HubContext> = ({ context }, roles) => {
  if (roles.length === 0) return true;
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new Error(`@Authorized names unknown roles: ${unknown.join(", ")}`);
  requireRole(context.viewer, weakest(roles as Role[]));
  return true;
};
