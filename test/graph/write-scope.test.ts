import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/database/index.js";
import { HubError } from "../../src/errors/index.js";
import { findBrokenRecords } from "../../src/integrity/broken.service.js";
import { DEFAULT_TIME_ZONE, todayIn } from "../../src/temporal/index.js";
import * as members from "../../src/people/member.service.js";
import * as beneficiaries from "../../src/people/beneficiary.service.js";
import * as pairings from "../../src/people/pairing.service.js";
import * as places from "../../src/places/place.service.js";
import * as organisations from "../../src/organisations/organisation.service.js";
import * as units from "../../src/units/unit.service.js";
import { LONGHUTANG, loadSeed, reportContext as contextFor } from "../support/analytics.js";
import { connectTestDatabase, graphFingerprint } from "../support/graph.js";

/**
 * Scope over time and authorisation before anything about the target (issue 10, Build 1 and 3),
 * through the services on the Longhutang seed: a write is in a steward's scope only when every
 * entity it touches lies in the scope on every day from the day before it takes effect to the end
 * of that entity's life; a refused steward learns nothing of the target, and an unknown code is
 * refused in the very same words as a code outside the scope.
 */

/** The error a call ends with, as code, extensions and message. */
async function failure(call: Promise<unknown>): Promise<{ code: string; extensions: Record<string, unknown>; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof HubError) return { code: error.code, extensions: error.extensions as Record<string, unknown>, message: error.message };
    throw error;
  }
  throw new Error("the call succeeded");
}

