import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { relationKey, toWriteRow, type GraphRelation } from "../../src/seeding/graph-shape.js";
import type { EntityWriteRow } from "../../src/seeding/queries.js";
import { firstChangedDay } from "../../src/spreadsheet/first-changed-day.js";
import { dayAfter, dayBefore, nameAsOf } from "../../src/temporal/index.js";

/**
 * `firstChangedDay` (the day a steward's import judges an updated record from) against an oracle
 * that knows nothing of how it is worked out: the record's facts day by day — alive or not, the
 * name in force, the undated attributes while alive, the links holding — for random old and new
 * states. On every day before the day returned the two states hold the same facts; put the other
 * way, the day returned is on or before every day on which they differ.
 */

const RUNS = Number(process.env.FIRST_CHANGED_DAY_RUNS ?? 500);
const SEED = Number(process.env.FIRST_CHANGED_DAY_SEED ?? 20261203);
const DAYS = ["2001-01-01", "2002-03-01", "2003-01-01", "2004-06-15", "2005-01-01", "2006-01-01"];

interface State {
  readonly validFrom: string;
  readonly validTo: string | null;
  /** Null: legacy data with a `name` and no dated history. */
  readonly names: readonly { readonly name: string; readonly validFrom: string }[] | null;
  readonly legacyName: string;
  readonly kind: string;
  readonly note: string | null;
  readonly links: readonly GraphRelation[];
}

const day = fc.constantFrom(...DAYS);
const end = fc.option(day, { nil: null, freq: 3 });
const link: fc.Arbitrary<GraphRelation> = fc.record({
  type: fc.constant("PART_OF" as const),
  from: fc.constant("FCD-X"),
  to: fc.constantFrom("FCD-P1", "FCD-P2"),
  validFrom: fc.option(day, { nil: null, freq: 3 }),
  validTo: end,
  properties: fc.constant({}),
});
const names = fc
  .array(fc.record({ name: fc.constantFrom("甲", "乙", "丙"), validFrom: day }), { minLength: 1, maxLength: 3 })
  .map((list) => [...list].sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0)));
const state: fc.Arbitrary<State> = fc.record({
  validFrom: day,
  validTo: end,
  names: fc.option(names, { nil: null, freq: 8 }),
  legacyName: fc.constantFrom("甲", "乙"),
  kind: fc.constantFrom("COMPOUND", "BUILDING"),
  note: fc.constantFrom(null, "a note"),
  links: fc.array(link, { maxLength: 3 }),
});

/** A new state sharing each fact with the old one or not, so that most pairs differ in a few facts only. */
const pair: fc.Arbitrary<[State, State]> = fc.tuple(state, state, fc.array(fc.boolean(), { minLength: 7, maxLength: 7 })).map(([old, fresh, keep]) => {
  const keys = ["validFrom", "validTo", "names", "legacyName", "kind", "note", "links"] as const;
  const next = Object.fromEntries(keys.map((key, index) => [key, keep[index] ? old[key] : fresh[key]])) as unknown as State;
  return [old, next];
});

function rowOf(record: State): EntityWriteRow {
  const history = record.names;
  return {
    code: "FCD-X",
    ...toWriteRow({
      code: "FCD-X",
      name: history === null ? record.legacyName : history.at(-1)!.name,
      names: history === null ? null : history.map((entry) => entry.name),
      nameFrom: history === null ? null : history.map((entry) => entry.validFrom),
      validFrom: record.validFrom,
      validTo: record.validTo,
      kind: record.kind,
      note: record.note,
    }),
  };
}

/** The validFrom of every link in one state and not the other (counted as the import plan counts them: by content, duplicates too). */
function changedLinkStarts(old: State, next: State): (string | null)[] {
  const remaining = [...next.links];
  const deleted: GraphRelation[] = [];
  for (const relation of old.links) {
    const at = remaining.findIndex((other) => relationKey(other) === relationKey(relation));
    if (at >= 0) remaining.splice(at, 1);
    else deleted.push(relation);
  }
  return [...deleted, ...remaining].map((relation) => relation.validFrom);
}

