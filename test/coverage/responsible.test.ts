// The coverage modules declare GraphQL types: the decorator metadata polyfill must load first.
import "reflect-metadata";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coverageReports } from "../../src/coverage/coverage.reports.js";
import type { Hub } from "../../src/server/hub.js";
import { analyticsClient, loadSeed, reportTable } from "../support/analytics.js";
import { startTestHub } from "../support/hub.js";

const NETWORK = join(fileURLToPath(new URL(".", import.meta.url)), "fixtures", "responsible");

const GAPS = `query($asOf: LocalDate) { coverage(scope: "S", asOf: $asOf) {
  compoundsWithoutBranch(first: 50) { edges { node { place { code } responsible { code } } } }
  buildingsWithoutGroup(first: 50) { edges { node { place { code } responsible { code } } } } } }`;
type Gaps = { coverage: Record<"compoundsWithoutBranch" | "buildingsWithoutGroup", { edges: { node: { place: { code: string }; responsible: { code: string } | null } }[] }> };

/**
 * The responsible organisation of a gap by kind and level, never by code
 * (test/coverage/fixtures/responsible): the compound's branch wherever inside the compound it is
 * built, then the community-level organisation, then the working committee.
 */
describe("the organisation responsible for a coverage gap", { timeout: 240_000 }, () => {
  let hub: Hub;
  const { ask } = analyticsClient(() => hub);
  const gaps = async (asOf: string) => {
    const coverage = (await ask<Gaps>(GAPS, { asOf })).coverage;
    const pairs = (list: Gaps["coverage"]["compoundsWithoutBranch"]) => Object.fromEntries(list.edges.map((edge) => [edge.node.place.code, edge.node.responsible?.code ?? null]));
    return { compounds: pairs(coverage.compoundsWithoutBranch), buildings: pairs(coverage.buildingsWithoutGroup) };
  };

  beforeAll(async () => {
    hub = await startTestHub({ NEO4J_TX_TIMEOUT_MS: "60000" });
    await loadSeed(NETWORK);
  });
  afterAll(() => hub.stop());

  it("today: the compound's branch wherever it is built, then the general branch before a committee at the same place", async () => {
    expect(await gaps("2026-01-01")).toEqual({
      // C1: a branch (AG-BR) and the general branch built at the same community: a compound's gap
      // and its buildings' go to the general branch, whatever the codes say.
      // C2: a committee (C2-AC) and a general branch at the community: the general branch.
      compounds: { R1: "C1-GB", R6: "C2-GB" },
      buildings: {
        "R1-B1": "C1-GB",
        "R3-B1": "R3-BR",
        // R4's only branch is built at R4-B1: it answers for every building of R4.
        "R4-B1": "R4-B1-BR",
        "R4-B2": "R4-B1-BR",
        // the courtyard's branch for the courtyard's building; the building's own branch for it;
        // elsewhere in R5 the longest-standing branch (R5-Y1-BR, 2011), though R5-B2-BR sorts first.
        "R5-Y1-B1": "R5-Y1-BR",
        "R5-B2": "R5-B2-BR",
        "R5-B3": "R5-Y1-BR",
        "R6-B1": "C2-GB",
      },
    });
  });

  it("before a second branch exists in the compound, its buildings fall to the first", async () => {
    const { buildings } = await gaps("2012-01-01");
    expect(buildings).toMatchObject({ "R5-B2": "R5-Y1-BR", "R5-B3": "R5-Y1-BR" });
  });

  it("before, on and after the merger day the compound and its buildings name the same organisation", async () => {
    // The village: its general branch, not the village branch built at the same place.
    expect(await gaps("2020-06-30")).toMatchObject({ compounds: { R1: "V1-GB" }, buildings: { "R1-B1": "V1-GB" } });
    // The merger day: V1-GB has ended and C1 has no general branch yet; AG-BR is rebuilt at C1 but
    // is not R1's branch, so both go to the working committee.
    expect(await gaps("2020-07-01")).toMatchObject({ compounds: { R1: "S-WC" }, buildings: { "R1-B1": "S-WC" } });
    expect(await gaps("2020-08-01")).toMatchObject({ compounds: { R1: "C1-GB" }, buildings: { "R1-B1": "C1-GB" } });
  });

  it("the CSV exports name the same organisations", async () => {
    const responsibleByPlace = async (report: "compounds-without-branch" | "buildings-without-group", asOf: string) => {
      const table = await reportTable(coverageReports[report], hub.db, { scope: "S", asOf });
      const code = table.columns.indexOf("place code");
      const responsible = table.columns.indexOf("responsible code");
      return Object.fromEntries(table.rows.map((row) => [row[code], row[responsible]]));
    };
    expect(await responsibleByPlace("compounds-without-branch", "2020-07-01")).toMatchObject({ R1: "S-WC", R6: "C2-GB" });
    expect(await responsibleByPlace("buildings-without-group", "2026-01-01")).toMatchObject({ "R1-B1": "C1-GB", "R4-B2": "R4-B1-BR", "R5-B3": "R5-Y1-BR" });
  });
});
