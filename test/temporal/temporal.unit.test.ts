import { describe, expect, it } from "vitest";
import {
  aliveFrom,
  clip,
  dayAfter,
  dayBefore,
  dayInLife,
  isCalendarDate,
  isTimeZone,
  nameAsOf,
  overlaps,
  spans,
  todayIn,
  validAt,
  within,
  type Interval,
} from "../../src/temporal/index.js";

// The fast tier: pure functions, no Neo4j (npm run test:fast).

const open = (from: string): Interval => ({ from, to: null });
const span = (from: string, to: string): Interval => ({ from, to });

describe("calendar dates", () => {
  it("knows the calendar: leap days, month lengths, the written form", () => {
    expect(["2024-02-29", "2026-12-31", "2000-02-29"].map(isCalendarDate)).toEqual([true, true, true]);
    expect(["2023-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-1-05", "2026-01-05T00:00", ""].map(isCalendarDate)).toEqual([false, false, false, false, false, false, false]);
  });

  it("steps over month, year and leap-day boundaries", () => {
    expect(dayBefore("2020-07-01")).toBe("2020-06-30");
    expect(dayBefore("2026-01-01")).toBe("2025-12-31");
    expect(dayBefore("2024-03-01")).toBe("2024-02-29");
    expect(dayBefore("2023-03-01")).toBe("2023-02-28");
    expect(dayAfter("2024-02-28")).toBe("2024-02-29");
    expect(dayAfter("2026-12-31")).toBe("2027-01-01");
  });
});

describe("today in the hub's time zone", () => {
  it("is already the next day in Asia/Shanghai at 23:30 UTC", () => {
    const now = new Date("2026-12-01T23:30:00Z");
    expect(todayIn("Asia/Shanghai", now)).toBe("2026-12-02");
    expect(todayIn("UTC", now)).toBe("2026-12-01");
  });

  it("turns at local midnight, not at UTC midnight", () => {
    expect(todayIn("Asia/Shanghai", new Date("2026-12-01T15:59:59Z"))).toBe("2026-12-01");
    expect(todayIn("Asia/Shanghai", new Date("2026-12-01T16:00:00Z"))).toBe("2026-12-02");
    expect(todayIn("America/New_York", new Date("2026-12-01T03:00:00Z"))).toBe("2026-11-30");
  });

  it("accepts IANA zones and refuses anything else", () => {
    expect(["Asia/Shanghai", "UTC", "Europe/Berlin"].map(isTimeZone)).toEqual([true, true, true]);
    expect(["", " ", "Mars/Olympus", "GMT+25"].map(isTimeZone)).toEqual([false, false, false, false]);
  });
});

describe("the interval algebra (half-open, null = open end)", () => {
  it("valid at: the first day in, the end day out", () => {
    const life = span("2020-07-01", "2022-01-01");
    expect([validAt(life, "2020-06-30"), validAt(life, "2020-07-01"), validAt(life, "2021-12-31"), validAt(life, "2022-01-01")]).toEqual([false, true, true, false]);
    expect(validAt(open("2020-07-01"), "2999-12-31")).toBe(true);
    expect(spans("2020-07-01", undefined, "2020-07-01")).toBe(true);
    expect(spans("2020-07-01", "2020-07-02", "2020-07-02")).toBe(false);
  });

  it("alive from: not ended by the day, whether begun or not", () => {
    expect(aliveFrom(span("2020-07-01", "2022-01-01"), "2021-12-31")).toBe(true);
    expect(aliveFrom(span("2020-07-01", "2022-01-01"), "2022-01-01")).toBe(false);
    expect(aliveFrom(span("2030-01-01", "2031-01-01"), "2026-01-01")).toBe(true);
    expect(aliveFrom(open("2020-07-01"), "2999-01-01")).toBe(true);
  });

  it("overlaps: sharing a day; touching ends do not overlap", () => {
    expect(overlaps(span("2020-01-01", "2021-01-01"), span("2021-01-01", "2022-01-01"))).toBe(false);
    expect(overlaps(span("2020-01-01", "2021-01-02"), span("2021-01-01", "2022-01-01"))).toBe(true);
    expect(overlaps(open("2020-01-01"), span("2010-01-01", "2020-01-02"))).toBe(true);
    expect(overlaps(open("2020-01-01"), open("2030-01-01"))).toBe(true);
    expect(overlaps(span("2020-01-01", "2020-01-02"), open("2020-01-02"))).toBe(false);
  });

  it("clip: the shared part, or null", () => {
    expect(clip(span("2020-01-01", "2025-01-01"), span("2022-01-01", "2030-01-01"))).toEqual(span("2022-01-01", "2025-01-01"));
    expect(clip(open("2020-01-01"), span("2022-01-01", "2023-01-01"))).toEqual(span("2022-01-01", "2023-01-01"));
    expect(clip(open("2020-01-01"), open("2010-01-01"))).toEqual(open("2020-01-01"));
    expect(clip(span("2020-01-01", "2021-01-01"), open("2021-01-01"))).toBeNull();
  });

  it("within: an open inner end fits only an open outer end", () => {
    expect(within(span("2021-01-01", "2022-01-01"), open("2020-01-01"))).toBe(true);
    expect(within(open("2021-01-01"), span("2020-01-01", "2030-01-01"))).toBe(false);
    expect(within(span("2019-12-31", "2022-01-01"), open("2020-01-01"))).toBe(false);
  });

  it("agrees with a day-by-day oracle on every pair of small intervals", () => {
    const days = ["2020-01-01", "2020-01-02", "2020-01-03", "2020-01-04", "2020-01-05"];
    const intervals: Interval[] = [];
    for (const from of days) {
      intervals.push(open(from));
      for (const to of days) if (from < to) intervals.push(span(from, to));
    }
    const probe = [...days, "2020-01-06", "2020-01-07"];
    const covered = (interval: Interval) => probe.filter((day) => validAt(interval, day));
    for (const a of intervals) {
      for (const b of intervals) {
        const shared = covered(a).filter((day) => covered(b).includes(day));
        expect(overlaps(a, b), `${JSON.stringify(a)} ∩ ${JSON.stringify(b)}`).toBe(shared.length > 0);
        const clipped = clip(a, b);
        expect(clipped === null ? [] : covered(clipped)).toEqual(shared);
        expect(within(a, b)).toBe(covered(a).every((day) => covered(b).includes(day)) && (b.to === null || (a.to !== null && a.to <= b.to)));
      }
    }
  });
});

describe("a life and its names", () => {
  const life = { validFrom: "2020-07-01", validTo: "2024-01-01" };

  it("day in life: the day itself, else the first or the last day", () => {
    expect(dayInLife(life, "2022-05-05")).toBe("2022-05-05");
    expect(dayInLife(life, "2019-01-01")).toBe("2020-07-01");
    expect(dayInLife(life, "2024-01-01")).toBe("2023-12-31");
    expect(dayInLife({ validFrom: "2020-07-01", validTo: null }, "2999-01-01")).toBe("2999-01-01");
  });

  it("name as of: the last name that took effect on or before the day", () => {
    const names = [
      { name: "東華村", validFrom: "2010-01-01" },
      { name: "東華社區", validFrom: "2020-07-01" },
    ];
    expect(nameAsOf(names, "2020-06-30")?.name).toBe("東華村");
    expect(nameAsOf(names, "2020-07-01")?.name).toBe("東華社區");
    expect(nameAsOf(names, "2009-12-31")).toBeUndefined();
  });
});
