import { describe, expect, it } from "vitest";
import { authChecker, inScope, requireRole, requireScope, type Role, type Viewer } from "../../src/auth/index.js";
import { HubError } from "../../src/errors/index.js";
import type { HubContext } from "../../src/server/context.js";

const as = (role: Role, scope: string[] = []): Viewer => ({ subject: `test-${role}`, role, scope });

function forbidden(action: () => unknown): HubError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).extensions.code).toBe("FORBIDDEN");
    return error as HubError;
  }
  throw new Error("expected FORBIDDEN");
}

function check(viewer: Viewer, roles: string[]): unknown {
  return (authChecker as (data: { context: HubContext }, roles: string[]) => unknown)({ context: { viewer } as HubContext }, roles);
}

describe("roles", () => {
  it("requireRole lets a role and every higher role through, and names what was needed", () => {
    const order: Role[] = ["viewer", "analyst", "steward", "admin"];
    for (const [needIndex, need] of order.entries()) {
      for (const [haveIndex, have] of order.entries()) {
        if (haveIndex >= needIndex) expect(() => requireRole(as(have), need)).not.toThrow();
        else expect(forbidden(() => requireRole(as(have), need)).extensions).toMatchObject({ requiredRole: need.toUpperCase(), role: have.toUpperCase() });
      }
    }
  });

  it("the type-graphql authChecker means 'at least': the weakest listed role, FORBIDDEN below it", () => {
    expect(check(as("analyst"), ["analyst"])).toBe(true);
    expect(check(as("admin"), ["analyst"])).toBe(true);
    expect(check(as("viewer"), [])).toBe(true);
    expect(check(as("analyst"), ["admin", "analyst"])).toBe(true);
    expect(forbidden(() => check(as("viewer"), ["analyst"])).extensions.requiredRole).toBe("ANALYST");
  });

  it("treats an unknown role in @Authorized as a programming error, not a denial", () => {
    expect(() => check(as("admin"), ["analist"])).toThrow(/unknown roles: analist/);
  });
});

describe("steward scope", () => {
  const building = ["LHT-C1-B03", "LHT-C1-X1", "LHT-C1", "LHT"];

  it("admins act anywhere; stewards where their scope names the place or one containing it", () => {
    expect(inScope(as("admin"), building)).toBe(true);
    expect(inScope(as("steward", ["LHT-C1"]), building)).toBe(true);
    expect(inScope(as("steward", ["LHT"]), building)).toBe(true);
    expect(inScope(as("steward", ["LHT-C2"]), building)).toBe(false);
    expect(inScope(as("steward"), building)).toBe(false);
  });

  it("viewers and analysts have no scope, whatever their token says", () => {
    expect(inScope(as("analyst", ["LHT-C1"]), building)).toBe(false);
    expect(inScope(as("viewer", ["LHT-C1"]), building)).toBe(false);
  });

  it("requireScope throws FORBIDDEN naming the place", () => {
    const error = forbidden(() => requireScope(as("steward", ["LHT-C2"]), building));
    expect(error.extensions).toMatchObject({ reason: "OUT_OF_SCOPE", entities: [building[0]], requiredRole: "STEWARD", role: "STEWARD" });
    expect(() => requireScope(as("steward", ["LHT-C1"]), building)).not.toThrow();
  });
});
