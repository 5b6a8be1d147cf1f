import { describe, expect, it } from "vitest";
import { todayIso } from "../../web/src/dates.js";

/** The dashboard's default date is the reader's calendar day, as the hub's default asOf is (HUB_TIMEZONE), not UTC's. */
describe("the dashboard's today", () => {
  it("is the calendar day where the reader is: 23:30 UTC on 1 December is 2 December in Beijing", () => {
    expect(todayIso(new Date("2026-12-01T23:30:00Z"), "Asia/Shanghai")).toBe("2026-12-02");
    expect(todayIso(new Date("2026-12-01T15:59:59Z"), "Asia/Shanghai")).toBe("2026-12-01");
    expect(todayIso(new Date("2026-12-01T23:30:00Z"), "UTC")).toBe("2026-12-01");
    expect(todayIso(new Date("2026-12-01T23:30:00Z"))).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
