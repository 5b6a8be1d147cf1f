import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/database/index.js";
import { HubError } from "../../src/errors/index.js";
import { findBrokenRecords } from "../../src/integrity/broken.service.js";
import * as agreements from "../../src/community/agreement.service.js";
import * as councils from "../../src/community/council.service.js";
import * as facilities from "../../src/community/facility.service.js";
import * as teams from "../../src/community/team.service.js";
import * as history from "../../src/history/history.service.js";
import * as restructure from "../../src/history/restructure.service.js";
import * as organisations from "../../src/organisations/organisation.service.js";
import * as beneficiaries from "../../src/people/beneficiary.service.js";
import * as members from "../../src/people/member.service.js";
import * as pairings from "../../src/people/pairing.service.js";
import * as places from "../../src/places/place.service.js";
import type { HubContext } from "../../src/server/context.js";
import { buildHubSchema } from "../../src/server/schema.js";
import * as units from "../../src/units/unit.service.js";
import { LONGHUTANG, loadSeed, reportContext as contextFor } from "../support/analytics.js";
import { connectTestDatabase, graphFingerprint } from "../support/graph.js";

/**
 * Property (issue 10, Prove): random stewards with random scopes send random writes of every
 * mutation kind, dated in the past and the future, over the Longhutang seed (its 2020 merger gives
 * every compound a history across scopes). A write commits only when every entity it touches lies
 * in the scope on every day of its effect — as an ORACLE written here, in TypeScript, from the
 * graph's records, judges — and a write the oracle puts in scope is never refused as out of scope;
 * when it fails for a domain reason, an admin sending it fails the same way. After every refusal
 * the graph's fingerprint is unchanged. The walk goes on from one case to the next (accepted
 * writes change the graph the next case sees). Figures: docs/RELIABILITY.md.
 */

const RUNS = Number(process.env.SCOPE_PROPERTY_RUNS ?? 200);
/** The walk stops drawing new cases after this long (the runtime bound of the suite); the cases run are counted and printed. */
const TIME_LIMIT_MS = Number(process.env.SCOPE_PROPERTY_SECONDS ?? 100) * 1000;
const SEED = Number(process.env.SCOPE_PROPERTY_SEED ?? 20261201);
const TODAY = new Date().toISOString().slice(0, 10);
const DATES = ["2015-06-01", "2020-06-30", "2020-07-01", "2022-01-01", "2024-03-01", TODAY, "2027-01-01", "2031-06-01"];
/** Scopes a steward may hold: the subdistrict, its communities, a pre-merger village, compounds, and a code of no place. */
const SCOPES = ["LHT", "LHT-C1", "LHT-C2", "LHT-V1", "LHT-C1-R01", "LHT-C2-R01", "LHT-C1-R02", "LHT-C9"];

// ---------------------------------------------------------------------------------------------
// The oracle: where an entity lies on a day, from the records alone.

interface EntityRow {
  code: string;
  label: string;
  kind: string | null;
  validFrom: string;
  validTo: string | null;
}
interface LinkRow {
  type: string;
  from: string;
  to: string;
  validFrom: string | null;
  validTo: string | null;
  line: string | null;
}
interface Dump {
  entities: Map<string, EntityRow>;
  out: Map<string, LinkRow[]>;
  links: LinkRow[];
  days: string[];
}

/** The relations along which an entity lies somewhere (README, Security), then part-of upwards. */
const ANCHORS = new Set(["BUILT_AT", "LOCATED_IN", "SERVES", "WITH", "ORGANISED_BY", "BASED_IN", "FACILITY_OF", "RESIDES_IN", "REGISTERED_WITH", "MEMBER_OF", "LIVES_IN", "HELPER", "HELPS", "ORIGINAL", "RESULTING"]);

