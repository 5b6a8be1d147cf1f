import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hub } from "../../src/server/hub.js";
import { countQueries, resetGraph } from "../support/graph.js";
import { postGraphql, startTestHub } from "../support/hub.js";

/**
 * The batching bound of issue 3: a nested query of depth k costs at most k + 1 Cypher round
 * trips, whatever the number of nodes, because each relation field goes through one per-request
 * DataLoader that sends one UNWIND statement per level.
 */
describe("round trips of nested queries", () => {
  let hub: Hub;

  beforeAll(async () => {
    // Round trips, not cost: the depth-4 document is far over the default cost limit (unpaged lists count 20×).
    hub = await startTestHub({ HUB_MAX_COST: "10000000" });
  });
  afterAll(() => hub.stop());

  async function buildNetwork(communities: number, compounds: number, buildings: number): Promise<void> {
    await resetGraph(hub.db);
    const places: Record<string, unknown>[] = [
      { code: "D", name: "區", kind: "DISTRICT" },
      { code: "S", name: "街道", kind: "SUBDISTRICT", parent: "D" },
    ];
    const organisations: Record<string, unknown>[] = [
      { code: "D-DC", name: "區委", kind: "DISTRICT_COMMITTEE", builtAt: ["D"] },
      { code: "S-WC", name: "黨工委", kind: "WORKING_COMMITTEE", builtAt: ["S"], leaders: [{ organisation: "D-DC" }] },
    ];
    for (let c = 1; c <= communities; c++) {
      places.push({ code: `C${c}`, name: `社區${c}`, kind: "COMMUNITY", parent: "S" });
      organisations.push({ code: `C${c}-GB`, name: `總支${c}`, kind: "GENERAL_BRANCH", builtAt: [`C${c}`], leaders: [{ organisation: "S-WC" }] });
      for (let r = 1; r <= compounds; r++) {
        places.push({ code: `C${c}-R${r}`, name: `小區${c}-${r}`, kind: "COMPOUND", parent: `C${c}` });
        organisations.push({ code: `C${c}-R${r}-BR`, name: `支部${c}-${r}`, kind: "BRANCH", builtAt: [`C${c}-R${r}`], leaders: [{ organisation: `C${c}-GB` }] });
        for (let b = 1; b <= buildings; b++) {
          places.push({ code: `C${c}-R${r}-B${b}`, name: `樓${b}`, kind: "BUILDING", parent: `C${c}-R${r}` });
          organisations.push({ code: `C${c}-R${r}-B${b}-G`, name: `小組${b}`, kind: "GROUP", builtAt: [`C${c}-R${r}-B${b}`], leaders: [{ organisation: `C${c}-R${r}-BR` }] });
        }
      }
    }
    for (const input of places) {
      const response = await postGraphql(hub.url, `mutation($input: CreatePlaceInput!) { createPlace(input: $input) { place { code } } }`, { input: { validFrom: "2020-01-01", ...input } });
      expect(response.errors).toBeUndefined();
    }
    for (const input of organisations) {
      const response = await postGraphql(hub.url, `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { organisation { code } } }`, {
        input: { validFrom: "2020-01-01", ...input },
      });
      expect(response.errors).toBeUndefined();
    }
  }

  const DEPTH_4 = `{
    places(kinds: [COMMUNITY], asOf: "2024-01-01") { edges { node { code
      children { code
        children { code
          organisations { code
            leader { code } } } } } } } }`;

  async function roundTrips(): Promise<{ count: number; groups: number }> {
    const { result, queries } = await countQueries(hub.db, () => postGraphql<{ places: { edges: { node: { children: { children: { organisations: { leader: { code: string } }[] }[] }[] } }[] } }>(hub.url, DEPTH_4));
    expect(result.errors).toBeUndefined();
    const groups = result.data!.places.edges.flatMap((edge) => edge.node.children.flatMap((compound) => compound.children.flatMap((building) => building.organisations)));
    return { count: queries.length, groups: groups.filter((group) => group.leader.code.endsWith("-BR")).length };
  }

  it("sends at most 5 statements for a depth-4 query, on a small and on a 4× larger network", async () => {
    await buildNetwork(2, 2, 2);
    const small = await roundTrips();
    expect(small.groups).toBe(8);
    // root page + children + children + organisations + leader: exactly one statement per level.
    expect(small.count).toBe(5);

    await buildNetwork(4, 4, 2);
    const large = await roundTrips();
    expect(large.groups).toBe(32);
    expect(large.count).toBe(small.count);
  });
});
