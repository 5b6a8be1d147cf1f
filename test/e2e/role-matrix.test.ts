import { join } from "node:path";
import { getNamedType, isEnumType, isObjectType, isScalarType, type GraphQLObjectType, type GraphQLSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/auth/index.js";
import { PROJECT_ROOT } from "../../src/database/index.js";
import { importSeed } from "../../src/seeding/index.js";
import type { Hub } from "../../src/server/hub.js";
import { buildHubSchema } from "../../src/server/schema.js";
import { connectTestDatabase, graphFingerprint, resetGraph } from "../support/graph.js";
import { postGraphql, startTestHub, type GraphqlResponse, type TestIdentity } from "../support/hub.js";
import { allFields, entityTypeNames, requiredArgs, returnsEntities, returnsPersonalData, sampleCall } from "../support/schema-walk.js";

/**
 * The role matrix of issue 6: every role × every sensitive field and every mutation, over the real
 * HTTP server and the Longhutang seed in a real Neo4j. Each table states the expected outcome of
 * every cell; the schema is walked so that a new query, a new field returning named entities or
 * personal data, or a new mutation fails this file until it is placed in a table.
 *
 * Cells: "ok" = data and no error; "F" = FORBIDDEN (HTTP 200, the field null with its error, and
 * nothing protected in the data); "401" = UNAUTHENTICATED before GraphQL runs.
 */
type Cell = "ok" | "F" | "401";
type Who = "none" | "viewer" | "analyst" | "in" | "out" | "admin";
const WHO: readonly Who[] = ["none", "viewer", "analyst", "in", "out", "admin"];

/** The community C1 (龍錦社區) of the seed is the "in" steward's scope; C2 (新橋社區) the "out" steward's. */
const IDENTITY: Record<Who, TestIdentity | Role | null> = {
  none: null,
  viewer: "viewer",
  analyst: "analyst",
  in: { role: "steward", sub: "steward-c1", scope: ["LHT-C1"] },
  out: { role: "steward", sub: "steward-c2", scope: ["LHT-C2"] },
  admin: "admin",
};

const LONGHUTANG = join(PROJECT_ROOT, "seeds", "longhutang");
/** A date on which the seed's pairings (2022) and merged communities (2020-07-01) all hold. */
const D = "2022-10-01";

/** One read: the field it stands for (`Type.field`), the document, a code every "ok" answer shows, and the cells none … admin. */
type Read = [key: string, query: string, sees: string | null, none: Cell, viewer: Cell, analyst: Cell, stewardIn: Cell, stewardOut: Cell, admin: Cell];

// prettier-ignore
const READS: Read[] = [
  // --- open to every role: who am I, the hub, and aggregates (rates and counts) ----------------------------------
  ["Query.about", `{ x: about { hubVersion } }`, null, "401", "ok", "ok", "ok", "ok", "ok"],
  ["Query.viewer", `{ x: viewer { role } }`, null, "401", "ok", "ok", "ok", "ok", "ok"],
  ["Query.coverage", `{ x: coverage(place: "LHT", asOf: "${D}") { totals { compoundsWithBranch { covered total rate } } breakdown { buildingsWithGroup { rate } } newOrganisations { units organisational { rate } } } }`, null, "401", "ok", "ok", "ok", "ok", "ok"],
  ["Query.coverageComparison", `{ x: coverageComparison(place: "LHT", before: "2020-01-01", after: "${D}") { compoundsWithBranch { coveredChange rateChange } } }`, null, "401", "ok", "ok", "ok", "ok", "ok"],
  ["Query.coverageSeries", `{ x: coverageSeries(place: "LHT", from: "2020-01-01", to: "${D}", every: QUARTER) { points { asOf exists compoundsWithBranch { rate } } } }`, null, "401", "ok", "ok", "ok", "ok", "ok"],
  ["Query.councilComposition", `{ x: councilComposition(council: "LHT-C1-CNCL", asOf: "${D}") { seats partTimeShare residentUnitShare } }`, null, "401", "ok", "ok", "ok", "ok", "ok"],
  ["Query.pairingSummary", `{ x: pairingSummary(within: "LHT", asOf: "${D}") { pairings byKind { kind pairings } } }`, null, "401", "ok", "ok", "ok", "ok", "ok"],
  ["Query.volunteerTeamSummary", `{ x: volunteerTeamSummary(within: "LHT", asOf: "${D}") { teams members byFocus { focus teams } } }`, null, "401", "ok", "ok", "ok", "ok", "ok"],
  ["Query.dualLeadership", `{ x: dualLeadership(within: "LHT", asOf: "${D}") { count } }`, null, "401", "ok", "ok", "ok", "ok", "ok"],
  ["Query.misalignedLeadership", `{ x: misalignedLeadership(within: "LHT", asOf: "${D}") { count } }`, null, "401", "ok", "ok", "ok", "ok", "ok"],
  ["Query.ruleBreaches", `{ x: ruleBreaches(within: "LHT", asOf: "${D}") { count byRule { count } } }`, null, "401", "ok", "ok", "ok", "ok", "ok"],
  // --- the lists behind those aggregates: analysts and up ----------------------------------------------------------
  ["CoverageReport.compoundsWithoutBranch", `{ x: coverage(place: "LHT", asOf: "${D}") { compoundsWithoutBranch { totalCount } } }`, null, "401", "F", "ok", "ok", "ok", "ok"],
  ["CoverageReport.buildingsWithoutGroup", `{ x: coverage(place: "LHT", asOf: "${D}") { buildingsWithoutGroup { totalCount } } }`, null, "401", "F", "ok", "ok", "ok", "ok"],
  ["CoverageReport.unitsWithoutOwnOrganisation", `{ x: coverage(place: "LHT", asOf: "${D}") { unitsWithoutOwnOrganisation { totalCount } } }`, null, "401", "F", "ok", "ok", "ok", "ok"],
  ["CouncilComposition.members", `{ x: councilComposition(council: "LHT-C1-CNCL", asOf: "${D}") { members { organisation { code } } } }`, "LHT-", "401", "F", "ok", "ok", "ok", "ok"],
  ["PairingSummary.byHelper", `{ x: pairingSummary(within: "LHT", asOf: "${D}") { byHelper { pairings organisation { code } } } }`, "LHT-", "401", "F", "ok", "ok", "ok", "ok"],
  ["VolunteerTeamSummary.byOrganisation", `{ x: volunteerTeamSummary(within: "LHT", asOf: "${D}") { byOrganisation { organisation { code } } } }`, "LHT-", "401", "F", "ok", "ok", "ok", "ok"],
  ["DualLeadershipReport.items", `{ x: dualLeadership(within: "LHT", asOf: "${D}") { items { organisation { code } } } }`, "LHT-", "401", "F", "ok", "ok", "ok", "ok"],
  ["MisalignedLeadershipReport.items", `{ x: misalignedLeadership(within: "LHT", asOf: "${D}") { items { organisation { code } } } }`, null, "401", "F", "ok", "ok", "ok", "ok"],
  ["RuleBreachReport.items", `{ x: ruleBreaches(within: "LHT", asOf: "${D}") { items { organisation { code } } } }`, null, "401", "F", "ok", "ok", "ok", "ok"],
  // --- named entities: analysts and up ------------------------------------------------------------------------------
  ["Query.place", `{ x: place(code: "LHT-C1-R01", asOf: "${D}") { code } }`, "LHT-C1-R01", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.places", `{ x: places(within: "LHT-C1", asOf: "${D}") { totalCount edges { node { code } } } }`, "LHT-C1", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.organisation", `{ x: organisation(code: "LHT-C1-GB", asOf: "${D}") { code } }`, "LHT-C1-GB", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.organisations", `{ x: organisations(within: "LHT-C1", asOf: "${D}") { edges { node { code } } } }`, "LHT-C1", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.unit", `{ x: unit(code: "LHT-U-SCH1", asOf: "${D}") { code } }`, "LHT-U-SCH1", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.units", `{ x: units(within: "LHT-C1", asOf: "${D}") { edges { node { code } } } }`, "LHT-U-", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.council", `{ x: council(code: "LHT-C1-CNCL", asOf: "${D}") { code } }`, "LHT-C1-CNCL", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.councils", `{ x: councils(asOf: "${D}") { edges { node { code } } } }`, "LHT-C1-CNCL", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.coBuildingAgreement", `{ x: coBuildingAgreement(code: "LHT-AG-01", asOf: "${D}") { code } }`, "LHT-AG-01", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.coBuildingAgreements", `{ x: coBuildingAgreements(asOf: "${D}") { edges { node { code } } } }`, "LHT-AG-01", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.facility", `{ x: facility(code: "LHT-C1-F-OFFICE", asOf: "${D}") { code } }`, "LHT-C1-F-OFFICE", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.facilities", `{ x: facilities(within: "LHT-C1", asOf: "${D}") { edges { node { code } } } }`, "LHT-C1-F-", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.volunteerTeam", `{ x: volunteerTeam(code: "LHT-VT-01", asOf: "${D}") { code } }`, "LHT-VT-01", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.volunteerTeams", `{ x: volunteerTeams(asOf: "${D}") { edges { node { code } } } }`, "LHT-VT-01", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.culturalTeam", `{ x: culturalTeam(code: "LHT-CT-01", asOf: "${D}") { code } }`, "LHT-CT-01", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.culturalTeams", `{ x: culturalTeams(asOf: "${D}") { edges { node { code } } } }`, "LHT-CT-01", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.node", `query($placeId: ID!) { x: node(id: $placeId) { id ... on Place { code } } }`, "LHT-C1-R01", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.unitLinks", `{ x: unitLinks(unit: "LHT-U-SCH1", asOf: "${D}") { kind community { code } } }`, "LHT-C1", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.communityLinks", `{ x: communityLinks(community: "LHT-C1", asOf: "${D}") { kind unit { code } } }`, "LHT-U-", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.shortestConnection", `{ x: shortestConnection(from: "LHT-U-SCH1", to: "LHT-C1", asOf: "${D}") { length entities { code } } }`, "LHT-U-SCH1", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.changeEvent", `{ x: changeEvent(code: "EV-2020-MERGER-C1") { code } }`, "EV-2020-MERGER-C1", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.changeEvents", `{ x: changeEvents { edges { node { code } } } }`, "EV-2020", "401", "F", "ok", "ok", "ok", "ok"],
  ["Query.lineage", `{ x: lineage(code: "LHT-C1") { entity { code } events { code } } }`, "EV-2020-MERGER-C1", "401", "F", "ok", "ok", "ok", "ok"],
  // --- personal data: a steward whose scope covers it, or an admin --------------------------------------------------
  ["Query.member", `{ x: member(code: "LHT-M-001", asOf: "${D}") { code name } }`, "LHT-M-001", "401", "F", "F", "ok", "F", "ok"],
  ["Query.members", `{ x: members(within: "LHT-C1", asOf: "${D}") { totalCount edges { node { code } } } }`, "LHT-M-0", "401", "F", "F", "ok", "F", "ok"],
  ["Query.beneficiary", `{ x: beneficiary(code: "LHT-BH-001", asOf: "${D}") { code name } }`, "LHT-BH-001", "401", "F", "F", "ok", "F", "ok"],
  ["Query.beneficiaries", `{ x: beneficiaries(within: "LHT-C1", asOf: "${D}") { totalCount edges { node { code } } } }`, "LHT-BH-0", "401", "F", "F", "ok", "F", "ok"],
  ["Query.pairing", `{ x: pairing(code: "LHT-P-H001", asOf: "${D}") { code } }`, "LHT-P-H001", "401", "F", "F", "ok", "F", "ok"],
  ["Query.pairings", `{ x: pairings(within: "LHT-C1", asOf: "${D}") { totalCount edges { node { code } } } }`, "LHT-P-H0", "401", "F", "F", "ok", "F", "ok"],
  ["Query.unpairedBeneficiaries", `{ x: unpairedBeneficiaries(within: "LHT-C1", asOf: "${D}") { totalCount } }`, null, "401", "F", "F", "ok", "F", "ok"],
  ["Query.node (a member)", `query($memberId: ID!) { x: node(id: $memberId) { id ... on Member { code } } }`, "LHT-M-001", "401", "F", "F", "ok", "F", "ok"],
  ["Place.residents", `{ x: place(code: "LHT-C1-R01-B01", asOf: "${D}") { residents { code } } }`, "LHT-M-001", "401", "F", "F", "ok", "F", "ok"],
  ["Place.registeredMembers", `{ x: place(code: "LHT-C1", asOf: "${D}") { registeredMembers { code } } }`, "LHT-M-0", "401", "F", "F", "ok", "F", "ok"],
  ["Place.beneficiaries", `{ x: place(code: "LHT-C1-R01-B01", asOf: "${D}") { beneficiaries { code } } }`, "LHT-BH-001", "401", "F", "F", "ok", "F", "ok"],
  ["Organisation.members", `{ x: organisation(code: "LHT-C1-R01-BR", asOf: "${D}") { members { code } } }`, "LHT-M-001", "401", "F", "F", "ok", "F", "ok"],
  ["Organisation.pairings", `{ x: organisation(code: "LHT-C1-GB", asOf: "${D}") { pairings { code } } }`, "LHT-P-H001", "401", "F", "F", "ok", "F", "ok"],
  ["Unit.employees", `{ x: unit(code: "LHT-U-SCH1", asOf: "${D}") { employees { code } } }`, "LHT-M-017", "401", "F", "F", "ok", "F", "ok"],
  ["Member.memberships", `{ x: member(code: "LHT-M-001", asOf: "${D}") { memberships { organisation { code } } } }`, "LHT-C1-R01-BR", "401", "F", "F", "ok", "F", "ok"],
  ["Member.pairings", `{ x: member(code: "LHT-M-001", asOf: "${D}") { pairings { code } } }`, "LHT-P-H002", "401", "F", "F", "ok", "F", "ok"],
  ["Pairing.helper", `{ x: pairing(code: "LHT-P-H002", asOf: "${D}") { helper { ... on Member { code } } } }`, "LHT-M-001", "401", "F", "F", "ok", "F", "ok"],
  ["Pairing.beneficiary", `{ x: pairing(code: "LHT-P-H001", asOf: "${D}") { beneficiary { code } } }`, "LHT-BH-001", "401", "F", "F", "ok", "F", "ok"],
  ["Beneficiary.pairings", `{ x: beneficiary(code: "LHT-BH-001", asOf: "${D}") { pairings { code } } }`, "LHT-P-H001", "401", "F", "F", "ok", "F", "ok"],
  // --- the audit log: administrators only ---------------------------------------------------------------------------
  ["Query.auditLog", `{ x: auditLog(first: 5) { totalCount edges { node { operation } } } }`, null, "401", "F", "F", "F", "F", "ok"],
  ["Query.brokenRecords", `{ x: brokenRecords { problem code label detail } }`, null, "401", "F", "F", "F", "F", "ok"],
];

/**
 * Entities a viewer may see as the label of an aggregate it asked for (which place a rate is
 * for, which council a seat count is of) — their own scalar fields only: everything under them
 * that returns entities still needs an analyst. Reviewed by hand; each is a path from a root field.
 */
const AGGREGATE_LABELS: ReadonlySet<string> = new Set([
  "coverage.place",
  "coverage.totals.place",
  "coverage.breakdown.place",
  "coverageComparison.before.place",
  "coverageComparison.before.totals.place",
  "coverageComparison.before.breakdown.place",
  "coverageComparison.after.place",
  "coverageComparison.after.totals.place",
  "coverageComparison.after.breakdown.place",
  "councilComposition.council",
]);

/** Arguments for the root fields a viewer may call, so that the walk below reaches real data. */
const VIEWER_ROOT_ARGS: Record<string, string> = {
  coverage: `place: "LHT", asOf: "${D}"`,
  coverageComparison: `place: "LHT", before: "2020-01-01", after: "${D}"`,
  councilComposition: `council: "LHT-C1-CNCL", asOf: "${D}"`,
  coverageSeries: `place: "LHT", from: "2020-01-01", to: "${D}", every: YEAR`,
  pairingSummary: `within: "LHT", asOf: "${D}"`,
  volunteerTeamSummary: `within: "LHT", asOf: "${D}"`,
  dualLeadership: `within: "LHT", asOf: "${D}"`,
  misalignedLeadership: `within: "LHT", asOf: "${D}"`,
  ruleBreaches: `within: "LHT", asOf: "${D}"`,
  about: "",
  viewer: "",
};

/**
 * Real writes in C1, each once per caller (`who` keeps created codes apart): the "in" steward and
 * the admin succeed; the "out" steward (C2), the analyst, the viewer and a caller without a token
 * are refused, and the graph is then unchanged. Run in order (later rows use what earlier ones made).
 */
type Write = [operation: string, query: string, variables: (who: "IN" | "OUT" | "ADMIN") => Record<string, unknown>, none: Cell, viewer: Cell, analyst: Cell, stewardIn: Cell, stewardOut: Cell, admin: Cell];
const W = "2024-01-01";
// prettier-ignore
const WRITES: Write[] = [
  ["createPlace", `mutation($input: CreatePlaceInput!) { createPlace(input: $input) { place { code } } }`,
    (who) => ({ input: { code: `RM-C1-R-${who}`, name: "測試小區", kind: "COMPOUND", parent: "LHT-C1", validFrom: W } }), "401", "F", "F", "ok", "F", "ok"],
  ["updatePlace", `mutation($input: UpdatePlaceInput!) { updatePlace(input: $input) { place { code } } }`,
    (who) => ({ input: { code: "LHT-C1-R01", propertyManaged: who !== "ADMIN" } }), "401", "F", "F", "ok", "F", "ok"],
  ["renamePlace", `mutation($name: String!) { renamePlace(input: { code: "LHT-C1-R01", name: $name, date: "2024-03-01" }) { place { code } } }`,
    (who) => ({ name: `東華苑${who}` }), "401", "F", "F", "ok", "F", "ok"],
  ["movePlace", `mutation($to: String!, $date: LocalDate!) { movePlace(input: { code: "LHT-C1-R01-B05", parent: $to, date: $date }) { place { code } } }`,
    (who) => (who === "ADMIN" ? { to: "LHT-C1-R01", date: "2024-06-01" } : { to: "LHT-C1-R02", date: "2024-03-01" }), "401", "F", "F", "ok", "F", "ok"],
  ["createOrganisation", `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { organisation { code } } }`,
    (who) => ({ input: { code: `RM-C1-BR-${who}`, name: "測試支部", kind: "BRANCH", builtAt: ["LHT-C1-R01"], leaders: [{ organisation: "LHT-C1-GB" }], validFrom: W } }), "401", "F", "F", "ok", "F", "ok"],
  ["renameOrganisation", `mutation($name: String!) { renameOrganisation(input: { code: "LHT-C1-R01-BR", name: $name, date: "2024-03-01" }) { organisation { code } } }`,
    (who) => ({ name: `東華苑黨支部${who}` }), "401", "F", "F", "ok", "F", "ok"],
  ["updateOrganisation", `mutation($input: UpdateOrganisationInput!) { updateOrganisation(input: $input) { organisation { code } } }`,
    (who) => ({ input: { code: "LHT-C1-R01-BR", committeeElected: who !== "ADMIN" } }), "401", "F", "F", "ok", "F", "ok"],
  ["registerUnit", `mutation($input: RegisterUnitInput!) { registerUnit(input: $input) { unit { code } } }`,
    (who) => ({ input: { code: `RM-C1-U-${who}`, name: "測試企業", kind: "NEW_ECONOMIC_ORGANISATION", location: "LHT-C1", validFrom: W } }), "401", "F", "F", "ok", "F", "ok"],
  ["assignWorkCoverage", `mutation($input: AssignWorkCoverageInput!) { assignWorkCoverage(input: $input) { workCoverage { validFrom } } }`,
    (who) => ({ input: { organisation: "LHT-C1-GB", unit: `RM-C1-U-${who === "OUT" ? "IN" : who}`, role: "INSTRUCTOR", validFrom: "2024-02-01" } }), "401", "F", "F", "ok", "F", "ok"],
  ["updateUnit", `mutation($input: UpdateUnitInput!) { updateUnit(input: $input) { unit { code } } }`,
    (who) => ({ input: { code: "LHT-U-SCH1", sector: `學校${who}` } }), "401", "F", "F", "ok", "F", "ok"],
  ["renameUnit", `mutation($name: String!) { renameUnit(input: { code: "LHT-U-SCH1", name: $name, date: "2024-03-01" }) { unit { code } } }`,
    (who) => ({ name: `龍虎塘中心小學${who}` }), "401", "F", "F", "ok", "F", "ok"],
  ["createFacility", `mutation($input: CreateFacilityInput!) { createFacility(input: $input) { facility { code } } }`,
    (who) => ({ input: { code: `RM-C1-F-${who}`, name: "測試室", kind: "ROOM", facilityOf: "LHT-C1", validFrom: W } }), "401", "F", "F", "ok", "F", "ok"],
  ["updateFacility", `mutation($input: UpdateFacilityInput!) { updateFacility(input: $input) { facility { code } } }`,
    (who) => ({ input: { code: "LHT-C1-F-OFFICE", requirement: `測試${who}` } }), "401", "F", "F", "ok", "F", "ok"],
  ["dissolveFacility", `mutation($code: String!) { dissolveFacility(input: { code: $code, date: "2024-06-01" }) { facility { code } } }`,
    (who) => ({ code: `RM-C1-F-${who === "OUT" ? "IN" : who}` }), "401", "F", "F", "ok", "F", "ok"],
  ["createCulturalTeam", `mutation($input: CreateCulturalTeamInput!) { createCulturalTeam(input: $input) { culturalTeam { code } } }`,
    (who) => ({ input: { code: `RM-C1-CT-${who}`, name: "測試合唱團", genre: "CHOIR", basedIn: "LHT-C1", validFrom: W } }), "401", "F", "F", "ok", "F", "ok"],
  ["createVolunteerTeam", `mutation($input: CreateVolunteerTeamInput!) { createVolunteerTeam(input: $input) { volunteerTeam { code } } }`,
    (who) => ({ input: { code: `RM-C1-VT-${who}`, name: "測試服務隊", organisedBy: "LHT-C1-GB", focus: ["ELDERLY"], validFrom: W } }), "401", "F", "F", "ok", "F", "ok"],
  ["updateCouncil", `mutation($input: UpdateCouncilInput!) { updateCouncil(input: $input) { council { code } } }`,
    (who) => ({ input: { code: "LHT-C1-CNCL", rules: `議事規則${who}` } }), "401", "F", "F", "ok", "F", "ok"],
  ["registerMember", `mutation($input: RegisterMemberInput!) { registerMember(input: $input) { member { code } } }`,
    (who) => ({ input: { code: `RM-C1-M-${who}`, name: "黨員測", status: "FORMAL", organisation: "LHT-C1-R01-BR", residence: "LHT-C1-R01-B01", validFrom: W } }), "401", "F", "F", "ok", "F", "ok"],
  ["registerBeneficiary", `mutation($input: RegisterBeneficiaryInput!) { registerBeneficiary(input: $input) { beneficiary { code } } }`,
    (who) => ({ input: { code: `RM-C1-B-${who}`, name: "困難戶測", kind: "HOUSEHOLD", livesIn: "LHT-C1-R01-B02", validFrom: W } }), "401", "F", "F", "ok", "F", "ok"],
];

// Response shapes vary per row; the assertions say what they must be.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function codeOf(response: GraphqlResponse<Json>): string {
  if (response.status === 401) return "401";
  const codes = (response.errors ?? []).map((error) => error.extensions?.code);
  if (codes.length === 0) return "ok";
  return codes.includes("FORBIDDEN") && codes.every((code) => code === "FORBIDDEN") ? "F" : `unexpected ${JSON.stringify(response.errors)}`;
}

/** What the walks covered, for the summary line (docs/RELIABILITY.md quotes it). */
const covered = { viewerPaths: 0, mutations: 0 };

describe("role matrix: every role × every sensitive field and every mutation", () => {
  let hub: Hub;
  let schema: GraphQLSchema;
  const ids: Record<string, string> = {};
  const as = (who: Who, query: string, variables: Record<string, unknown> = {}) => postGraphql<Json>(hub.url, query, variables, {}, IDENTITY[who]);
  const expectCell = (response: GraphqlResponse<Json>, cell: Cell, sees: string | null, label: string) => {
    const actual = codeOf(response);
    expect(actual, label).toBe(cell);
    const data = JSON.stringify(response.data ?? null);
    if (cell === "ok") {
      expect(Object.values(response.data ?? {})[0] ?? null, `${label}: data`).not.toBeNull();
      if (sees) expect(data, `${label}: shows ${sees}`).toContain(sees);
    } else if (sees) {
      expect(data, `${label}: nothing protected in the data`).not.toContain(sees);
    }
  };

  beforeAll(async () => {
    schema = await buildHubSchema();
    hub = await startTestHub();
    // The import is one transaction; on a busy machine it can outlast the hub's 15 s limit.
    const db = connectTestDatabase();
    await resetGraph(db);
    await importSeed(db, LONGHUTANG);
    await db.close();
    const found = await postGraphql<Json>(hub.url, `{ p: place(code: "LHT-C1-R01", asOf: "${D}") { id } m: member(code: "LHT-M-001", asOf: "${D}") { id } }`);
    ids.placeId = found.data.p.id;
    ids.memberId = found.data.m.id;
  });
  afterAll(() => hub.stop());

  describe("reads", () => {
    const present = (key: string) => {
      const [type, field] = key.split(" ")[0]!.split(".") as [string, string];
      const object = schema.getType(type);
      return isObjectType(object) && field in object.getFields();
    };

    it.each(READS)("%s", async (key, query, sees, ...cells) => {
      // Rows for fields still being built elsewhere (history) run once the schema has them.
      if (!present(key)) return;
      const variables = Object.fromEntries(Object.entries(ids).filter(([name]) => query.includes(`$${name}`)));
      for (const [index, who] of WHO.entries()) expectCell(await as(who, query, variables), cells[index]!, sees, `${key} as ${who}`);
    });

    it("has a row for every root query, and every one returning named entities is closed to viewers", () => {
      const rows = new Map(READS.map((row) => [row[0], row]));
      const entities = entityTypeNames(schema);
      const missing = Object.keys(schema.getQueryType()!.getFields()).filter((name) => !rows.has(`Query.${name}`));
      expect(missing, "root queries without a row in READS").toEqual([]);
      const open = Object.values(schema.getQueryType()!.getFields())
        .filter((field) => returnsEntities(schema, field, entities) && rows.get(`Query.${field.name}`)![4] !== "F")
        .map((field) => field.name);
      expect(open, "root queries returning named entities that viewers may call").toEqual([]);
    });

    it("has a row for every field, on any type, that returns members, beneficiaries or pairings — each closed to viewers, analysts and stewards of elsewhere", () => {
      const rows = new Map(READS.map((row) => [row[0], row]));
      const personal = allFields(schema)
        // Connections' edges are covered by the rows of the queries that return the connections,
        // and mutation payloads by the rows of the mutations that return them (WRITES, MUTATIONS).
        .filter(({ type, field }) => type !== "Mutation" && !/(Edge|Connection|Payload)$/.test(type) && returnsPersonalData(field))
        .map(({ key }) => key);
      expect(personal.filter((key) => !rows.has(key)), "personal-data fields without a row in READS").toEqual([]);
      for (const key of personal) expect(rows.get(key)!.slice(4), key).toEqual(["F", "F", "ok", "F", "ok"]);
    });

    it("gives a viewer no named entity below an aggregate, at any depth, except the aggregate's own labels", async () => {
      const entities = entityTypeNames(schema);
      const query = schema.getQueryType()!;
      const viewerRoots = Object.values(query.getFields()).filter((field) => READS.find((row) => row[0] === `Query.${field.name}`)?.[4] === "ok");
      expect(viewerRoots.map((field) => field.name).sort()).toEqual(Object.keys(VIEWER_ROOT_ARGS).sort());
      // Every path, below a root a viewer may call, that ends at a field returning named entities.
      const closed: string[][] = [];
      const visit = (type: GraphQLObjectType, path: string[], seen: Set<string>) => {
        for (const field of Object.values(type.getFields())) {
          const named = getNamedType(field.type);
          if (isScalarType(named) || isEnumType(named)) continue;
          const next = [...path, field.name];
          if (requiredArgs(field).length > 0) throw new Error(`${next.join(".")} needs arguments: give the walk some`);
          if (returnsEntities(schema, field, entities) && !AGGREGATE_LABELS.has(next.join("."))) closed.push(next);
          else if (isObjectType(named) && !seen.has(named.name) && next.length < 7) visit(named, next, new Set([...seen, named.name]));
        }
      };
      for (const root of viewerRoots) {
        const named = getNamedType(root.type);
        if (isObjectType(named)) visit(named, [root.name], new Set([named.name]));
      }
      expect(closed.length).toBeGreaterThan(20);
      covered.viewerPaths = closed.length;
      const leaks: string[] = [];
      const unexercised: string[] = [];
      for (const path of closed) {
        const [root, ...rest] = path as [string, ...string[]];
        const args = VIEWER_ROOT_ARGS[root]!;
        const document = `{ ${root}${args ? `(${args})` : ""} ${rest.map((name) => `{ ${name}`).join(" ")} { __typename } ${"} ".repeat(rest.length)}}`;
        const response = await as("viewer", document);
        const denied = (response.errors ?? []).some((error) => {
          const at = ((error as { path?: (string | number)[] }).path ?? []).filter((step) => typeof step === "string");
          return error.extensions?.code === "FORBIDDEN" && at.every((step, index) => path[index] === step);
        });
        if (denied) continue;
        const reached = JSON.stringify(response.data ?? null).includes("__typename");
        (reached ? leaks : unexercised).push(`${path.join(".")} ${JSON.stringify(response.errors ?? [])}`);
      }
      expect.soft(leaks, "named entities a viewer reached").toEqual([]);
      // A path whose parent was empty proves nothing: the seed and the arguments must reach each one.
      expect(unexercised, "paths the walk could not reach with the seed").toEqual([]);
    });

    it("keeps members, beneficiaries and pairings out of an analyst's links and paths", async () => {
      const links = await as("analyst", `{ unitLinks(unit: "LHT-U-SCH1", asOf: "${D}") { kind via { __typename } } communityLinks(community: "LHT-C1", asOf: "${D}") { via { __typename } } }`);
      expect(links.errors).toBeUndefined();
      const path = await as("analyst", `{ shortestConnection(from: "LHT-U-SCH1", to: "LHT-C1", asOf: "${D}") { entities { label code } } }`);
      expect(path.errors).toBeUndefined();
      const text = JSON.stringify([links.data, path.data]);
      for (const label of ["Member", "Beneficiary", "Pairing", "LHT-M-", "LHT-B"]) expect(text).not.toContain(label);
    });
  });

  describe("mutations", () => {
    it("refuses every mutation of the schema to a caller without a token (401), a viewer and an analyst (FORBIDDEN), and changes nothing", async () => {
      const mutations = Object.values(schema.getMutationType()!.getFields());
      expect(mutations.length).toBeGreaterThan(40);
      covered.mutations = mutations.length;
      const before = await graphFingerprint(hub.db);
      const wrong: string[] = [];
      for (const field of mutations) {
        const { query, variables } = sampleCall("mutation", field);
        for (const [who, cell] of [["none", "401"], ["viewer", "F"], ["analyst", "F"]] as const) {
          const actual = codeOf(await as(who, query, variables));
          if (actual !== cell) wrong.push(`${field.name} as ${who}: ${actual}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(await graphFingerprint(hub.db)).toBe(before);
    });

    it("has no mutation that edits or deletes the audit log", () => {
      const names = Object.keys(schema.getMutationType()!.getFields());
      expect(names.filter((name) => /audit/i.test(name))).toEqual([]);
    });

    it.each(WRITES)("%s: steward of C1 and admin write C1; the steward of C2 and every lower role are refused", async (operation, query, variables, ...cells) => {
      const [none, viewer, analyst, stewardIn, stewardOut, admin] = cells;
      const audit = async () =>
        (await as("admin", `query($o: String) { auditLog(operation: $o) { totalCount } }`, { o: operation })).data.auditLog.totalCount as number;
      const before = await graphFingerprint(hub.db);
      const entries = await audit();
      expectCell(await as("none", query, variables("IN")), none, null, `${operation} as none`);
      expectCell(await as("viewer", query, variables("IN")), viewer, null, `${operation} as viewer`);
      expectCell(await as("analyst", query, variables("IN")), analyst, null, `${operation} as analyst`);
      expectCell(await as("out", query, variables("OUT")), stewardOut, null, `${operation} as the steward of C2`);
      expect(await graphFingerprint(hub.db), `${operation}: refused writes change nothing`).toBe(before);
      expectCell(await as("in", query, variables("IN")), stewardIn, null, `${operation} as the steward of C1`);
      expectCell(await as("admin", query, variables("ADMIN")), admin, null, `${operation} as admin`);
      expect(await audit(), `${operation}: one audit entry per accepted write`).toBe(entries + 2);
    });
  });

  describe("steward scope on writes: where the touched entities lie on the write's date and the day before", () => {
    const refusedUnchanged = async (who: TestIdentity, query: string, variables: Record<string, unknown> = {}) => {
      const before = await graphFingerprint(hub.db);
      const response = await postGraphql<Json>(hub.url, query, variables, {}, who);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "OUT_OF_SCOPE" });
      expect(await graphFingerprint(hub.db)).toBe(before);
    };
    const MOVE = `mutation($code: String!, $to: String!) { movePlace(input: { code: $code, parent: $to, date: "2024-09-01" }) { place { code } } }`;

    it("a move between communities needs both: the old place's steward and the new one's are each refused alone", async () => {
      await refusedUnchanged(IDENTITY.in as TestIdentity, MOVE, { code: "LHT-C1-R01-B04", to: "LHT-C2-R01" });
      await refusedUnchanged(IDENTITY.out as TestIdentity, MOVE, { code: "LHT-C1-R01-B04", to: "LHT-C2-R01" });
      const both = await postGraphql<Json>(hub.url, MOVE, { code: "LHT-C1-R01-B04", to: "LHT-C2-R01" }, {}, { role: "steward", scope: ["LHT-C1", "LHT-C2"] });
      expect(both.errors).toBeUndefined();
    });

    it("a subdistrict's steward writes in all its communities; a community's steward cannot hang an organisation under the subdistrict's committee", async () => {
      const GENERAL_BRANCH = `mutation($code: String!) { createOrganisation(input: { code: $code, name: "測試總支", kind: GENERAL_BRANCH, builtAt: ["LHT-C1"], leaders: [{ organisation: "LHT-WC" }], validFrom: "2024-01-01" }) { organisation { code } } }`;
      await refusedUnchanged(IDENTITY.in as TestIdentity, GENERAL_BRANCH, { code: "RM-C1-GB2" });
      const subdistrict = await postGraphql<Json>(hub.url, GENERAL_BRANCH, { code: "RM-C1-GB2" }, {}, { role: "steward", scope: ["LHT"] });
      expect(subdistrict.errors).toBeUndefined();
    });

    it("a steward with an empty scope writes nowhere; an ended entity is judged where it lay on its last day", async () => {
      await refusedUnchanged({ role: "steward", scope: [] }, `mutation { updatePlace(input: { code: "LHT-C1-R02", propertyManaged: true }) { place { code } } }`);
      // The villages ended at the merger (2020-07-01), when 新堂村委 went into C1; a correction today is
      // judged where the village lay on its last day: in the subdistrict, outside C1's scope.
      const CORRECT_VILLAGE = `mutation { updatePlace(input: { code: "LHT-V1" }) { place { code } } }`;
      await refusedUnchanged(IDENTITY.in as TestIdentity, CORRECT_VILLAGE);
      const subdistrict = await postGraphql<Json>(hub.url, CORRECT_VILLAGE, {}, {}, { role: "steward", scope: ["LHT"] });
      expect(subdistrict.errors).toBeUndefined();
    });
  });

  it("counts what it proves", () => {
    const cells = READS.length * WHO.length + WRITES.length * WHO.length + covered.mutations * 3 + covered.viewerPaths;
    process.stdout.write(
      `role matrix: ${READS.length} reads × ${WHO.length} callers, ${WRITES.length} real writes × ${WHO.length} callers, ` +
        `${covered.mutations} mutations × 3 callers without the steward role, ${covered.viewerPaths} entity paths below viewer aggregates: ${cells} checked outcomes\n`,
    );
    expect(cells).toBeGreaterThan(600);
  });
});