/** The oracle: what the record holds on `on`, as text. */
function factsOn(record: State, on: string): string {
  const alive = record.validFrom <= on && (record.validTo === null || on < record.validTo);
  // A link with no validFrom holds over the record's life; a dated one over its own span.
  const links = record.links
    .filter((relation) => (relation.validFrom === null ? alive : relation.validFrom <= on && (relation.validTo === null || on < relation.validTo)))
    .map((relation) => relation.to)
    .sort();
  if (!alive) return JSON.stringify({ alive, links });
  const name = record.names === null ? record.legacyName : (nameAsOf(record.names, on)?.name ?? null);
  return JSON.stringify({ alive, name, kind: record.kind, note: record.note, links });
}

/** Every day on which some fact can change, the day before and after each, and a day before them all. */
const SAMPLE_DAYS = [...new Set(["1999-01-01", ...DAYS.flatMap((at) => [dayBefore(at), at, dayAfter(at)])])].sort();

describe("firstChangedDay: the first day a steward's import changes an updated record", () => {
  it("returns a day on or before every day on which old and new differ: they agree on every day before it", () => {
    fc.assert(
      fc.property(pair, ([old, next]) => {
        const first = firstChangedDay("Place", rowOf(old), rowOf(next), changedLinkStarts(old, next));
        for (const on of SAMPLE_DAYS) {
          if (on < first) expect(factsOn(next, on), `on ${on}, before ${first}`).toBe(factsOn(old, on));
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  const compound: State = {
    validFrom: "2012-05-01",
    validTo: null,
    names: [{ name: "東華苑", validFrom: "2012-05-01" }],
    legacyName: "東華苑",
    kind: "COMPOUND",
    note: null,
    links: [
      { type: "PART_OF", from: "FCD-X", to: "FCD-P1", validFrom: "2012-05-01", validTo: "2020-07-01", properties: {} },
      { type: "PART_OF", from: "FCD-X", to: "FCD-P2", validFrom: "2020-07-01", validTo: null, properties: {} },
    ],
  };
  const judged = (next: Partial<State>, label = "Place") => firstChangedDay(label, rowOf(compound), rowOf({ ...compound, ...next }), changedLinkStarts(compound, { ...compound, ...next }));

  it("judges a late name from its day, an earlier one from the earlier day", () => {
    expect(judged({ names: [...compound.names!, { name: "東華新苑", validFrom: "2024-01-01" }] })).toBe("2024-01-01");
    expect(judged({ names: [...compound.names!, { name: "東華新苑", validFrom: "2015-01-01" }] })).toBe("2015-01-01");
    expect(judged({ names: [{ name: "東華新苑", validFrom: "2012-05-01" }] })).toBe("2012-05-01");
  });

  it("judges a changed validFrom over the whole life, a changed validTo from the day before the earlier end", () => {
    expect(judged({ validFrom: "2011-01-01" })).toBe("2011-01-01");
    expect(judged({ validFrom: "2013-01-01" })).toBe("2012-05-01");
    expect(judged({ validTo: "2030-01-01" })).toBe("2029-12-31");
    expect(firstChangedDay("Place", rowOf({ ...compound, validTo: "2030-01-01" }), rowOf({ ...compound, validTo: "2032-01-01" }), [])).toBe("2029-12-31");
  });

  it("judges a created or deleted link from the day before it starts, one over the whole life and an undated attribute over the whole life", () => {
    const late = { type: "PART_OF", from: "FCD-X", to: "FCD-P1", validFrom: "2024-01-01", validTo: null, properties: {} } as const;
    expect(judged({ links: [...compound.links, late] })).toBe("2023-12-31");
    expect(judged({ links: [compound.links[0]!] })).toBe("2020-06-30");
    expect(judged({ links: [...compound.links, { ...late, validFrom: null }] })).toBe("2012-05-01");
    expect(judged({ kind: "BUILDING" })).toBe("2012-05-01");
    expect(judged({ names: null, legacyName: "東華苑" })).toBe("2012-05-01");
  });

  it("judges a record whose two states agree over its whole life, and a change event from the day before its date", () => {
    expect(judged({})).toBe("2012-05-01");
    const event = (date: string): EntityWriteRow => ({ code: "FCD-E", plain: { code: "FCD-E", name: "FCD-E", names: ["FCD-E"], kind: "MERGER" }, dates: { date, validFrom: date, nameFrom: [date] } });
    expect(firstChangedDay("ChangeEvent", event("2020-07-01"), event("2020-08-01"), [])).toBe("2020-06-30");
  });
});
