import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Hub } from "../../src/server/hub.js";
import { verifyRollups } from "../../src/coverage/rollup.maintain.js";
import { graphFingerprint, resetGraph } from "../support/graph.js";
import { expectNotFound, postGraphql, startTestHub } from "../support/hub.js";

const CREATE_PLACE = `mutation($input: CreatePlaceInput!) { createPlace(input: $input) { place { code } } }`;
const CREATE_ORG = `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { organisation { code } warnings { rule message } } }`;

describe("organisations", () => {
  let hub: Hub;
  const gql = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) => postGraphql<T>(hub.url, query, variables);
  const ok = async <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) => {
    const response = await gql<T>(query, variables);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const place = (input: Record<string, unknown>) => ok(CREATE_PLACE, { input: { validFrom: "2000-01-01", ...input } });
  const org = (input: Record<string, unknown>) => ok<{ createOrganisation: { warnings: { rule: string }[] } }>(CREATE_ORG, { input: { validFrom: "2020-07-01", ...input } });

  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.stop());

  beforeEach(async () => {
    await resetGraph(hub.db);
    await place({ code: "XB", name: "新北區", kind: "DISTRICT" });
    await place({ code: "LHT", name: "龍虎塘街道", kind: "SUBDISTRICT", parent: "XB" });
    await place({ code: "C1", name: "東華社區", kind: "COMMUNITY", parent: "LHT" });
    await place({ code: "C2", name: "新橋社區", kind: "COMMUNITY", parent: "LHT" });
    await place({ code: "R1", name: "東華苑", kind: "COMPOUND", parent: "C1" });
    await place({ code: "R1-B1", name: "1幢", kind: "BUILDING", parent: "R1" });
    await place({ code: "R1-B2", name: "2幢", kind: "BUILDING", parent: "R1" });
    await org({ code: "XB-DC", name: "新北區委", kind: "DISTRICT_COMMITTEE", builtAt: ["XB"], validFrom: "2000-01-01" });
    await org({ code: "LHT-WC", name: "龍虎塘街道黨工委", kind: "WORKING_COMMITTEE", builtAt: ["LHT"], leaders: [{ organisation: "XB-DC" }], validFrom: "2000-01-01" });
    await org({ code: "C1-GB", name: "東華社區黨總支", kind: "GENERAL_BRANCH", builtAt: ["C1"], leaders: [{ organisation: "LHT-WC" }] });
    await org({ code: "C2-GB", name: "新橋社區黨總支", kind: "GENERAL_BRANCH", builtAt: ["C2"], leaders: [{ organisation: "LHT-WC" }] });
    await org({ code: "R1-BR", name: "東華苑黨支部", kind: "BRANCH", builtAt: ["R1"], leaders: [{ organisation: "C1-GB" }], formalMembers: 12 });
    await org({ code: "R1-B1-G", name: "1幢黨小組", kind: "GROUP", builtAt: ["R1-B1"], leaders: [{ organisation: "R1-BR" }], validFrom: "2021-01-01" });
  });

  it("navigates built-at, leaders, subordinates and the chain to the top, both ways", async () => {
    const data = await ok<{ organisation: Record<string, unknown>; place: Record<string, unknown> }>(`{
      organisation(code: "R1-B1-G") { builtAt { code } leader { code } leadershipChain { code } leaders { leader { code } led { code } line validFrom validTo } }
      place(code: "R1") { organisations { code subordinates { code } } }
    }`);
    expect(data.organisation).toEqual({
      builtAt: [{ code: "R1-B1" }],
      leader: { code: "R1-BR" },
      leadershipChain: [{ code: "R1-BR" }, { code: "C1-GB" }, { code: "LHT-WC" }, { code: "XB-DC" }],
      leaders: [{ leader: { code: "R1-BR" }, led: { code: "R1-B1-G" }, line: "TERRITORIAL", validFrom: "2021-01-01", validTo: null }],
    });
    expect(data.place).toEqual({ organisations: [{ code: "R1-BR", subordinates: [{ code: "R1-B1-G" }] }] });
    expectNotFound(await gql(`{ organisation(code: "R1-B1-G", asOf: "2020-12-31") { code } }`), "organisation");
  });

  it("re-leads from a date and keeps the history; dual leadership is two lines at once", async () => {
    await org({ code: "PSB", name: "公安分局黨委", kind: "SYSTEM_COMMITTEE", validFrom: "2000-01-01" });
    await org({ code: "PS-BR", name: "派出所黨支部", kind: "BRANCH", form: "UNIT", builtAt: ["C1"], leaders: [{ organisation: "PSB", line: "OWN_SYSTEM" }, { organisation: "C1-GB" }] });
    await ok(`mutation { setLeadership(input: { code: "PS-BR", leader: "C2-GB", date: "2023-01-01" }) { organisation { code } warnings { rule } } }`);
    const query = `query($asOf: LocalDate) { organisation(code: "PS-BR", asOf: $asOf) { leaders { leader { code } line } leaderHistory { leader { code } validFrom validTo } } }`;
    type Result = { organisation: { leaders: { leader: { code: string }; line: string }[]; leaderHistory: unknown[] } };
    const before = await ok<Result>(query, { asOf: "2022-12-31" });
    expect(before.organisation.leaders.map((l) => [l.leader.code, l.line])).toEqual([["C1-GB", "TERRITORIAL"], ["PSB", "OWN_SYSTEM"]]);
    const after = await ok<Result>(query, { asOf: "2023-01-01" });
    expect(after.organisation.leaders.map((l) => [l.leader.code, l.line])).toEqual([["C2-GB", "TERRITORIAL"], ["PSB", "OWN_SYSTEM"]]);
    expect(after.organisation.leaderHistory).toEqual([
      { leader: { code: "C1-GB" }, validFrom: "2020-07-01", validTo: "2023-01-01" },
      { leader: { code: "C2-GB" }, validFrom: "2023-01-01", validTo: null },
      { leader: { code: "PSB" }, validFrom: "2020-07-01", validTo: null },
    ]);
  });

  it("warns, without refusing, when the leader's place does not contain the organisation's", async () => {
    const result = await org({ code: "R1-BR2", name: "第二支部", kind: "BRANCH", builtAt: ["R1"], leaders: [{ organisation: "C2-GB" }] });
    expect(result.createOrganisation.warnings.map((w) => w.rule)).toEqual(["LEADER_PLACE_MISMATCH"]);
  });

  it("lists with filters, within a place, and by name", async () => {
    const data = await ok<{ organisations: { totalCount: number; edges: { node: { code: string } }[] } }>(
      `{ organisations(within: "C1", kinds: [BRANCH, GROUP, GENERAL_BRANCH]) { totalCount edges { node { code } } } }`,
    );
    expect(data.organisations.edges.map((e) => e.node.code)).toEqual(["C1-GB", "R1-B1-G", "R1-BR"]);
    expect(data.organisations.totalCount).toBe(3);
    const named = await ok<{ organisations: { edges: { node: { code: string } }[] } }>(`{ organisations(nameContains: "黨總支") { edges { node { code } } } }`);
    expect(named.organisations.edges.map((e) => e.node.code)).toEqual(["C1-GB", "C2-GB"]);
  });

  it.each([
    ["a group at a compound", { code: "G9", name: "g", kind: "GROUP", builtAt: ["R1"], leaders: [{ organisation: "R1-BR" }] }, "GROUP_PLACE"],
    ["a group without a leader", { code: "G9", name: "g", kind: "GROUP", builtAt: ["R1-B2"] }, "GROUP_LEADER"],
    ["a group led by a general branch", { code: "G9", name: "g", kind: "GROUP", builtAt: ["R1-B2"], leaders: [{ organisation: "C1-GB" }] }, "GROUP_LEADER"],
    ["a branch led by a group", { code: "B9", name: "b", kind: "BRANCH", builtAt: ["R1"], leaders: [{ organisation: "R1-B1-G" }], validFrom: "2021-06-01" }, "LEADER_KIND"],
    ["two leaders on one line", { code: "B9", name: "b", kind: "BRANCH", builtAt: ["R1"], leaders: [{ organisation: "C1-GB" }, { organisation: "C2-GB" }] }, "SINGLE_LEADER_PER_LINE"],
    ["a general branch at a building", { code: "GB9", name: "gb", kind: "GENERAL_BRANCH", builtAt: ["R1-B1"], leaders: [{ organisation: "LHT-WC" }] }, "ORGANISATION_PLACE"],
  ])("refuses %s and leaves the graph unchanged", async (_what, input, rule) => {
    const before = await graphFingerprint(hub.db);
    const response = await gql(CREATE_ORG, { input: { validFrom: "2021-06-01", ...input } });
    expect(response.errors![0]!.extensions).toMatchObject({ code: "RULE_VIOLATION", rule });
    expect(await graphFingerprint(hub.db)).toBe(before);
  });

  it("refuses a leadership cycle, dissolving a leader with subordinates, and a stale version", async () => {
    await org({ code: "GB-A", name: "甲總支", kind: "GENERAL_BRANCH", builtAt: ["C1"], leaders: [{ organisation: "LHT-WC" }] });
    const before = await graphFingerprint(hub.db);
    const cycle = await gql(`mutation { setLeadership(input: { code: "LHT-WC", leader: "C1-GB", line: OWN_SYSTEM, date: "2022-01-01" }) { organisation { code } } }`);
    expect(cycle.errors![0]!.extensions).toMatchObject({ code: "RULE_VIOLATION" });
    const dissolve = await gql(`mutation { dissolveOrganisation(input: { code: "R1-BR", date: "2024-01-01" }) { organisation { code } } }`);
    expect(dissolve.errors![0]!.extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "ACTIVE_SUBORDINATES" });
    const stale = await gql(`mutation { updateOrganisation(input: {code: "R1-BR", formalMembers: 3, expectedVersion: 42}) { organisation { code } } }`);
    expect(stale.errors![0]!.extensions!.code).toBe("CONFLICT");
    const unknown = await gql(`mutation { setLeadership(input: { code: "R1-BR", leader: "NOPE", date: "2022-01-01" }) { organisation { code } } }`);
    expect(unknown.errors![0]!.extensions!.code).toBe("NOT_FOUND");
    expect(await graphFingerprint(hub.db)).toBe(before);
  });

  it("keeps the coverage roll-ups by a correction: member counts touch none, a form change moves them (and they agree with the graph)", async () => {
    const rollupStatements = async (mutation: string) => {
      const names: string[] = [];
      const stop = hub.db.onQuery((event) => names.push(event.name));
      try {
        await ok(mutation);
      } finally {
        stop();
      }
      return names.filter((name) => name.startsWith("rollup."));
    };
    const communitiesCovered = async () =>
      (await ok<{ coverage: { totals: { communitiesWithOrganisation: { covered: number } } } }>(`{ coverage(place: "LHT") { totals { communitiesWithOrganisation { covered } } } }`)).coverage.totals.communitiesWithOrganisation.covered;
    const today = new Date().toISOString().slice(0, 10);
    expect(await communitiesCovered()).toBe(2);
    // Member counts and the committee flag are no coverage fact: no roll-up statement runs.
    expect(await rollupStatements(`mutation { updateOrganisation(input: { code: "C1-GB", formalMembers: 40, probationaryMembers: 2, committeeElected: true }) { organisation { code } } }`)).toEqual([]);
    // The form is: a general branch that is no longer territorial leaves its community uncovered.
    expect(await rollupStatements(`mutation { updateOrganisation(input: { code: "C1-GB", form: JOINT }) { organisation { code } } }`)).toContain("rollup.lockSources");
    expect(await communitiesCovered()).toBe(1);
    expect(await verifyRollups(hub.db, ["2020-01-01", today])).toEqual([]);
  });

  it("serialises concurrent corrections of one record: none lost, each audited, a stale version refused; the lock is taken by the last statement", async () => {
    const UPDATE = `mutation($input: UpdateOrganisationInput!) { updateOrganisation(input: $input) { organisation { formalMembers version } } }`;
    type Updated = { updateOrganisation: { organisation: { formalMembers: number; version: number } } };
    const version = async () => (await ok<{ organisation: { version: number } }>(`{ organisation(code: "R1-BR") { version } }`)).organisation.version;
    const audited = async () => Number((await hub.db.read({ name: "test.auditCount", cypher: `MATCH (a:AuditEntry {operation: "updateOrganisation"}) WHERE "R1-BR" IN a.entities RETURN count(a) AS n` }))[0]!.n);
    const start = await version();
    const entriesBefore = await audited();

    // Twelve at once without expectedVersion: each is applied on top of the one before it.
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => gql<Updated>(UPDATE, { input: { code: "R1-BR", formalMembers: 100 + i } })));
    expect(answers.flatMap((answer) => answer.errors ?? [])).toEqual([]);
    const versions = answers.map((answer) => answer.data!.updateOrganisation.organisation.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 12 }, (_, i) => start + 1 + i));
    expect(await version()).toBe(start + 12);
    expect(await audited()).toBe(entriesBefore + 12);

    // Eight at once against the version all of them read: exactly one wins, the rest get CONFLICT with the winner's version.
    const contested = await Promise.all(Array.from({ length: 8 }, (_, i) => gql<Updated>(UPDATE, { input: { code: "R1-BR", formalMembers: 200 + i, expectedVersion: start + 12 } })));
    const winners = contested.filter((answer) => answer.errors === undefined);
    expect(winners).toHaveLength(1);
    for (const loser of contested.filter((answer) => answer.errors !== undefined)) {
      expect(loser.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", currentVersion: start + 13, expectedVersion: start + 12 });
    }
    const current = await ok<{ organisation: { formalMembers: number; version: number } }>(`{ organisation(code: "R1-BR") { formalMembers version } }`);
    expect(current.organisation).toEqual(winners[0]!.data!.updateOrganisation.organisation);
    expect(await audited()).toBe(entriesBefore + 13);

    // The audit entry goes ahead; the record is locked, read and written by one statement, then the commit.
    const names: string[] = [];
    const stop = hub.db.onQuery((event) => names.push(event.name));
    try {
      await ok(UPDATE, { input: { code: "R1-BR", formalMembers: 7 } });
    } finally {
      stop();
    }
    expect(names).toEqual(["audit.createEntry", "write.correctOrganisation"]);
    const unknown = await gql(UPDATE, { input: { code: "NOPE", formalMembers: 1 } });
    expect(unknown.errors![0]!.extensions!.code).toBe("NOT_FOUND");
    const wrongLabel = await gql(UPDATE, { input: { code: "R1", formalMembers: 1 } });
    expect(wrongLabel.errors![0]!.extensions!.code).toBe("NOT_FOUND");
  });

  it("dissolves after its subordinates are re-led, closing its links on that date", async () => {
    await org({ code: "R1-BR-NEW", name: "新支部", kind: "BRANCH", builtAt: ["R1"], leaders: [{ organisation: "C1-GB" }], validFrom: "2023-06-01" });
    await ok(`mutation { setLeadership(input: { code: "R1-B1-G", leader: "R1-BR-NEW", date: "2024-01-01" }) { organisation { code } } }`);
    await ok(`mutation { dissolveOrganisation(input: { code: "R1-BR", date: "2024-01-01" }) { organisation { code validTo } } }`);
    const at = (asOf: string) => ok<{ place: { organisations: { code: string }[] } }>(`query($asOf: LocalDate) { place(code: "R1", asOf: $asOf) { organisations { code } } }`, { asOf });
    expect((await at("2023-12-31")).place.organisations.map((o) => o.code)).toEqual(["R1-BR", "R1-BR-NEW"]);
    expect((await at("2024-01-01")).place.organisations.map((o) => o.code)).toEqual(["R1-BR-NEW"]);
  });
});