describe("write scope over time", () => {
  let db: Database;
  const admin = () => contextFor(db, "admin");
  const c1 = () => contextFor(db, "steward", ["LHT-C1"]);
  const c2 = () => contextFor(db, "steward", ["LHT-C2"]);
  const both = () => contextFor(db, "steward", ["LHT-C1", "LHT-C2"]);

  /** Refused as out of scope, and the graph unchanged. */
  const refused = async (call: () => Promise<unknown>) => {
    const before = await graphFingerprint(db);
    const error = await failure(call());
    expect(error.code, error.message).toBe("FORBIDDEN");
    expect(error.extensions.reason).toBe("OUT_OF_SCOPE");
    expect(await graphFingerprint(db)).toBe(before);
    return error;
  };

  beforeAll(async () => {
    await loadSeed(LONGHUTANG);
    db = connectTestDatabase();
    // A building of C1 that moves to C2 on 2024-09-01, and a member who follows it (home and branch).
    await places.movePlace(admin(), "LHT-C1-R01-B04", "LHT-C2-R01", "2024-09-01", null);
    await members.updateMember(admin(), { code: "LHT-M-003", date: "2024-09-01", residence: "LHT-C1-R01-B04" });
    await members.transferMember(admin(), "LHT-M-003", "LHT-C2-R01-BR", "2024-09-01", null);
    // A building of C1 whose move to C2 is already planned, years ahead.
    await places.movePlace(admin(), "LHT-C1-R01-B05", "LHT-C2-R01", "2031-01-01", null);
  });
  afterAll(() => db.close());

  it("a backdated rename, dissolution or move of what lies elsewhere today is refused to the steward of where it lay then", async () => {
    // On 2024-03-01 the building lay in C1; since 2024-09-01 in C2: the rename holds on both.
    await refused(() => places.renamePlace(c1(), "LHT-C1-R01-B04", "改名", "2024-03-01", null));
    await refused(() => places.dissolvePlace(c1(), "LHT-C1-R01-B04", "2024-03-01", null));
    await refused(() => places.movePlace(c1(), "LHT-C1-R01-B04", "LHT-C1-R02", "2024-03-01", null));
    // Its steward today is refused too: before September it was C1's.
    await refused(() => places.renamePlace(c2(), "LHT-C1-R01-B04", "改名", "2024-03-01", null));
    // A rename from a day it lies in C2 is the C2 steward's; the backdated one takes both.
    await places.renamePlace(c2(), "LHT-C1-R01-B04", "蔣家苑新4幢", "2025-01-01", null);
    await places.renamePlace(both(), "LHT-C1-R01-B04", "東華苑4幢（舊）", "2024-03-01", null);
  });

  it("a planned move counts: what leaves the scope later cannot be renamed or corrected today alone", async () => {
    await refused(() => places.renamePlace(c1(), "LHT-C1-R01-B05", "改名", todayIn(DEFAULT_TIME_ZONE), null));
    await refused(() => places.updatePlace(c1(), { code: "LHT-C1-R01-B05" }));
    // A rename that ends before the move is still a rename of every day after: refused as well.
    await refused(() => places.renamePlace(c1(), "LHT-C1-R01-B05", "改名", "2026-06-01", null));
    await places.renamePlace(both(), "LHT-C1-R01-B05", "東華苑5幢", todayIn(DEFAULT_TIME_ZONE), null);
  });

  it("a member who lives and belongs in C2 today cannot be changed or ended by C1's steward through a date from before the move", async () => {
    await refused(() => members.updateMember(c1(), { code: "LHT-M-003", date: "2024-03-01", status: "PROBATIONARY" }));
    await refused(() => members.endMembership(c1(), { code: "LHT-M-003", date: "2024-03-01" }));
    await refused(() => members.updateMember(c2(), { code: "LHT-M-003", date: "2024-03-01", status: "PROBATIONARY" }));
    const changed = await members.updateMember(c2(), { code: "LHT-M-003", date: "2025-03-01", employment: "RETIRED" });
    expect(changed.employment).toBe("RETIRED");
  });

  it("answers a steward out of scope FORBIDDEN before any check about the target: no version, kind, dates or links", async () => {
    // Wrong version: CONFLICT (with the version) is for whom the place is in scope.
    const conflict = await failure(places.renamePlace(c1(), "LHT-C1-R02", "改名", "2025-01-01", 999));
    expect(conflict.code).toBe("CONFLICT");
    const forbidden = await refused(() => places.renamePlace(c2(), "LHT-C1-R02", "改名", "2025-01-01", 999));
    expect(JSON.stringify(forbidden)).not.toMatch(/version|currentVersion/i);
    // A beneficiary's kind does not show through a refused pairing of the wrong kind.
    const kind = await refused(() => pairings.createPairing(c2(), { code: "T-P-1", kind: "STUDENT", helper: "LHT-C2-GB", beneficiary: "LHT-BH-001", validFrom: "2025-01-01" }));
    expect(JSON.stringify(kind)).not.toMatch(/HOUSEHOLD|STUDENT|kind/);
    // A member's dates do not show through an end dated before the record starts.
    const dates = await refused(() => members.endMembership(c2(), { code: "LHT-M-001", date: "2001-01-01" }));
    expect(JSON.stringify(dates)).not.toMatch(/2015|validFrom/);
    // LHT-M-007 has lived in C1 since the record began (2020-09-01, after the merger): C1's to be told.
    const inScope = await failure(members.endMembership(c1(), { code: "LHT-M-007", date: "2001-01-01" }));
    expect(inScope.code).toBe("INVALID_DATE_RANGE");
  });

  it("refuses an unknown code in the same words as a code outside the scope, for writes and for look-ups", async () => {
    const words = (error: { message: string; extensions: Record<string, unknown> }, code: string) =>
      JSON.stringify({ ...error, message: error.message.replaceAll(code, "X"), extensions: { ...error.extensions, entities: [] } });
    const existing = await refused(() => members.updateMember(c2(), { code: "LHT-M-001", employment: "RETIRED" }));
    const missing = await refused(() => members.updateMember(c2(), { code: "LHT-M-999", employment: "RETIRED" }));
    expect(words(missing, "LHT-M-999")).toBe(words(existing, "LHT-M-001"));
    expect(await failure(members.updateMember(admin(), { code: "LHT-M-999", employment: "RETIRED" }))).toMatchObject({ code: "NOT_FOUND" });
    // Look-ups: an analyst is refused before anything is read, whatever the date; a steward of
    // elsewhere gets the same answer for a record, a record not yet begun and no record at all.
    for (const asOf of ["2010-01-01", "2025-01-01"]) {
      expect((await failure(members.findMember(contextFor(db, "analyst"), { code: "LHT-M-001", asOf }))).code).toBe("FORBIDDEN");
      expect((await failure(members.findMember(contextFor(db, "analyst"), { code: "LHT-M-999", asOf }))).code).toBe("FORBIDDEN");
    }
    const seen = [
      await failure(members.findMember(c2(), { code: "LHT-M-001", asOf: "2025-01-01" })),
      await failure(members.findMember(c2(), { code: "LHT-M-001", asOf: "2010-01-01" })),
      await failure(members.findMember(c2(), { code: "LHT-M-999", asOf: "2025-01-01" })),
    ];
    expect(new Set(seen.map((error) => JSON.stringify(error))).size).toBe(1);
    expect(await failure(beneficiaries.findBeneficiary(c2(), { code: "LHT-BH-001", asOf: "2010-01-01" }))).toMatchObject({ code: "FORBIDDEN" });
    // An admin is told the truth: no such member (null with NOT_FOUND, docs/ERRORS.md).
    expect(await failure(members.findMember(admin(), { code: "LHT-M-999", asOf: "2025-01-01" }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("says a code is taken without saying what kind of record took it", async () => {
    const taken = await failure(places.createPlace(c1(), { code: "LHT-M-001", name: "測試", kind: "COMPOUND", parent: "LHT-C1", validFrom: "2025-01-01" }));
    expect(taken.code).toBe("DUPLICATE_CODE");
    expect(taken.message).not.toMatch(/Member/);
    const forAdmin = await failure(organisations.renameOrganisation(admin(), "LHT-M-001", "x", "2025-01-01", null));
    expect(forAdmin.code).toBe("NOT_FOUND");
  });

  describe("no broken records", () => {
    it("refuses to dissolve what residents, beneficiaries or members still depend on, naming no person", async () => {
      const building = await failure(places.dissolvePlace(admin(), "LHT-C1-R01-B05", "2025-01-01", null));
      expect(building.code).toBe("LIVE_DEPENDANTS");
      expect(building.extensions.dependants).toMatchObject({ RESIDES_IN: 1, LIVES_IN: 5 });
      expect(JSON.stringify(building)).not.toMatch(/LHT-M-|LHT-BH-/);
      const branch = await failure(organisations.dissolveOrganisation(admin(), "LHT-U-PS-BR", "2025-01-01", null));
      expect(branch.code).toBe("LIVE_DEPENDANTS");
      expect((branch.extensions.dependants as Record<string, number>).MEMBER_OF).toBeGreaterThan(0);
    });

    it("refuses an end dated before a change already recorded, and leaves no link whose start is its end", async () => {
      await units.renameUnit(admin(), { code: "LHT-U-PS", name: "龍虎塘派出所（新）", date: "2028-09-01" });
      const early = await failure(units.dissolveUnit(admin(), { code: "LHT-U-PS", date: "2027-01-01" }));
      expect(early).toMatchObject({ code: "RULE_VIOLATION", extensions: { rule: "CHANGES_AFTER_END" } });
      const [row] = await db.read({ name: "test.zeroLinks", cypher: "MATCH ()-[r]->() WHERE r.validTo IS NOT NULL AND r.validTo <= r.validFrom RETURN count(r) AS zero" });
      expect(row!.zero).toBe(0);
    });

    it("lists broken records in an integrity report: none after these writes, and one planted by hand", async () => {
      expect(await findBrokenRecords((query) => db.read(query))).toEqual([]);
      await db.write({ name: "test.plantZeroLink", cypher: "MATCH (a:Place {code: 'LHT-C2-R01-B01'}), (b:Place {code: 'LHT-C2-R01'}) CREATE (a)-[:PART_OF {validFrom: date('2024-01-01'), validTo: date('2024-01-01'), planted: true}]->(b)" });
      const found = await findBrokenRecords((query) => db.read(query));
      expect(found).toEqual([{ problem: "ZERO_LENGTH_LINK", code: "LHT-C2-R01-B01", label: "Place", detail: "PART_OF to LHT-C2-R01 from 2024-01-01 to 2024-01-01" }]);
      await db.write({ name: "test.removeZeroLink", cypher: "MATCH ()-[r:PART_OF {planted: true}]->() DELETE r" });
    });

    it("lets only an admin create a place outside every existing place, even one the steward's scope names", async () => {
      const district = { code: "NEW-D", name: "新區", kind: "DISTRICT" as const, validFrom: "2025-01-01" };
      await refused(() => places.createPlace(contextFor(db, "steward", ["NEW-D"]), district));
      await places.createPlace(admin(), district);
    });
  });
});
