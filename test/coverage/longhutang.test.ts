import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/database/index.js";
import type { Hub } from "../../src/server/hub.js";
import { importSeed } from "../../src/seeding/index.js";
import { countQueries, resetGraph } from "../support/graph.js";
import type { CypherQuery } from "../../src/database/index.js";
import { coverageByChild, gapPage, newOrganisationCoverage } from "../../src/coverage/coverage.queries.js";
import { coverageRollupByChild, coverageRollupSeries } from "../../src/coverage/rollup.queries.js";
import { seriesDates } from "../../src/coverage/series.js";
import { postGraphql, startTestHub, testToken } from "../support/hub.js";

/**
 * The coverage analytics on the Longhutang seed, against the figures counted by hand from the
 * seed files (seeds/longhutang/EXPECTED.md), before the merger, on the merger day and today.
 */
type Rate = { covered: number; total: number };
type Figures = { place: { code: string }; compoundsWithBranch: Rate; buildingsWithGroup: Rate; communitiesWithOrganisation: Rate };
type Report = {
  totals: Figures;
  breakdown: Figures[];
  compoundsWithoutBranch: { totalCount: number; edges: { node: { place: { code: string }; responsible: { code: string } | null } }[] };
  newOrganisations: { units: number; organisational: Rate; own: Rate; work: Rate };
  unitsWithoutOwnOrganisation: { edges: { node: { code: string } }[] };
};

const REPORT = `query($scope: String!, $asOf: LocalDate) { coverage(place: $scope, asOf: $asOf) {
  totals { place { code } compoundsWithBranch { covered total } buildingsWithGroup { covered total } communitiesWithOrganisation { covered total } }
  breakdown { place { code } compoundsWithBranch { covered total } buildingsWithGroup { covered total } communitiesWithOrganisation { covered total } }
  compoundsWithoutBranch(first: 50) { totalCount edges { node { place { code } responsible { code } } } }
  newOrganisations { units organisational { covered total } own { covered total } work { covered total } }
  unitsWithoutOwnOrganisation(first: 50) { edges { node { code } } }
} }`;

const r = (covered: number, total: number): Rate => ({ covered, total });

