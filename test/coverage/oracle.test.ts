import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateModel, REFERENCE_DATE, type GeneratedModel } from "../../src/generator/index.js";
import { importGenerated } from "../../src/generator/import.js";
import type { Hub } from "../../src/server/hub.js";
import { coverageOracle, type OracleReport } from "../support/coverage-oracle.js";
import { resetGraph } from "../support/graph.js";
import { postGraphql, startTestHub } from "../support/hub.js";

/**
 * Every coverage metric on synthetic S1 data (one subdistrict, ~10k nodes) at several dates and
 * scopes, compared with a brute-force oracle over the generator's own records.
 */
type Rate = { covered: number; total: number };
type Figures = { place: { code: string }; compoundsWithBranch: Rate; buildingsWithGroup: Rate; communitiesWithOrganisation: Rate };
type Page = { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Record<string, unknown> }[] };
type Gap = { place: { code: string }; responsible: { code: string } | null };

const FIGURES = `place { code } compoundsWithBranch { covered total } buildingsWithGroup { covered total } communitiesWithOrganisation { covered total }`;
const REPORT = `query($scope: String!, $asOf: LocalDate) { coverage(place: $scope, asOf: $asOf) {
  totals { ${FIGURES} } breakdown { ${FIGURES} }
  newOrganisations { units organisational { covered total } own { covered total } work { covered total } } } }`;
const GAP_FIELDS = "place { code } responsible { code }";

/** Every item of one paged list of the report, page by page (100 at a time). */
async function collect(url: string, field: string, selection: string, scope: string, asOf: string): Promise<Record<string, unknown>[]> {
  const query = `query($scope: String!, $asOf: LocalDate, $after: String) { coverage(place: $scope, asOf: $asOf) {
    ${field}(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${selection} } } } } }`;
  const items: Record<string, unknown>[] = [];
  let after: string | null = null;
  for (;;) {
    const response = await postGraphql<{ coverage: Record<string, Page> }>(url, query, { scope, asOf, after });
    expect(response.errors).toBeUndefined();
    const page: Page = response.data!.coverage[field]!;
    items.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) return items;
    after = page.pageInfo.endCursor;
  }
}

const plain = (figures: Figures) => ({
  place: figures.place.code,
  compoundsWithBranch: figures.compoundsWithBranch,
  buildingsWithGroup: figures.buildingsWithGroup,
  communitiesWithOrganisation: figures.communitiesWithOrganisation,
});

describe.each([7, 20261128])("coverage against the brute-force oracle (generator seed %i)", (seed) => {
  let hub: Hub;
  let model: GeneratedModel;

  beforeAll(async () => {
    hub = await startTestHub({ NEO4J_TX_TIMEOUT_MS: "600000" });
    await resetGraph(hub.db);
    model = generateModel({ seed, subdistricts: 1 });
    await importGenerated(hub.db, { seed, subdistricts: 1 });
  });
  afterAll(() => hub.stop());

  async function hubReport(scope: string, asOf: string) {
    const response = await postGraphql<{ coverage: { totals: Figures; breakdown: Figures[]; newOrganisations: OracleReport["newOrganisations"] } }>(hub.url, REPORT, { scope, asOf });
    expect(response.errors).toBeUndefined();
    const report = response.data!.coverage;
    const gaps = async (field: string) =>
      ((await collect(hub.url, field, GAP_FIELDS, scope, asOf)) as Gap[]).map((gap) => ({ place: gap.place.code, responsible: gap.responsible?.code ?? null }));
    return {
      totals: plain(report.totals),
      breakdown: report.breakdown.map(plain),
      compoundGaps: await gaps("compoundsWithoutBranch"),
      buildingGaps: await gaps("buildingsWithoutGroup"),
      newOrganisations: report.newOrganisations,
      withoutOwn: (await collect(hub.url, "unitsWithoutOwnOrganisation", "code", scope, asOf)).map((unit) => String(unit.code)),
    };
  }

  it("agrees at every scope and date: before, on and after each merger, and at the reference date", async () => {
    const subdistrict = model.places.find((place) => place.kind === "SUBDISTRICT")!;
    const mergerDates = [...new Set(model.events.filter((event) => event.kind === "MERGER").map((event) => event.date))].sort();
    expect(mergerDates.length).toBeGreaterThan(0);
    const dayBefore = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const dates = [...new Set([dayBefore(mergerDates[0]!), ...mergerDates, "2018-03-15", REFERENCE_DATE])].sort();
    let compared = 0;
    for (const date of dates) {
      const communities = model.places
        .filter((place) => place.kind === "COMMUNITY" && place.validFrom <= date && (place.validTo === null || date < place.validTo))
        .map((place) => place.code)
        .slice(0, 2);
      for (const scope of [subdistrict.code, ...communities]) {
        const expected = coverageOracle(model, scope, date);
        const actual = await hubReport(scope, date);
        expect({ scope, date, ...actual }).toEqual({ scope, date, ...expected });
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(dates.length);
  }, 600_000);
});