async function dump(db: Database): Promise<Dump> {
  const [row] = await db.read({
    name: "test.scopeDump",
    cypher: `
      RETURN COLLECT { MATCH (e:Entity) RETURN {code: e.code, label: [l IN labels(e) WHERE NOT l IN ['Entity', 'Person']][0], kind: e.kind,
                                                 validFrom: toString(e.validFrom), validTo: toString(e.validTo)} } AS entities,
             COLLECT { MATCH (a:Entity)-[r]->(b:Entity) RETURN {type: type(r), from: a.code, to: b.code, validFrom: toString(r.validFrom),
                                                                  validTo: toString(r.validTo), line: r.line} } AS links`,
  });
  const entities = new Map((row!.entities as EntityRow[]).map((entity) => [entity.code, entity]));
  const links = row!.links as LinkRow[];
  const out = new Map<string, LinkRow[]>();
  for (const link of links) out.set(link.from, [...(out.get(link.from) ?? []), link]);
  const days = [...new Set(links.flatMap((link) => [link.validFrom, link.validTo]).filter((day): day is string => day !== null))].sort();
  return { entities, out, links, days };
}

const holds = (link: LinkRow, day: string) => link.validFrom === null || (link.validFrom <= day && (link.validTo === null || day < link.validTo));

function dayBefore(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/** Every place the entity lies in on `day`: up to four anchor links to a place, then part-of links to the top. */
function placesOn(state: Dump, code: string, day: string): Set<string> {
  const reached = new Set<string>();
  let frontier = [code];
  for (let depth = 0; depth <= 4 && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const at of frontier) {
      if (state.entities.get(at)?.label === "Place") reached.add(at);
      if (depth < 4) for (const link of state.out.get(at) ?? []) if (ANCHORS.has(link.type) && holds(link, day)) next.push(link.to);
    }
    frontier = next;
  }
  const all = new Set<string>();
  const climb = (place: string, depth: number) => {
    if (all.has(place) || depth > 12) return;
    all.add(place);
    for (const link of state.out.get(place) ?? []) if (link.type === "PART_OF" && holds(link, day)) climb(link.to, depth + 1);
  };
  for (const place of reached) climb(place, 0);
  return all;
}

/**
 * In the scope on every day from the day before `effective` to the end of the entity's life (an
 * entity ended before then: on its last day). Every day any link of the graph starts or ends is
 * looked at, a superset of the days where the answer can change. A code of no entity: never.
 */
function inScopeOver(state: Dump, scope: readonly string[], code: string, effective: string): boolean {
  const entity = state.entities.get(code);
  if (!entity) return false;
  let start = dayBefore(effective) < entity.validFrom ? entity.validFrom : dayBefore(effective);
  if (entity.validTo !== null && start >= entity.validTo) start = dayBefore(entity.validTo);
  const days = [start, ...state.days.filter((day) => day > start && (entity.validTo === null || day < entity.validTo))];
  return days.every((day) => [...placesOn(state, code, day)].some((place) => scope.includes(place)));
}

// ---------------------------------------------------------------------------------------------
// Random writes: each case is abstract (numbers and choices), resolved against the graph it meets.

interface Case {
  readonly kind: string;
  readonly scope: readonly string[];
  readonly picks: readonly number[];
  readonly dates: readonly string[];
  readonly unknown: boolean;
  readonly n: number;
}

/** What a case resolves to: the call, and the entities it touches with the day each is touched from. */
interface Resolved {
  readonly call: (context: HubContext) => Promise<unknown>;
  readonly touched: readonly { code: string; at: string }[];
  /** A steward may never do this, whatever the scope (a place with no parent). */
  readonly adminOnly?: boolean;
}

class Picker {
  private index = 0;
  constructor(
    readonly state: Dump,
    readonly c: Case,
  ) {}
  /** A code of `label` (optionally of `kinds`, preferring ones alive on `on`); an unknown code for the first pick when the case says so. */
  code(label: string, kinds?: readonly string[], on?: string): string {
    const first = this.index === 0;
    const pick = this.c.picks[this.index++ % this.c.picks.length]!;
    if (first && this.c.unknown) return `ZZ-NONE-${this.c.n % 7}`;
    const all = [...this.state.entities.values()].filter((entity) => entity.label === label && (!kinds || kinds.includes(String(entity.kind))));
    const alive = on ? all.filter((entity) => entity.validFrom <= on && (entity.validTo === null || on < entity.validTo)) : [];
    const pool = (alive.length > 0 ? alive : all).map((entity) => entity.code).sort();
    return pool.length === 0 ? `ZZ-NONE-${label}` : pool[pick % pool.length]!;
  }
  date(i: number): string {
    return this.c.dates[i % this.c.dates.length]!;
  }
  fresh(prefix: string): string {
    return `PBT-${prefix}-${this.c.n}`;
  }
  /** Links of `type` out of `code` holding on `day`. */
  linksOut(code: string, type: string, day: string, line?: string): LinkRow[] {
    return (this.state.out.get(code) ?? []).filter((link) => link.type === type && holds(link, day) && (line === undefined || link.line === line));
  }
  linksIn(code: string, types: readonly string[], day: string): LinkRow[] {
    return this.state.links.filter((link) => link.to === code && types.includes(link.type) && holds(link, day));
  }
}

