/**
 * Who is asking. Roles grow in privilege: viewer < analyst < steward < admin.
 * - viewer: aggregates only (rates and counts)
 * - analyst: everything but personal data
 * - steward: writes, imports, and personal data, within `scope` (community codes; empty = none)
 * - admin: everything, everywhere
 */
export type Role = "viewer" | "analyst" | "steward" | "admin";

export const ROLES: readonly Role[] = ["viewer", "analyst", "steward", "admin"];

export interface Viewer {
  /** Who the token was issued to (for the audit log). */
  readonly subject: string;
  readonly role: Role;
  /** Codes of the places (communities, subdistricts) a steward may write and read personal data in. */
  readonly scope: readonly string[];
}

export function atLeast(viewer: Viewer, role: Role): boolean {
  return ROLES.indexOf(viewer.role) >= ROLES.indexOf(role);
}
