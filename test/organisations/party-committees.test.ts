import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, readMigrations } from "../../src/database/index.js";
import type { Hub } from "../../src/server/hub.js";
import { resetGraph } from "../support/graph.js";
import { postGraphql, startTestHub } from "../support/hub.js";

// Response shapes vary per query below; the assertions say what they must be.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * Party committees by what they are (issue 14): a community's (COMMUNITY_COMMITTEE), a unit's
 * (UNIT_COMMITTEE) and an own system's (SYSTEM_COMMITTEE). Only the first covers a community and
 * answers for its gaps; only a system committee (or the district, or a unit's own) leads on the
 * own-system line; stored own-system committees written as community committees are re-kinded.
 */
describe("party committees: community, unit and own-system", { timeout: 240_000 }, () => {
  let hub: Hub;
  const gql = (query: string, variables: Record<string, unknown> = {}) => postGraphql<Json>(hub.url, query, variables);
  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await gql(query, variables);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const CREATE = `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { organisation { code kind } } }`;
  const org = (input: Record<string, unknown>) => gql(CREATE, { input: { validFrom: "2000-01-01", ...input } });

  beforeAll(async () => {
    hub = await startTestHub({ NEO4J_TX_TIMEOUT_MS: "60000" });
  });
  afterAll(() => hub.stop());

  it("migration 0011 re-kinds own-system and unit committees stored as community committees, and changes nothing the second time", async () => {
    await resetGraph(hub.db);
    await hub.db.write({
      name: "test.oldCommittees",
      cypher: `
        CREATE (c:Entity:Place {code: 'C1', kind: 'COMMUNITY'})
        CREATE (:Entity:Organisation {code: 'PSB-PC', kind: 'COMMUNITY_COMMITTEE'})
        CREATE (:Entity:Organisation {code: 'C1-CC', kind: 'COMMUNITY_COMMITTEE', form: 'TERRITORIAL'})-[:BUILT_AT]->(c)
        CREATE (:Entity:Organisation {code: 'SCH-PC', kind: 'COMMUNITY_COMMITTEE', form: 'UNIT'})-[:BUILT_AT]->(c)`,
    });
    const migration = readMigrations(MIGRATIONS_DIR).find((candidate) => candidate.file === "0011_party_committee_kinds.cypher")!;
    expect(migration.statements).toHaveLength(2);
    const kinds = async () => Object.fromEntries((await hub.db.read({ name: "test.kinds", cypher: "MATCH (o:Organisation) RETURN o.code AS code, o.kind AS kind" })).map((row) => [row.code, row.kind]));
    for (let run = 0; run < 2; run++) {
      for (const [index, statement] of migration.statements.entries()) await hub.db.write({ name: `test.migration0011.${index}`, cypher: statement });
      expect(await kinds()).toEqual({ "PSB-PC": "SYSTEM_COMMITTEE", "C1-CC": "COMMUNITY_COMMITTEE", "SCH-PC": "UNIT_COMMITTEE" });
    }
  });

  it("leads on the own-system line as a system committee, never as a community committee; covers a community only as the community's", async () => {
    await resetGraph(hub.db);
    const place = (input: string) => ok(`mutation { createPlace(input: { validFrom: "2000-01-01", ${input} }) { place { code } } }`);
    await place(`code: "XB", name: "新北區", kind: DISTRICT`);
    await place(`code: "LHT", name: "龍虎塘街道", kind: SUBDISTRICT, parent: "XB"`);
    await place(`code: "C1", name: "龍錦社區", kind: COMMUNITY, parent: "LHT"`);
    await place(`code: "R1", name: "龍錦花苑", kind: COMPOUND, parent: "C1"`);
    for (const input of [
      { code: "DC", name: "新北區委", kind: "DISTRICT_COMMITTEE", builtAt: ["XB"] },
      { code: "WC", name: "街道黨工委", kind: "WORKING_COMMITTEE", builtAt: ["LHT"], leaders: [{ organisation: "DC" }] },
      // Built nowhere in the territory, led by the district on its own line.
      { code: "PSB-PC", name: "公安分局黨委", kind: "SYSTEM_COMMITTEE", leaders: [{ organisation: "DC", line: "OWN_SYSTEM" }] },
      // A unit's committee at the community: not the community's organisation.
      { code: "SCH-PC", name: "實驗小學黨委", kind: "UNIT_COMMITTEE", form: "UNIT", builtAt: ["C1"], leaders: [{ organisation: "WC" }] },
    ]) {
      expect((await org(input)).errors).toBeUndefined();
    }
    const coverage = `{ coverage(scope: "LHT", asOf: "2024-01-01") { totals { communitiesWithOrganisation { covered total } }
      compoundsWithoutBranch(first: 5) { edges { node { place { code } responsible { code } } } } } }`;
    expect((await ok(coverage)).coverage).toEqual({
      totals: { communitiesWithOrganisation: { covered: 0, total: 1 } },
      compoundsWithoutBranch: { edges: [{ node: { place: { code: "R1" }, responsible: { code: "WC" } } }] },
    });
    expect((await org({ code: "C1-CC", name: "龍錦社區黨委", kind: "COMMUNITY_COMMITTEE", builtAt: ["C1"], leaders: [{ organisation: "WC" }] })).errors).toBeUndefined();
    expect((await ok(coverage)).coverage).toEqual({
      totals: { communitiesWithOrganisation: { covered: 1, total: 1 } },
      compoundsWithoutBranch: { edges: [{ node: { place: { code: "R1" }, responsible: { code: "C1-CC" } } }] },
    });

    // The police station's branch: territorially under the community, on its own line under the bureau.
    const refused = await org({ code: "PS-BR", name: "派出所黨支部", kind: "BRANCH", form: "UNIT", builtAt: ["C1"], leaders: [{ organisation: "C1-CC", line: "OWN_SYSTEM" }] });
    expect(refused.errors![0]!.extensions).toMatchObject({ code: "RULE_VIOLATION", rule: "LEADER_KIND" });
    const accepted = await org({ code: "PS-BR", name: "派出所黨支部", kind: "BRANCH", form: "UNIT", builtAt: ["C1"], leaders: [{ organisation: "C1-CC" }, { organisation: "PSB-PC", line: "OWN_SYSTEM" }] });
    expect(accepted.errors).toBeUndefined();
    const integrity = await ok(`{
      dualLeadership(asOf: "2024-01-01") { items { organisation { code } territorialLeader { code kind } ownSystemLeader { code kind } } }
      misalignedLeadership(asOf: "2024-01-01") { count }
    }`);
    expect(integrity.dualLeadership.items).toEqual([
      { organisation: { code: "PS-BR" }, territorialLeader: { code: "C1-CC", kind: "COMMUNITY_COMMITTEE" }, ownSystemLeader: { code: "PSB-PC", kind: "SYSTEM_COMMITTEE" } },
    ]);
    // The bureau is built nowhere: its branch is not misaligned for sitting outside it.
    expect(integrity.misalignedLeadership.count).toBe(0);
  });
});