const BUILDINGS = ["BUILDING"];
const COMPOUNDS = ["COMPOUND"];
const COMMUNITIES = ["COMMUNITY"];
const PARENTS = ["COMMUNITY", "COMPOUND", "SUBDISTRICT"];

/** A write to one entity taking effect on a date (a rename, an end): it touches that entity from that date. */
function dated(label: string, write: (ctx: HubContext, code: string, date: string, n: number) => Promise<unknown>, kinds?: readonly string[]): (p: Picker) => Resolved {
  return (p) => {
    const date = p.date(0);
    const code = p.code(label, kinds, date);
    return { call: (ctx) => write(ctx, code, date, p.c.n), touched: [{ code, at: date }] };
  };
}

/** An undated correction of one entity: it takes effect today. */
function corrected(label: string, write: (ctx: HubContext, code: string, n: number) => Promise<unknown>): (p: Picker) => Resolved {
  return (p) => {
    const code = p.code(label);
    return { call: (ctx) => write(ctx, code, p.c.n), touched: [{ code, at: TODAY }] };
  };
}

/** Every mutation kind of the schema, resolved from a case: what it calls and what it touches (mirrors README Security). */
const KINDS: Record<string, (p: Picker) => Resolved> = {
  createPlace: (p) => {
    const from = p.date(0);
    const top = p.c.picks[1]! % 9 === 0;
    const parent = top ? null : p.code("Place", PARENTS, from);
    const kind = parent === null ? "DISTRICT" : p.state.entities.get(parent)?.kind === "COMPOUND" ? "BUILDING" : "COMPOUND";
    return {
      call: (ctx) => places.createPlace(ctx, { code: p.fresh("PL"), name: "性質測試", kind, parent, validFrom: from }),
      touched: parent ? [{ code: parent, at: from }] : [],
      adminOnly: parent === null,
    };
  },
  updatePlace: corrected("Place", (ctx, code) => places.updatePlace(ctx, { code })),
  renamePlace: dated("Place", (ctx, code, date, n) => places.renamePlace(ctx, code, `改名${n}`, date, null)),
  movePlace: (p) => {
    const date = p.date(0);
    const code = p.code("Place", BUILDINGS, date);
    const parent = p.code("Place", COMPOUNDS, date);
    return { call: (ctx) => places.movePlace(ctx, code, parent, date, null), touched: [{ code, at: date }, { code: parent, at: date }] };
  },
  dissolvePlace: dated("Place", (ctx, code, date) => places.dissolvePlace(ctx, code, date, null), BUILDINGS),
  createOrganisation: (p) => {
    const from = p.date(0);
    const place = p.code("Place", COMPOUNDS, from);
    const leader = p.code("Organisation", ["GENERAL_BRANCH", "COMMUNITY_COMMITTEE"], from);
    return {
      call: (ctx) =>
        organisations.createOrganisation(ctx, { code: p.fresh("OR"), name: "性質測試支部", kind: "BRANCH", form: "TERRITORIAL", builtAt: [place], leaders: [{ organisation: leader, line: "TERRITORIAL" }], validFrom: from }),
      touched: [{ code: place, at: from }, { code: leader, at: from }],
    };
  },
  updateOrganisation: corrected("Organisation", (ctx, code, n) => organisations.updateOrganisation(ctx, { code, committeeElected: n % 2 === 0 })),
  renameOrganisation: dated("Organisation", (ctx, code, date, n) => organisations.renameOrganisation(ctx, code, `改名${n}`, date, null)),
  dissolveOrganisation: dated("Organisation", (ctx, code, date) => organisations.dissolveOrganisation(ctx, code, date, null), ["GROUP", "BRANCH"]),
  buildOrganisationAt: (p) => {
    const date = p.date(0);
    const code = p.code("Organisation", ["BRANCH"], date);
    const place = p.code("Place", COMPOUNDS, date);
    return { call: (ctx) => organisations.buildOrganisationAt(ctx, code, place, date, null), touched: [{ code, at: date }, { code: place, at: date }] };
  },
  moveOrganisation: (p) => {
    const date = p.date(0);
    const code = p.code("Organisation", ["BRANCH"], date);
    const place = p.code("Place", COMPOUNDS, date);
    return { call: (ctx) => organisations.moveOrganisation(ctx, code, place, date, null), touched: [{ code, at: date }, { code: place, at: date }] };
  },
  setLeadership: (p) => {
    const date = p.date(0);
    const code = p.code("Organisation", ["BRANCH"], date);
    const leader = p.code("Organisation", ["GENERAL_BRANCH"], date);
    return { call: (ctx) => organisations.setLeadership(ctx, code, leader, "TERRITORIAL", date, null), touched: [{ code, at: date }, { code: leader, at: date }] };
  },
  endLeadership: (p) => {
    const date = p.date(0);
    const code = p.code("Organisation", ["BRANCH", "GENERAL_BRANCH"], date);
    const leaders = p.linksOut(code, "LED_BY", date, "TERRITORIAL").map((link) => ({ code: link.to, at: date }));
    return { call: (ctx) => organisations.endLeadership(ctx, code, "TERRITORIAL", date, null), touched: [{ code, at: date }, ...leaders] };
  },
  registerUnit: (p) => {
    const from = p.date(0);
    const location = p.code("Place", COMPOUNDS, from);
    return { call: (ctx) => units.registerUnit(ctx, { code: p.fresh("UN"), name: "性質測試企業", kind: "NEW_ECONOMIC_ORGANISATION", location, validFrom: from }), touched: [{ code: location, at: from }] };
  },
  updateUnit: corrected("Unit", (ctx, code, n) => units.updateUnit(ctx, { code, sector: `測試${n}` })),
  renameUnit: dated("Unit", (ctx, code, date, n) => units.renameUnit(ctx, { code, name: `改名${n}`, date })),
  dissolveUnit: dated("Unit", (ctx, code, date) => units.dissolveUnit(ctx, { code, date })),
  moveUnit: (p) => {
    const date = p.date(0);
    const code = p.code("Unit", undefined, date);
    const place = p.code("Place", COMPOUNDS, date);
    return { call: (ctx) => units.moveUnit(ctx, code, place, date, null), touched: [{ code, at: date }, { code: place, at: date }] };
  },
  coverUnit: (p) => {
    const from = p.date(0);
    const organisation = p.code("Organisation", ["BRANCH", "GENERAL_BRANCH"], from);
    const unit = p.code("Unit", undefined, from);
    return { call: (ctx) => units.coverUnit(ctx, { organisation, unit, mode: "REGIONAL", validFrom: from }), touched: [{ code: organisation, at: from }, { code: unit, at: from }] };
  },
  endCoverage: (p) => {
    const date = p.date(0);
    const covering = p.state.links.filter((link) => link.type === "COVERS" && holds(link, dayBefore(date)));
    const link = covering[p.c.picks[1]! % Math.max(1, covering.length)];
    const organisation = link?.from ?? p.code("Organisation");
    const unit = link?.to ?? p.code("Unit");
    return { call: (ctx) => units.endCoverage(ctx, { organisation, unit, date }), touched: [{ code: organisation, at: date }, { code: unit, at: date }] };
  },
  assignWorkCoverage: (p) => {
    const from = p.date(0);
    const unit = p.code("Unit", undefined, from);
    const organisation = p.code("Organisation", ["GENERAL_BRANCH"], from);
    return { call: (ctx) => units.assignWorkCoverage(ctx, { unit, organisation, role: "LIAISON", validFrom: from }), touched: [{ code: unit, at: from }, { code: organisation, at: from }] };
  },
  endWorkCoverage: (p) => {
    const date = p.date(0);
    const held = p.state.links.filter((link) => link.type === "WORK_COVERED_BY" && holds(link, dayBefore(date)));
    const link = held[p.c.picks[1]! % Math.max(1, held.length)];
    const unit = link?.from ?? p.code("Unit");
    const organisation = link?.to ?? p.code("Organisation");
    return { call: (ctx) => units.endWorkCoverage(ctx, { unit, organisation, date }), touched: [{ code: unit, at: date }, { code: organisation, at: date }] };
  },
  createCouncil: (p) => {
    const from = p.date(0);
    const convenedBy = p.code("Organisation", ["GENERAL_BRANCH"], from);
    const serves = p.code("Place", COMMUNITIES, from);
    return {
      call: (ctx) => councils.createCouncil(ctx, { code: p.fresh("CN"), name: "性質測試協調會", convenedBy, serves, validFrom: from }),
      touched: [{ code: convenedBy, at: from }, { code: serves, at: from }],
    };
  },
  updateCouncil: corrected("Council", (ctx, code, n) => councils.updateCouncil(ctx, { code, rules: `規則${n}` })),
  dissolveCouncil: dated("Council", (ctx, code, date) => councils.dissolveCouncil(ctx, { code, date })),
  addCouncilSeat: (p) => {
    const from = p.date(0);
    const council = p.code("Council", undefined, from);
    const organisation = p.code("Organisation", ["BRANCH"], from);
    return { call: (ctx) => councils.addCouncilSeat(ctx, { council, organisation, validFrom: from }), touched: [{ code: organisation, at: from }, { code: council, at: from }] };
  },
  endCouncilSeat: (p) => {
    const date = p.date(0);
    const seats = p.state.links.filter((link) => link.type === "HOLDS_SEAT" && holds(link, dayBefore(date)));
    const seat = seats[p.c.picks[1]! % Math.max(1, seats.length)];
    const organisation = seat?.from ?? p.code("Organisation");
    const council = seat?.to ?? p.code("Council");
    return { call: (ctx) => councils.endCouncilSeat(ctx, { council, organisation, date }), touched: [{ code: organisation, at: date }, { code: council, at: date }] };
  },
  registerCoBuildingAgreement: (p) => {
    const from = p.date(0);
    const unit = p.code("Unit", undefined, from);
    const community = p.code("Place", COMMUNITIES, from);
    return {
      call: (ctx) => agreements.registerAgreement(ctx, { code: p.fresh("AG"), name: "性質測試協議", unit, community, validFrom: from }),
      touched: [{ code: unit, at: from }, { code: community, at: from }],
    };
  },
  endCoBuildingAgreement: dated("CoBuildingAgreement", (ctx, code, date) => agreements.endAgreement(ctx, { code, date })),
  createFacility: (p) => {
    const from = p.date(0);
    const facilityOf = p.code("Place", COMMUNITIES, from);
    return { call: (ctx) => facilities.createFacility(ctx, { code: p.fresh("FA"), name: "性質測試室", kind: "ROOM", facilityOf, validFrom: from }), touched: [{ code: facilityOf, at: from }] };
  },
  updateFacility: corrected("Facility", (ctx, code, n) => facilities.updateFacility(ctx, { code, requirement: `測試${n}` })),
  dissolveFacility: dated("Facility", (ctx, code, date) => facilities.dissolveFacility(ctx, { code, date })),
  createVolunteerTeam: (p) => {
    const from = p.date(0);
    const organisedBy = p.code("Organisation", ["GENERAL_BRANCH", "BRANCH"], from);
    return {
      call: (ctx) => teams.createVolunteerTeam(ctx, { code: p.fresh("VT"), name: "性質測試服務隊", organisedBy, focus: ["ELDERLY"], validFrom: from }),
      touched: [{ code: organisedBy, at: from }],
    };
  },
  updateVolunteerTeam: corrected("VolunteerTeam", (ctx, code, n) => teams.updateVolunteerTeam(ctx, { code, memberCount: n % 50 })),
  dissolveVolunteerTeam: dated("VolunteerTeam", (ctx, code, date) => teams.dissolveVolunteerTeam(ctx, { code, date })),
  createCulturalTeam: (p) => {
    const from = p.date(0);
    const basedIn = p.code("Place", COMMUNITIES, from);
    return {
      call: (ctx) => teams.createCulturalTeam(ctx, { code: p.fresh("CT"), name: "性質測試合唱團", genre: "CHOIR", basedIn, validFrom: from }),
      touched: [{ code: basedIn, at: from }],
    };
  },
  updateCulturalTeam: corrected("CulturalTeam", (ctx, code, n) => teams.updateCulturalTeam(ctx, { code, memberCount: n % 50 })),
  dissolveCulturalTeam: dated("CulturalTeam", (ctx, code, date) => teams.dissolveCulturalTeam(ctx, { code, date })),
  registerMember: (p) => {
    const from = p.date(0);
    const organisation = p.code("Organisation", ["BRANCH"], from);
    const residence = p.code("Place", BUILDINGS, from);
    return {
      call: (ctx) => members.registerMember(ctx, { code: p.fresh("ME"), name: "黨員測", status: "FORMAL", organisation, residence, validFrom: from }),
      touched: [{ code: organisation, at: from }, { code: residence, at: from }],
    };
  },
  updateMember: (p) => {
    const dated = p.c.picks[2]! % 2 === 0;
    const date = dated ? p.date(0) : null;
    const code = p.code("Member", undefined, date ?? TODAY);
    const residence = dated && p.c.picks[3]! % 2 === 0 ? p.code("Place", BUILDINGS, date!) : null;
    const member = p.state.entities.get(code);
    // Undated, the change is seen and judged on the day of the member's life nearest to today.
    const nearest = !member ? TODAY : member.validTo !== null && member.validTo <= TODAY ? dayBefore(member.validTo) : member.validFrom > TODAY ? member.validFrom : TODAY;
    return {
      call: (ctx) => members.updateMember(ctx, { code, employment: "RETIRED", ...(date ? { date } : {}), ...(residence ? { residence } : {}) }),
      touched: [{ code, at: date ?? TODAY }, ...(date ? [] : [{ code, at: nearest }]), ...(residence ? [{ code: residence, at: date! }] : [])],
    };
  },
  endMembership: dated("Member", (ctx, code, date) => members.endMembership(ctx, { code, date })),
  transferMember: (p) => {
    const date = p.date(0);
    const code = p.code("Member", undefined, date);
    const organisation = p.code("Organisation", ["BRANCH"], date);
    const before = p.linksOut(code, "MEMBER_OF", date).map((link) => ({ code: link.to, at: date }));
    return { call: (ctx) => members.transferMember(ctx, code, organisation, date, null), touched: [{ code, at: date }, { code: organisation, at: date }, ...before] };
  },
  registerBeneficiary: (p) => {
    const from = p.date(0);
    const livesIn = p.code("Place", BUILDINGS, from);
    return { call: (ctx) => beneficiaries.registerBeneficiary(ctx, { code: p.fresh("BE"), name: "困難戶測", kind: "HOUSEHOLD", livesIn, validFrom: from }), touched: [{ code: livesIn, at: from }] };
  },
  createPairing: (p) => {
    const from = p.date(0);
    const helper = p.code("Organisation", ["BRANCH", "GENERAL_BRANCH"], from);
    const beneficiary = p.code("Beneficiary", undefined, from);
    const kind = (p.state.entities.get(beneficiary)?.kind ?? "HOUSEHOLD") as "HOUSEHOLD";
    return {
      call: (ctx) => pairings.createPairing(ctx, { code: p.fresh("PA"), kind, helper, beneficiary, validFrom: from }),
      touched: [{ code: helper, at: from }, { code: beneficiary, at: from }],
    };
  },
  endPairing: (p) => {
    const date = p.date(0);
    const code = p.code("Pairing", undefined, dayBefore(date));
    return { call: (ctx) => pairings.endPairing(ctx, { code, date }), touched: [{ code, at: date }] };
  },
  recordChangeEvent: (p) => {
    // A rename recorded after the fact: the place must take a new name on the date.
    const date = p.date(0);
    const code = p.code("Place", COMPOUNDS, date);
    return {
      call: (ctx) => history.recordChangeEvent(ctx, { code: p.fresh("EV"), kind: "RENAME", date, originals: [code], results: [code] }),
      touched: [{ code, at: date }],
    };
  },
  applyMerger: (p) => {
    const date = p.date(0);
    const first = p.code("Place", BUILDINGS, date);
    const second = p.code("Place", BUILDINGS, date);
    const parent = p.linksOut(first, "PART_OF", date)[0]?.to ?? p.code("Place", COMPOUNDS, date);
    const result = p.fresh("MB");
    const built = [first, second].flatMap((original) => p.linksIn(original, ["BUILT_AT"], date).map((link) => link.from));
    const movedIn = [first, second].flatMap((original) => p.linksIn(original, ["RESIDES_IN", "REGISTERED_WITH", "LIVES_IN", "LOCATED_IN", "FACILITY_OF", "BASED_IN", "SERVES", "WITH"], date).map((link) => ({ code: link.from, at: date })));
    return {
      call: (ctx) =>
        restructure.applyMerger(ctx, {
          code: p.fresh("EVM"),
          date,
          expectedVersions: [],
          originals: [first, second],
          result: { place: { code: result, name: "合併樓", kind: "BUILDING", parent } },
          reassign: [],
          organisations: [...new Set(built)].map((organisation) => ({ organisation, action: "REBUILD" as const, place: result })),
        }),
      touched: [{ code: first, at: date }, { code: second, at: date }, { code: parent, at: date }, ...movedIn],
    };
  },
  applySuccession: (p) => {
    const date = p.date(0);
    const original = p.code("Place", BUILDINGS, date);
    const parent = p.linksOut(original, "PART_OF", date)[0]?.to ?? p.code("Place", COMPOUNDS, date);
    const result = p.fresh("SU");
    const built = p.linksIn(original, ["BUILT_AT"], date).map((link) => link.from);
    const movedIn = p.linksIn(original, ["RESIDES_IN", "REGISTERED_WITH", "LIVES_IN", "LOCATED_IN", "FACILITY_OF", "BASED_IN", "SERVES", "WITH"], date).map((link) => ({ code: link.from, at: date }));
    return {
      call: (ctx) =>
        restructure.applySuccession(ctx, {
          code: p.fresh("EVU"),
          date,
          original,
          result: { place: { code: result, name: "繼承樓", kind: "BUILDING", parent } },
          reassign: [],
          organisations: built.map((organisation) => ({ organisation, action: "REBUILD" as const, place: result })),
        }),
      touched: [{ code: original, at: date }, { code: parent, at: date }, ...movedIn],
    };
  },
  applyAbsorption: (p) => {
    const date = p.date(0);
    const survivor = p.code("Place", BUILDINGS, date);
    const absorbed = p.code("Place", BUILDINGS, date);
    const built = p.linksIn(absorbed, ["BUILT_AT"], date).map((link) => link.from);
    const movedIn = p.linksIn(absorbed, ["RESIDES_IN", "REGISTERED_WITH", "LIVES_IN", "LOCATED_IN", "FACILITY_OF", "BASED_IN", "SERVES", "WITH"], date).map((link) => ({ code: link.from, at: date }));
    return {
      call: (ctx) =>
        restructure.applyAbsorption(ctx, {
          code: p.fresh("EVA"),
          date,
          expectedVersions: [],
          survivor,
          absorbed: [absorbed],
          reassign: [],
          organisations: built.map((organisation) => ({ organisation, action: "REBUILD" as const, place: survivor })),
        }),
      touched: [{ code: survivor, at: date }, { code: absorbed, at: date }, ...movedIn],
    };
  },
  applySplit: (p) => {
    const date = p.date(0);
    const original = p.code("Place", COMPOUNDS, date);
    const parent = p.linksOut(original, "PART_OF", date)[0]?.to ?? p.code("Place", COMMUNITIES, date);
    const movedIn = p.linksIn(original, ["PART_OF", "LOCATED_IN", "LIVES_IN", "FACILITY_OF", "BASED_IN"], date).map((link) => ({ code: link.from, at: date }));
    return {
      call: (ctx) =>
        restructure.applySplit(ctx, {
          code: p.fresh("EVS"),
          date,
          original,
          results: [{ existing: original }, { place: { code: p.fresh("SP"), name: "分出小區", kind: "COMPOUND", parent } }],
          reassign: [],
          organisations: [],
        }),
      touched: [{ code: original, at: date }, { code: parent, at: date }, ...movedIn],
    };
  },
};