describe("coverage on the Longhutang seed", () => {
  let hub: Hub;
  const report = async (scope: string, asOf: string): Promise<Report> => {
    const response = await postGraphql<{ coverage: Report }>(hub.url, REPORT, { scope, asOf });
    expect(response.errors).toBeUndefined();
    return response.data!.coverage;
  };

  beforeAll(async () => {
    hub = await startTestHub({ NEO4J_TX_TIMEOUT_MS: "300000" });
    await resetGraph(hub.db);
    await importSeed(hub.db, join(PROJECT_ROOT, "seeds", "longhutang"));
  });
  afterAll(() => hub.stop());

  it("before the merger (2020-06-30): villages and the old town", async () => {
    const lht = await report("LHT", "2020-06-30");
    expect(lht.totals).toMatchObject({ compoundsWithBranch: r(7, 11), buildingsWithGroup: r(27, 58), communitiesWithOrganisation: r(4, 8) });
    const rows = Object.fromEntries(lht.breakdown.map((row) => [row.place.code, row]));
    expect(rows["LHT-V1"]).toMatchObject({ compoundsWithBranch: r(2, 2), buildingsWithGroup: r(7, 11), communitiesWithOrganisation: r(1, 1) });
    expect(rows["LHT-V2"]).toMatchObject({ compoundsWithBranch: r(0, 1), buildingsWithGroup: r(0, 4), communitiesWithOrganisation: r(0, 1) });
    expect(rows["LHT-OT"]).toMatchObject({ compoundsWithBranch: r(1, 1), buildingsWithGroup: r(6, 8), communitiesWithOrganisation: r(1, 1) });
    expect(rows["LHT-V6"]).toMatchObject({ compoundsWithBranch: r(0, 2), buildingsWithGroup: r(0, 11), communitiesWithOrganisation: r(0, 1) });
    expect(rows["LHT-C1"]).toBeUndefined();
    expect(lht.compoundsWithoutBranch.totalCount).toBe(4);
    expect(lht.compoundsWithoutBranch.edges.map((edge) => edge.node.place.code)).toEqual(["LHT-C1-R03", "LHT-C1-R04", "LHT-C2-R04", "LHT-C2-R06"]);
    expect(lht.newOrganisations).toEqual({ units: 18, organisational: r(2, 18), own: r(2, 18), work: r(5, 18) });
    expect(lht.unitsWithoutOwnOrganisation.edges.map((edge) => edge.node.code)).toEqual(["LHT-NE-02", "LHT-NE-06", "LHT-NE-08", "LHT-NE-12", "LHT-NE-19", "LHT-NS-01"]);
  });

  it("on the merger day (2020-07-01): the same totals, regrouped into two communities", async () => {
    const lht = await report("LHT", "2020-07-01");
    expect(lht.totals).toMatchObject({ compoundsWithBranch: r(7, 11), buildingsWithGroup: r(27, 58), communitiesWithOrganisation: r(2, 2) });
    const rows = Object.fromEntries(lht.breakdown.map((row) => [row.place.code, row]));
    expect(rows["LHT-C1"]).toMatchObject({ compoundsWithBranch: r(3, 5), buildingsWithGroup: r(13, 28), communitiesWithOrganisation: r(1, 1) });
    expect(rows["LHT-C2"]).toMatchObject({ compoundsWithBranch: r(4, 6), buildingsWithGroup: r(14, 30), communitiesWithOrganisation: r(1, 1) });
    expect(rows["LHT-V1"]).toBeUndefined();
    expect(lht.newOrganisations).toEqual({ units: 18, organisational: r(2, 18), own: r(2, 18), work: r(3, 18) });
    const c2 = await report("LHT-C2", "2020-07-01");
    expect(c2.newOrganisations).toEqual({ units: 11, organisational: r(2, 11), own: r(2, 11), work: r(3, 11) });
    expect(c2.unitsWithoutOwnOrganisation.edges.map((edge) => edge.node.code)).toEqual(["LHT-NE-02", "LHT-NE-06", "LHT-NE-12", "LHT-NE-19"]);
  });

  it("today (2026-11-28), with each gap's responsible organisation", async () => {
    const lht = await report("LHT", "2026-11-28");
    expect(lht.totals).toMatchObject({ compoundsWithBranch: r(12, 15), buildingsWithGroup: r(43, 77), communitiesWithOrganisation: r(2, 2) });
    const rows = Object.fromEntries(lht.breakdown.map((row) => [row.place.code, row]));
    expect(rows["LHT-C1"]).toMatchObject({ compoundsWithBranch: r(5, 7), buildingsWithGroup: r(20, 38) });
    expect(rows["LHT-C2"]).toMatchObject({ compoundsWithBranch: r(7, 8), buildingsWithGroup: r(23, 39) });
    expect(lht.compoundsWithoutBranch.edges.map((edge) => [edge.node.place.code, edge.node.responsible?.code])).toEqual([
      ["LHT-C1-R04", "LHT-C1-GB"],
      ["LHT-C1-R07", "LHT-C1-GB"],
      ["LHT-C2-R08", "LHT-C2-GB"],
    ]);
    expect(lht.newOrganisations).toEqual({ units: 27, organisational: r(22, 27), own: r(4, 27), work: r(25, 27) });
    expect(lht.unitsWithoutOwnOrganisation.edges.map((edge) => edge.node.code)).toEqual(["LHT-NE-06", "LHT-NE-08", "LHT-NE-12", "LHT-NE-19"]);
    const c1 = await report("LHT-C1", "2026-11-28");
    expect(c1.totals).toMatchObject({ compoundsWithBranch: r(5, 7), buildingsWithGroup: r(20, 38), communitiesWithOrganisation: r(1, 1) });
    expect(c1.newOrganisations).toEqual({ units: 14, organisational: r(12, 14), own: r(2, 14), work: r(13, 14) });
  });

  it("pages the 34 buildings without a group today, each under its compound's branch or general branch", async () => {
    const page = `query($after: String) { coverage(place: "LHT", asOf: "2026-11-28") { buildingsWithoutGroup(first: 20, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { place { code } parent { code } responsible { code kind } } } } } }`;
    type Page = { coverage: { buildingsWithoutGroup: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { place: { code: string }; responsible: { kind: string } | null } }[] } } };
    const first = (await postGraphql<Page>(hub.url, page)).data!.coverage.buildingsWithoutGroup;
    expect(first.totalCount).toBe(34);
    expect(first.edges).toHaveLength(20);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await postGraphql<Page>(hub.url, page, { after: first.pageInfo.endCursor })).data!.coverage.buildingsWithoutGroup;
    expect(second.edges).toHaveLength(14);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const all = [...first.edges, ...second.edges];
    expect(new Set(all.map((edge) => edge.node.place.code)).size).toBe(34);
    expect(all.every((edge) => edge.node.responsible && ["BRANCH", "GENERAL_BRANCH"].includes(edge.node.responsible.kind))).toBe(true);
    expect(second.totalCount).toBe(34);
    // Past the last gap the page is empty and the total is still the scope's (it comes with the page's one statement).
    const past = (await postGraphql<Page>(hub.url, page, { after: second.pageInfo.endCursor })).data!.coverage.buildingsWithoutGroup;
    expect(past).toMatchObject({ totalCount: 34, edges: [], pageInfo: { hasNextPage: false } });
    // A place without gaps: no edges, a total of 0.
    const none = (await postGraphql<{ coverage: { compoundsWithoutBranch: { totalCount: number; edges: unknown[] } } }>(hub.url, `{ coverage(place: "LHT-C1-R01", asOf: "2026-11-28") { compoundsWithoutBranch { totalCount edges { node { place { code } } } } } }`)).data!.coverage.compoundsWithoutBranch;
    expect(none).toEqual({ totalCount: 0, edges: [] });
  });

  it("compares two dates side by side", async () => {
    const response = await postGraphql<{ coverageComparison: { compoundsWithBranch: { coveredChange: number; totalChange: number }; buildingsWithGroup: { coveredChange: number; totalChange: number } } }>(
      hub.url,
      `{ coverageComparison(place: "LHT", before: "2020-06-30", after: "2026-11-28") { compoundsWithBranch { coveredChange totalChange } buildingsWithGroup { coveredChange totalChange } } }`,
    );
    expect(response.data!.coverageComparison).toEqual({ compoundsWithBranch: { coveredChange: 5, totalChange: 4 }, buildingsWithGroup: { coveredChange: 16, totalChange: 19 } });
  });

  it("exports the same figures as CSV with a BOM, by role", async () => {
    const base = hub.url.replace(/\/graphql$/, "");
    const get = async (path: string, role: "viewer" | "analyst" | null) =>
      fetch(`${base}${path}`, { headers: role ? { authorization: `Bearer ${await testToken(role)}` } : {} });
    const csv = await get("/export/coverage.csv?place=LHT&asOf=2020-07-01", "viewer");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = Buffer.from(await csv.arrayBuffer()).toString("utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const lines = text.slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "place code,place name,kind,compounds with branch covered,compounds with branch total,compounds with branch rate,buildings with group covered,buildings with group total,buildings with group rate,communities with organisation covered,communities with organisation total,communities with organisation rate",
    );
    expect(lines.find((line) => line.startsWith("LHT-C1,"))).toMatch(/^LHT-C1,龍錦社區,COMMUNITY,3,5,0.6,13,28,0.4643,1,1,1$/);
    expect(lines.at(-1)).toMatch(/^TOTAL,.*,SUBDISTRICT,7,11,0.6364,27,58,0.4655,2,2,1$/);
    expect((await get("/export/compounds-without-branch.csv?place=LHT&asOf=2026-11-28", "viewer")).status).toBe(403);
    const gaps = await get("/export/compounds-without-branch.csv?place=LHT&asOf=2026-11-28", "analyst");
    expect((await gaps.text()).trimEnd().split("\r\n").slice(1).map((line) => line.split(",")[0])).toEqual(["LHT-C1-R04", "LHT-C1-R07", "LHT-C2-R08"]);
    expect((await get("/export/coverage.csv?place=LHT", null)).status).toBe(401);
    expect((await get("/export/nothing.csv?place=LHT", "analyst")).status).toBe(404);
    expect((await get("/export/coverage.csv", "analyst")).status).toBe(400);
  });

  it("answers totals and breakdown with one statement, and keeps each query within its db-hit budget", async () => {
    const { queries } = await countQueries(hub.db, () =>
      postGraphql(hub.url, `{ coverage(place: "LHT", asOf: "2026-11-28") { totals { buildingsWithGroup { rate } } breakdown { place { code } buildingsWithGroup { rate } } } }`),
    );
    expect(queries.map((query) => query.name)).toEqual(["coverage.rollupByChild"]);
    // Measured on this seed (docs/ANALYTICS.md); twice that means a plan went wrong.
    const budgets: [string, CypherQuery, number][] = [
      ["coverage.rollupByChild", coverageRollupByChild("LHT", "2026-11-28"), 119],
      ["coverage.rollupByChild", coverageRollupByChild("LHT", "2020-06-30"), 270],
      ["coverage.rollupSeries", coverageRollupSeries("LHT", seriesDates("2016-01-01", "2025-12-31", "MONTH")), 364],
      ["coverage.byChild", coverageByChild("LHT", "2026-11-28"), 1924],
      ["coverage.gaps.COMPOUND", gapPage("COMPOUND", "LHT", "2026-11-28", null, 21), 1534],
      ["coverage.gaps.BUILDING", gapPage("BUILDING", "LHT", "2026-11-28", null, 21), 4713],
      ["coverage.newOrganisations", newOrganisationCoverage("LHT", "2026-11-28"), 2245],
    ];
    for (const [name, query, measured] of budgets) {
      const { dbHits } = await hub.db.profile(query);
      expect({ name, withinBudget: dbHits <= 2 * measured }).toEqual({ name, withinBudget: true });
    }
  });

  it("reads the report's places with exactly the fields asked for, each as the place look-up answers it", async () => {
    // The places are fetched in the shape the selection asks (src/graph/shape.ts): under two aliases
    // the union, with a relation below them, and every core and stored field answered as \`place\` does.
    const PLACE_FIELDS = "code name kind compoundKind staffCount validFrom validTo version nameHistory { name validFrom } parent { code }";
    const query = `query($scope: String!, $asOf: LocalDate) { coverage(place: $scope, asOf: $asOf) {
      place { ${PLACE_FIELDS} }
      totals { place { code name } }
      codes: breakdown { place { code } }
      full: breakdown { place { ${PLACE_FIELDS} } compoundsWithBranch { covered } } } }`;
    for (const [scope, asOf] of [["LHT", "2020-06-30"], ["LHT", "2026-11-28"], ["LHT-C1", "2026-11-28"]] as const) {
      const response = await postGraphql<{ coverage: { place: unknown; totals: { place: unknown }; codes: { place: { code: string } }[]; full: { place: { code: string } }[] } }>(hub.url, query, { scope, asOf });
      expect(response.errors).toBeUndefined();
      const coverage = response.data!.coverage;
      const lookUp = async (code: string) => {
        const answer = await postGraphql<{ place: unknown }>(hub.url, `query($code: String!, $asOf: LocalDate) { place(code: $code, asOf: $asOf) { ${PLACE_FIELDS} } }`, { code, asOf });
        expect(answer.errors).toBeUndefined();
        return answer.data!.place;
      };
      expect(coverage.place).toEqual(await lookUp(scope));
      expect(coverage.totals.place).toEqual({ code: scope, name: (coverage.place as { name: string }).name });
      expect(coverage.full.length).toBeGreaterThan(1);
      expect(coverage.codes.map((row) => row.place)).toEqual(coverage.full.map((row) => ({ code: row.place.code })));
      for (const row of coverage.full) expect(row.place).toEqual(await lookUp(row.place.code));
    }
  });

  it("reads each gap's place, parent and responsible organisation with the fields asked for, as their look-ups answer them", async () => {
    const PLACE = "code name kind validFrom validTo version";
    const ORGANISATION = "code name kind form formalMembers validFrom";
    const response = await postGraphql<{ coverage: { buildingsWithoutGroup: { edges: { node: { place: { code: string }; parent: { code: string } | null; responsible: { code: string } | null } }[] } } }>(
      hub.url,
      `{ coverage(place: "LHT", asOf: "2026-11-28") { buildingsWithoutGroup(first: 8) { edges { node { place { ${PLACE} } parent { ${PLACE} } responsible { ${ORGANISATION} } } } } } }`,
    );
    expect(response.errors).toBeUndefined();
    const edges = response.data!.coverage.buildingsWithoutGroup.edges;
    expect(edges).toHaveLength(8);
    const lookUp = async (type: "place" | "organisation", code: string, fields: string) =>
      (await postGraphql<Record<string, unknown>>(hub.url, `query($code: String!) { ${type}(code: $code, asOf: "2026-11-28") { ${fields} } }`, { code })).data![type];
    for (const { node } of edges) {
      expect(node.place).toEqual(await lookUp("place", node.place.code, PLACE));
      expect(node.parent).toEqual(await lookUp("place", node.parent!.code, PLACE));
      expect(node.responsible).toEqual(await lookUp("organisation", node.responsible!.code, ORGANISATION));
    }
  });

  it("answers several coverage and coverageSeries fields of one request with one statement each kind, as separate requests answer them", async () => {
    // Every district of a graph without a common root is such a request (issue 13, docs/SCALE.md).
    const FIGURES = "compoundsWithBranch { covered total } buildingsWithGroup { covered total } communitiesWithOrganisation { covered total }";
    const scopes = ["LHT", "LHT-C1", "LHT-C2", "LHT-V1"];
    const alias = (code: string) => code.replace(/-/g, "_");
    const many = `query($asOf: LocalDate, $from: LocalDate!, $to: LocalDate!) {
      ${scopes.map((code) => `${alias(code)}: coverage(place: "${code}", asOf: $asOf) { totals { ${FIGURES} } breakdown { place { code } ${FIGURES} } }`).join("\n")}
      ${scopes.map((code) => `s_${alias(code)}: coverageSeries(place: "${code}", from: $from, to: $to) { points { asOf exists ${FIGURES} } }`).join("\n")} }`;
    const variables = { asOf: "2026-11-28", from: "2016-01-31", to: "2025-12-31" };
    const { result: response, queries } = await countQueries(hub.db, () => postGraphql<Record<string, unknown>>(hub.url, many, variables));
    // LHT-V1 ended at the merger: its report is NOT_FOUND on the date, the others are answered.
    expect(response.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([[["LHT_V1"], "NOT_FOUND"]]);
    expect(queries.map((query) => query.name).sort()).toEqual(["coverage.rollupByChildMany", "coverage.rollupSeriesMany"]);
    for (const code of scopes) {
      const one = await postGraphql<Record<string, unknown>>(
        hub.url,
        `query($asOf: LocalDate, $from: LocalDate!, $to: LocalDate!) { r: coverage(place: "${code}", asOf: $asOf) { totals { ${FIGURES} } breakdown { place { code } ${FIGURES} } }
          s: coverageSeries(place: "${code}", from: $from, to: $to) { points { asOf exists ${FIGURES} } } }`,
        variables,
      );
      expect(response.data![alias(code)]).toEqual(one.data!.r);
      expect(response.data![`s_${alias(code)}`]).toEqual(one.data!.s);
      expect((one.data!.s as { points: unknown[] }).points).toHaveLength(120);
    }
  });

  it("answers NOT_FOUND for a scope that did not exist on the date", async () => {
    const response = await postGraphql(hub.url, REPORT, { scope: "LHT-C1", asOf: "2020-06-30" });
    expect(response.errors![0]!.extensions!.code).toBe("NOT_FOUND");
  });
});