interface Tally {
  committed: number;
  forbidden: number;
  domain: number;
  byKind: Map<string, { committed: number; forbidden: number; domain: number }>;
}

describe("property: a steward's write commits exactly when everything it touches lies in the scope over its whole effect", () => {
  let db: Database;
  let state: Dump;
  const tally: Tally = { committed: 0, forbidden: 0, domain: 0, byKind: new Map() };

  beforeAll(async () => {
    await loadSeed(LONGHUTANG);
    db = connectTestDatabase();
    state = await dump(db);
  });
  afterAll(() => db.close());

  it("draws from every mutation kind of the schema", async () => {
    const schema = await buildHubSchema();
    expect(Object.keys(KINDS).sort()).toEqual(Object.keys(schema.getMutationType()!.getFields()).sort());
  });

  it("holds over random stewards, scopes, kinds and dates; refusals leave the graph unchanged", { timeout: 600_000 }, async () => {
    const started = Date.now();
    const cases = fc.record({
      kind: fc.constantFrom(...Object.keys(KINDS)),
      // The subdistrict's steward (everything in LHT) a third of the time, so that many writes commit.
      scope: fc.oneof({ arbitrary: fc.constant(["LHT"]), weight: 1 }, { arbitrary: fc.subarray(SCOPES, { minLength: 1, maxLength: 2 }), weight: 2 }),
      picks: fc.array(fc.nat({ max: 10_000 }), { minLength: 4, maxLength: 4 }),
      dates: fc.shuffledSubarray(DATES, { minLength: 2, maxLength: 2 }),
      unknown: fc.integer({ min: 0, max: 11 }).map((value) => value === 0),
      n: fc.nat({ max: 1_000_000 }),
    });
    let serial = 0;
    await fc.assert(
      fc.asyncProperty(cases, async (generated) => {
        const c: Case = { ...generated, n: serial++ };
        const resolved = KINDS[c.kind]!(new Picker(state, c));
        const expectInScope = !resolved.adminOnly && resolved.touched.every((touch) => inScopeOver(state, c.scope, touch.code, touch.at));
        const before = await graphFingerprint(db);
        const outcome = await resolved.call(contextFor(db, "steward", c.scope)).then(
          () => "ok",
          (error: unknown) => {
            if (!(error instanceof HubError)) throw error;
            return error.code === "FORBIDDEN" && (error.extensions as { reason?: string }).reason === "OUT_OF_SCOPE" ? "OUT_OF_SCOPE" : error.code;
          },
        );
        const label = `${c.kind} as steward of ${c.scope.join("+")} ${JSON.stringify(resolved.touched)}: ${outcome}`;
        const counts = tally.byKind.get(c.kind) ?? { committed: 0, forbidden: 0, domain: 0 };
        tally.byKind.set(c.kind, counts);
        if (outcome === "ok") {
          expect(expectInScope, `${label}: committed, yet the oracle puts it out of scope`).toBe(true);
          tally.committed++;
          counts.committed++;
          state = await dump(db);
          return;
        }
        expect(await graphFingerprint(db), `${label}: a refused write changed the graph`).toBe(before);
        if (outcome === "OUT_OF_SCOPE") {
          expect(expectInScope, `${label}: refused as out of scope, yet the oracle puts it in scope`).toBe(false);
          tally.forbidden++;
          counts.forbidden++;
          return;
        }
        // Refused for a domain reason: the same write fails the same way for an admin, so scope was not what decided it.
        const asAdmin = await resolved.call(contextFor(db, "admin")).then(
          () => "ok",
          (error: unknown) => (error instanceof HubError ? error.code : String(error)),
        );
        expect(asAdmin, `${label}: an admin's outcome differs`).toBe(outcome);
        expect(await graphFingerprint(db)).toBe(before);
        tally.domain++;
        counts.domain++;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const kinds = [...tally.byKind].map(([kind, counts]) => `${kind} ${counts.committed}/${counts.forbidden}/${counts.domain}`).join(", ");
    process.stdout.write(
      `scope property: ${serial} cases (seed ${SEED}, at most ${RUNS} in ${TIME_LIMIT_MS / 1000} s) in ${seconds} s: ${tally.committed} committed, ${tally.forbidden} refused as out of scope, ` +
        `${tally.domain} refused for a domain rule (the same for an admin); ${tally.byKind.size} of ${Object.keys(KINDS).length} kinds drawn\n  committed/out-of-scope/domain by kind: ${kinds}\n`,
    );
    expect(await findBrokenRecords((query) => db.read(query)), "broken records after the walk").toEqual([]);
    expect(tally.committed, "the walk must exercise commits").toBeGreaterThan(0);
    expect(tally.forbidden, "the walk must exercise refusals").toBeGreaterThan(0);
  });
});
