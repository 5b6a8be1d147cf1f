// The services declare GraphQL types: the decorator metadata polyfill must load first.
import "reflect-metadata";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/database/index.js";
import type { CypherQuery, Database, Transaction } from "../../src/database/index.js";
import { HubError } from "../../src/errors/index.js";
import { declared, RULE_REGISTRY, type DomainRule } from "../../src/graph/rule-registry.js";
import * as agreements from "../../src/community/agreement.service.js";
import * as councils from "../../src/community/council.service.js";
import * as history from "../../src/history/history.service.js";
import { findBrokenRecords } from "../../src/integrity/broken.service.js";
import { ruleBreaches } from "../../src/integrity/integrity.service.js";
import * as organisations from "../../src/organisations/organisation.service.js";
import * as beneficiaries from "../../src/people/beneficiary.service.js";
import * as members from "../../src/people/member.service.js";
import * as places from "../../src/places/place.service.js";
import * as units from "../../src/units/unit.service.js";
import type { HubContext } from "../../src/server/context.js";
import { validateSeed } from "../../src/seeding/index.js";
import { loadSeed, reportContext } from "../support/analytics.js";
import { connectTestDatabase, graphFingerprint } from "../support/graph.js";
import { copySeed, VALID } from "../seeding/helpers.js";

/**
 * Walks the rule registry (src/graph/rule-registry.ts): for every rule and every path it declares,
 * a case here proves the path enforces it on the fixture seed test/seeding/fixtures/valid —
 * `seed`: a copy of the seed that breaks the rule is refused by validateSeed with the rule's
 * problem code, naming the file, the line and the record; `write`: the mutation that would break it
 * is refused with the rule's code and `extensions.rule`, and the graph is unchanged; `report`: the
 * breach planted in the graph with Cypher is reported under the rule's id. A rule without its
 * cases, or a case for a path the rule says it does not have, fails.
 */
interface RuleCases {
  readonly seed?: { readonly file: string; readonly record: string; readonly edit: (text: string) => string };
  readonly write?: (context: HubContext) => Promise<unknown>;
  /** Links the write needs that the fixture lacks (a move planned after the write's date), planted before the fingerprint and removed after. */
  readonly given?: { readonly plant: string; readonly undo: string };
  /** Cypher that breaks the rule in the loaded fixture; the report is read on `asOf` (ruleBreaches). */
  readonly plant?: { readonly cypher: string; readonly code: string; readonly asOf?: string };
}

const replace = (from: string, to: string) => (text: string) => text.replace(from, to);

/** Cypher creating one link `type` with `properties` (a Cypher map) between two records of the fixture. */
const link = (fromLabel: string, from: string, type: string, toLabel: string, to: string, properties: string) =>
  `MATCH (a:${fromLabel} {code: '${from}'}), (b:${toLabel} {code: '${to}'}) CREATE (a)-[:${type} ${properties}]->(b)`;

const CASES: Record<string, RuleCases> = {
  PLACE_NESTING: {
    seed: { file: "places.yaml", record: "LHT-C1-R01-B02", edit: replace("  partOf: LHT-C1-R01\n  note: no group yet", "  partOf: LHT-C1\n  note: no group yet") },
    write: (context) => places.createPlace(context, { code: "RR-B", name: "樓", kind: "BUILDING", validFrom: "2021-01-01", parent: "LHT-C1" }),
    plant: {
      cypher: "MATCH (a:Place {code: 'LHT-C1-SB'}), (b:Place {code: 'LHT-C1-R01'}) CREATE (a)-[:PART_OF {validFrom: date('2021-01-01'), validTo: date('2021-02-01')}]->(b)",
      code: "LHT-C1-SB",
    },
  },
  ORGANISATION_PLACE: {
    seed: { file: "organisations.yaml", record: "LHT-C1-GB", edit: replace("  builtAt: LHT-C1\n  ledBy: LHT-WC", "  builtAt: LHT-C1-R01\n  ledBy: LHT-WC") },
    write: (context) => organisations.buildOrganisationAt(context, "LHT-C1-GB", "LHT-C1-R01-B01", "2022-01-01", null),
    plant: { cypher: "MATCH (o:Organisation {code: 'LHT-C1-GB'}), (p:Place {code: 'LHT-C1-R01-B01'}) CREATE (o)-[:BUILT_AT {validFrom: date('2021-01-01')}]->(p)", code: "LHT-C1-GB" },
  },
  GROUP_PLACE: {
    seed: { file: "organisations.yaml", record: "LHT-C1-R01-B01-G", edit: replace("  builtAt: LHT-C1-R01-B01\n", "  builtAt: LHT-C1-R01\n") },
    write: (context) => organisations.buildOrganisationAt(context, "LHT-C1-R01-B01-G", "LHT-C1-R01", "2022-01-01", null),
    plant: {
      cypher: "MATCH (o:Organisation {code: 'LHT-C1-R01-B01-G'})-[r:BUILT_AT]->() DELETE r WITH DISTINCT o MATCH (p:Place {code: 'LHT-C1-R01'}) CREATE (o)-[:BUILT_AT {validFrom: o.validFrom}]->(p)",
      code: "LHT-C1-R01-B01-G",
      asOf: "2022-01-01",
    },
  },
  LEADER_KIND: {
    seed: { file: "organisations.yaml", record: "LHT-C1-SB-BR", edit: replace("  builtAt: LHT-C1-SB\n  ledBy: LHT-C1-GB", "  builtAt: LHT-C1-SB\n  ledBy: XB-DC") },
    write: (context) => organisations.setLeadership(context, "LHT-C1-SB-BR", "XB-DC", "TERRITORIAL", "2022-01-01", null),
    plant: {
      cypher: "MATCH (o:Organisation {code: 'LHT-C1-SB-BR'})-[r:LED_BY]->() SET r.validTo = date('2022-01-01') WITH DISTINCT o MATCH (d:Organisation {code: 'XB-DC'}) CREATE (o)-[:LED_BY {line: 'TERRITORIAL', validFrom: date('2022-01-01')}]->(d)",
      code: "LHT-C1-SB-BR",
    },
  },
  GROUP_LEADER: {
    seed: { file: "organisations.yaml", record: "LHT-C1-R01-B01-G", edit: replace("  ledBy: LHT-C1-R01-BR\n", "  ledBy: LHT-C1-GB\n") },
    write: (context) => organisations.setLeadership(context, "LHT-C1-R01-B01-G", "LHT-C1-GB", "TERRITORIAL", "2022-01-01", null),
    plant: { cypher: "MATCH (o:Organisation {code: 'LHT-C1-R01-B01-G'})-[r:LED_BY]->() DELETE r", code: "LHT-C1-R01-B01-G", asOf: "2022-01-01" },
  },
  SINGLE_PARENT: {
    seed: {
      file: "places.yaml",
      record: "LHT-C1-R01-B01",
      edit: replace("  partOf: LHT-C1-R01\n- code: LHT-C1-R01-B02", "  partOf:\n    - { place: LHT-C1-R01, validFrom: 2012-05-01 }\n    - { place: LHT-C1-Y01, validFrom: 2021-01-01 }\n- code: LHT-C1-R01-B02"),
    },
    // The compound's move to the community on 2020-07-01 is already recorded: an open move from 2019 would overlap it.
    write: (context) => places.movePlace(context, "LHT-C1-R01", "LHT", "2019-01-01", null),
    plant: {
      cypher: link("Place", "LHT-C1-R01-B01", "PART_OF", "Place", "LHT-C1-Y01", "{validFrom: date('2021-01-01'), validTo: date('2021-02-01')}"),
      code: "LHT-C1-R01-B01",
    },
  },
  SINGLE_LOCATION: {
    seed: { file: "units.yaml", record: "LHT-U-SCH", edit: replace("    - { place: LHT-C1, validFrom: 2020-07-01 }", "    - { place: LHT-C1, validFrom: 2020-07-01 }\n    - { place: LHT-C1-SB, validFrom: 2021-01-01, validTo: 2021-06-01 }") },
    write: (context) => units.moveUnit(context, "LHT-U-SCH", "XB", "2019-01-01", null),
    plant: {
      cypher: link("Unit", "LHT-U-SCH", "LOCATED_IN", "Place", "LHT-C1-SB", "{validFrom: date('2021-01-01'), validTo: date('2021-02-01')}"),
      code: "LHT-U-SCH",
    },
  },
  SINGLE_LEADER_PER_LINE: {
    // A link without a line is on the territorial line: it overlaps the territorial leader.
    seed: {
      file: "organisations.yaml",
      record: "LHT-PS-BR",
      edit: replace("    - { organisation: LHT-C1-GB, validFrom: 2020-07-01 }", "    - { organisation: LHT-C1-GB, validFrom: 2020-07-01 }\n    - { organisation: LHT-WC, validFrom: 2021-01-01, validTo: 2021-06-01 }"),
    },
    write: (context) => organisations.setLeadership(context, "LHT-PS-BR", "LHT-WC", "TERRITORIAL", "2019-01-01", null),
    plant: {
      cypher: link("Organisation", "LHT-C1-SB-BR", "LED_BY", "Organisation", "LHT-WC", "{validFrom: date('2022-01-01')}"),
      code: "LHT-C1-SB-BR",
    },
  },
  SINGLE_RESIDENCE: {
    seed: {
      file: "members.yaml",
      record: "LHT-M0001",
      edit: replace("  residesIn: LHT-C1-R01-B01\n", "  residesIn:\n    - { place: LHT-C1-R01-B01, validFrom: 2020-09-01 }\n    - { place: LHT-C1-R01-B02, validFrom: 2021-01-01 }\n"),
    },
    given: {
      plant: link("Member", "LHT-M0001", "RESIDES_IN", "Place", "LHT-C1-R01-B02", "{validFrom: date('2024-01-01'), planted: true}"),
      undo: "MATCH ()-[r:RESIDES_IN {planted: true}]->() DELETE r",
    },
    write: (context) => members.updateMember(context, { code: "LHT-M0001", date: "2023-01-01", residence: "LHT-C1-R01-B02" }),
    plant: {
      cypher: link("Beneficiary", "LHT-BEN-001", "LIVES_IN", "Place", "LHT-C1-R01-B01", "{validFrom: date('2023-06-01')}"),
      code: "LHT-BEN-001",
    },
  },
  SINGLE_MEMBERSHIP: {
    seed: {
      file: "members.yaml",
      record: "LHT-M0001",
      edit: replace("  memberOf: LHT-C1-R01-BR\n", "  memberOf:\n    - { organisation: LHT-C1-R01-BR, validFrom: 2020-09-01 }\n    - { organisation: LHT-C1-GB, validFrom: 2022-01-01 }\n"),
    },
    given: {
      plant: link("Member", "LHT-M0001", "MEMBER_OF", "Organisation", "LHT-C1-SB-BR", "{validFrom: date('2024-01-01'), planted: true}"),
      undo: "MATCH ()-[r:MEMBER_OF {planted: true}]->() DELETE r",
    },
    write: (context) => members.transferMember(context, "LHT-M0001", "LHT-C1-GB", "2023-01-01", null),
    plant: {
      cypher: link("Member", "LHT-M0002", "MEMBER_OF", "Organisation", "LHT-C1-GB", "{validFrom: date('2022-01-01'), validTo: date('2022-02-01')}"),
      code: "LHT-M0002",
    },
  },
  PLACE_CYCLE: {
    seed: { file: "places.yaml", record: "LHT-C1-R01", edit: replace("    - { place: LHT-C1, validFrom: 2020-07-01 }\n  illustrative: true", "    - { place: LHT-C1-R01-B01, validFrom: 2020-07-01 }\n  illustrative: true") },
    // The cycle is named before the kinds (a compound in a building is also PLACE_NESTING).
    write: (context) => places.movePlace(context, "LHT-C1-R01", "LHT-C1-R01-B01", "2022-01-01", null),
    plant: {
      cypher: link("Place", "LHT-C1-R01", "PART_OF", "Place", "LHT-C1-R01-B01", "{validFrom: date('2022-01-01'), validTo: date('2022-02-01')}"),
      code: "LHT-C1-R01",
    },
  },
  LEADERSHIP_CYCLE: {
    seed: { file: "organisations.yaml", record: "XB-DC", edit: replace("  builtAt: XB\n- code: XB-PSB-PC", "  builtAt: XB\n  ledBy:\n    - { organisation: LHT-WC, validFrom: 2010-01-01 }\n- code: XB-PSB-PC") },
    write: (context) => organisations.setLeadership(context, "LHT-WC", "LHT-C1-GB", "TERRITORIAL", "2022-01-01", null),
    // Across lines: the district committee led on its own-system line by the working committee it leads.
    plant: {
      cypher: link("Organisation", "XB-DC", "LED_BY", "Organisation", "LHT-WC", "{line: 'OWN_SYSTEM', validFrom: date('2021-01-01')}"),
      code: "XB-DC",
    },
  },
  COUNCIL_CONVENER: {
    seed: { file: "councils.yaml", record: "LHT-C1-CNCL", edit: replace("  convenedBy: LHT-C1-GB\n", "  convenedBy: LHT-C1-R01-BR\n") },
    write: (context) => councils.createCouncil(context, { code: "RR-CN", name: "議事會", validFrom: "2022-01-01", convenedBy: "LHT-C1-R01-BR", serves: "LHT-C1" }),
    plant: {
      cypher: "MATCH (c:Council {code: 'LHT-C1-CNCL'}), (o:Organisation {code: 'LHT-C1-R01-BR'}) CREATE (c)-[:CONVENED_BY {validFrom: date('2021-01-01'), validTo: date('2021-02-01')}]->(o)",
      code: "LHT-C1-CNCL",
    },
  },
  COUNCIL_PLACE: {
    seed: { file: "councils.yaml", record: "LHT-C1-CNCL", edit: replace("  serves: LHT-C1\n", "  serves: LHT-C1-SB\n") },
    write: (context) => councils.createCouncil(context, { code: "RR-CN", name: "議事會", validFrom: "2022-01-01", convenedBy: "LHT-C1-GB", serves: "LHT-C1-SB" }),
    plant: {
      cypher: "MATCH (c:Council {code: 'LHT-C1-CNCL'}), (p:Place {code: 'LHT-C1-SB'}) CREATE (c)-[:SERVES {validFrom: date('2021-01-01'), validTo: date('2021-02-01')}]->(p)",
      code: "LHT-C1-CNCL",
    },
  },
  AGREEMENT_COMMUNITY: {
    seed: { file: "agreements.yaml", record: "LHT-C1-AG01", edit: replace("  community: LHT-C1\n", "  community: LHT-C1-R01\n") },
    write: (context) => agreements.registerAgreement(context, { code: "RR-AG", name: "協議", validFrom: "2022-01-01", unit: "LHT-U-SCH", community: "LHT-C1-R01" }),
    plant: {
      cypher: "MATCH (a:CoBuildingAgreement {code: 'LHT-C1-AG01'}), (p:Place {code: 'LHT-C1-R01'}) CREATE (a)-[:WITH {validFrom: date('2021-06-01'), validTo: date('2021-07-01')}]->(p)",
      code: "LHT-C1-AG01",
    },
  },
  MEMBER_RESIDENCE: {
    seed: { file: "members.yaml", record: "LHT-M0001", edit: replace("  residesIn: LHT-C1-R01-B01\n", "  residesIn: LHT-C1-R01\n") },
    write: (context) => members.registerMember(context, { code: "RR-M", name: "黨員", status: "FORMAL", validFrom: "2022-01-01", organisation: "LHT-C1-R01-BR", residence: "LHT-C1-R01" }),
    plant: {
      cypher: "MATCH (m:Member {code: 'LHT-M0001'}), (p:Place {code: 'LHT-C1-R01'}) CREATE (m)-[:RESIDES_IN {validFrom: date('2021-01-01'), validTo: date('2021-02-01')}]->(p)",
      code: "LHT-M0001",
    },
  },
  REGISTRATION_PLACE: {
    seed: { file: "members.yaml", record: "LHT-M0002", edit: replace("  registeredWith: LHT-C1\n", "  registeredWith: LHT-C1-R01\n") },
    write: (context) =>
      members.registerMember(context, { code: "RR-M", name: "黨員", status: "FORMAL", inService: true, validFrom: "2022-01-01", organisation: "LHT-C1-R01-BR", registeredWith: "LHT-C1-R01" }),
    plant: {
      cypher: "MATCH (m:Member {code: 'LHT-M0002'}), (p:Place {code: 'LHT-C1-R01'}) CREATE (m)-[:REGISTERED_WITH {validFrom: date('2021-06-01'), validTo: date('2021-07-01')}]->(p)",
      code: "LHT-M0002",
    },
  },
  BENEFICIARY_PLACE: {
    seed: { file: "beneficiaries.yaml", record: "LHT-BEN-001", edit: replace("  livesIn: LHT-C1-R01-B02\n", "  livesIn: XB\n") },
    write: (context) => beneficiaries.registerBeneficiary(context, { code: "RR-B", name: "困難戶", kind: "HOUSEHOLD", validFrom: "2023-06-01", livesIn: "XB" }),
    plant: {
      cypher: "MATCH (b:Beneficiary {code: 'LHT-BEN-001'}), (p:Place {code: 'XB'}) CREATE (b)-[:LIVES_IN {validFrom: date('2023-06-01'), validTo: date('2023-07-01')}]->(p)",
      code: "LHT-BEN-001",
    },
  },
  REGISTRATION_IN_SERVICE: {
    seed: { file: "members.yaml", record: "LHT-M0002", edit: replace("  inService: true\n  validFrom: 2021-03-01", "  inService: false\n  validFrom: 2021-03-01") },
    // Taking a registered member out of service without ending the registration.
    write: (context) => members.updateMember(context, { code: "LHT-M0002", inService: false }),
    plant: { cypher: "MATCH (m:Member {code: 'LHT-M0002'}) SET m.inService = false", code: "LHT-M0002" },
  },
  BRANCH_COMMITTEE: {
    plant: { cypher: "MATCH (o:Organisation {code: 'LHT-C1-R01-BR'}) SET o.committeeElected = false", code: "LHT-C1-R01-BR", asOf: "2022-01-01" },
  },
  JOINT_BRANCH_SIZE: {
    plant: {
      cypher: `
        MATCH (o:Organisation {code: 'LHT-C1-SB-BR'}) SET o.form = 'JOINT'
        WITH o UNWIND range(1, 6) AS i
        CREATE (u:Unit:Entity {code: 'PLANTED-U' + i, name: 'u' + i, kind: 'NEW_ECONOMIC_ORGANISATION', validFrom: date('2021-06-01')})
        CREATE (o)-[:COVERS {mode: 'JOINT', validFrom: date('2021-06-01')}]->(u)`,
      code: "LHT-C1-SB-BR",
      asOf: "2022-01-01",
    },
  },
  EVENT_SHAPE: {
    seed: { file: "events.yaml", record: "EV-2020-MERGER-C1", edit: replace("originals: [LHT-V1, LHT-V2]", "originals: [LHT-V1]") },
    write: (context) => history.recordChangeEvent(context, { code: "EV-ONE-ORIGINAL", kind: "MERGER", date: "2020-07-01", originals: ["LHT-V1"], results: ["LHT-C1"] }),
    plant: { cypher: "MATCH (:ChangeEvent {code: 'EV-2020-MERGER-C1'})-[r:ORIGINAL]->(:Place {code: 'LHT-V2'}) DELETE r", code: "EV-2020-MERGER-C1" },
  },
  ORPHAN: {
    seed: { file: "units.yaml", record: "LHT-U-SCH", edit: replace("    - { place: LHT-C1, validFrom: 2020-07-01 }", "    - { place: LHT-C1, validFrom: 2021-07-01 }") },
    // A beneficiary lives in the building: ending it would leave her home nowhere.
    write: (context) => places.dissolvePlace(context, "LHT-C1-R01-B02", "2024-01-01", null),
    plant: { cypher: "MATCH (:Unit {code: 'LHT-U-SCH'})-[r:LOCATED_IN]->(:Place {code: 'LHT-C1'}) SET r.validFrom = date('2021-07-01')", code: "LHT-U-SCH" },
  },
};

const PATHS = ["seed", "write", "report"] as const;

/** A case that reloads the fixture (about 20 s alone) may take minutes on a loaded machine; a timeout would leave the next case a half-loaded graph. */
const RELOAD_TIMEOUT_MS = 240_000;

/** Thrown to end a transaction whose writes must not stay. */
class RolledBack extends Error {}

/**
 * Runs `work` in a write transaction that is always rolled back: a planted breach is seen by the
 * reports read inside it and gone after, so no case reloads the fixture to undo it.
 */
async function rolledBack<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  await db
    .writeTransaction(async (tx) => {
      result = { value: await work(tx) };
      throw new RolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return result!.value;
}

/** The registry as the table docs/MODEL.md shows between its rule-registry markers. */
function registryTable(): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  const path = <T>(given: DomainRule["seed"] | DomainRule["write"] | DomainRule["report"], show: (path: T) => string) =>
    declared(given) === undefined ? `— (${cell((given as { absent: string }).absent)})` : show(declared(given) as T);
  const rows = RULE_REGISTRY.map((rule) =>
    [
      `\`${rule.id}\``,
      cell(rule.statement),
      path<{ problem: string }>(rule.seed, (seed) => `\`${seed.problem}\``),
      path<{ code: string; rule?: string }>(rule.write, (write) => `\`${write.code}\`${write.rule ? ` / \`${write.rule}\`` : ""}`),
      path<{ in: string; problem: string }>(rule.report, (report) => `\`${report.in}\` \`${report.problem}\``),
    ].join(" | "),
  );
  return ["| rule | statement | seed validator | write | integrity report |", "|---|---|---|---|---|", ...rows.map((row) => `| ${row} |`)].join("\n");
}

function caseOf(rule: DomainRule, path: (typeof PATHS)[number]): unknown {
  const cases = CASES[rule.id];
  return path === "report" ? cases?.plant : cases?.[path];
}

describe("the rule registry", () => {
  let db: Database;
  beforeAll(async () => {
    db = connectTestDatabase();
    await loadSeed(VALID);
  });
  afterAll(() => db.close());

  it("has a case for every path every rule declares, and none for a path it says it lacks (with the reason)", () => {
    expect(Object.keys(CASES).sort()).toEqual(RULE_REGISTRY.map((rule) => rule.id).sort());
    for (const rule of RULE_REGISTRY) {
      for (const path of PATHS) {
        const has = declared(rule[path]) !== undefined;
        expect({ rule: rule.id, path, case: caseOf(rule, path) !== undefined }).toEqual({ rule: rule.id, path, case: has });
        if (!has) expect((rule[path] as { absent: string }).absent.length).toBeGreaterThan(20);
      }
      expect(PATHS.some((path) => declared(rule[path]) !== undefined)).toBe(true);
    }
    expect(new Set(RULE_REGISTRY.map((rule) => rule.id)).size).toBe(RULE_REGISTRY.length);
  });

  it("is the table docs/MODEL.md lists as the domain rules' registry (paste the expected text between the markers when a rule changes)", () => {
    const model = readFileSync(join(PROJECT_ROOT, "docs", "MODEL.md"), "utf8");
    const shown = /<!-- rule-registry:start -->\n([\s\S]*?)\n<!-- rule-registry:end -->/.exec(model)?.[1];
    expect(shown).toBe(registryTable());
  });

  it("starts from a fixture that breaks no rule on any path", () => {
    expect(validateSeed(VALID).problems).toEqual([]);
  });

  it("holds one leader per line: a second line is allowed, the same line refused, a link without a line is TERRITORIAL on the write and the report", async () => {
    const context = reportContext(db, "admin");
    const single = async () => (await findBrokenRecords((query) => db.read(query))).filter((row) => row.problem === "SINGLE_LEADER_PER_LINE").map((row) => row.code);
    try {
      // The street-block branch's territorial link loses its line: it still counts as TERRITORIAL.
      await db.write({ name: "test.lineless", cypher: "MATCH (:Organisation {code: 'LHT-C1-SB-BR'})-[r:LED_BY]->() REMOVE r.line" });
      await organisations.setLeadership(context, "LHT-C1-SB-BR", "XB-PSB-PC", "OWN_SYSTEM", "2022-01-01", null);
      expect(await single()).not.toContain("LHT-C1-SB-BR");
      // A territorial leader already planned from 2023, without a line: a territorial move from 2022 would overlap it.
      await db.write({
        name: "test.lineless.planned",
        cypher: "MATCH (o:Organisation {code: 'LHT-C1-SB-BR'}), (l:Organisation {code: 'LHT-WC'}) CREATE (o)-[:LED_BY {validFrom: date('2023-01-01')}]->(l)",
      });
      expect(await single()).toContain("LHT-C1-SB-BR");
      const before = await graphFingerprint(db);
      await expect(organisations.setLeadership(context, "LHT-C1-SB-BR", "LHT-WC", "TERRITORIAL", "2022-06-01", null)).rejects.toMatchObject({
        extensions: { code: "RULE_VIOLATION", rule: "SINGLE_LEADER_PER_LINE" },
      });
      expect(await graphFingerprint(db)).toBe(before);
      // The own-system line is another line: a second own-system leader from 2023 is refused, not the territorial one.
      await expect(organisations.setLeadership(context, "LHT-C1-SB-BR", "XB-DC", "OWN_SYSTEM", "2021-07-01", null)).rejects.toMatchObject({
        extensions: { code: "RULE_VIOLATION", rule: "SINGLE_LEADER_PER_LINE", line: "OWN_SYSTEM" },
      });
    } finally {
      await loadSeed(VALID);
    }
  }, RELOAD_TIMEOUT_MS);

  // Every write case changes nothing (that is what it proves); a planted breach is undone by reloading the fixture.
  describe.each(RULE_REGISTRY.map((rule) => [rule.id, rule] as const))("%s", (_id, rule) => {
    const seed = declared(rule.seed);
    it.runIf(seed !== undefined)("is refused by the seed validator, naming file, line and record", () => {
      const given = CASES[rule.id]!.seed!;
      const found = validateSeed(copySeed(VALID, { [given.file]: given.edit })).problems;
      const ours = found.filter((problem) => problem.code === seed!.problem);
      expect(ours.map((problem) => [problem.file, problem.record])).toContainEqual([given.file, given.record]);
      expect(ours.every((problem) => problem.line > 0)).toBe(true);
    });

    const write = declared(rule.write);
    it.runIf(write !== undefined)("is refused by the write with its stable code, changing nothing", async () => {
      const { given } = CASES[rule.id]!;
      if (given) await db.write({ name: `test.given.${rule.id}`, cypher: given.plant });
      try {
        const before = await graphFingerprint(db);
        const error = await CASES[rule.id]!.write!(reportContext(db, "admin")).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(HubError);
        expect((error as HubError).extensions).toMatchObject({ code: write!.code, ...(write!.rule ? { rule: write!.rule } : {}) });
        expect(await graphFingerprint(db)).toBe(before);
      } finally {
        if (given) await db.write({ name: `test.undo.${rule.id}`, cypher: given.undo });
      }
    });

    const report = declared(rule.report);
    it.runIf(report !== undefined)("is reported when planted in the graph", async () => {
      const plant = CASES[rule.id]!.plant!;
      // The reports read through the planting transaction (the services only read `context.db`).
      const listed = async (tx: Transaction) =>
        report!.in === "ruleBreaches"
          ? (await ruleBreaches({ ...reportContext(db, "admin"), db: { read: (query: CypherQuery) => tx.run(query) } as unknown as Database }, { scope: null, asOf: plant.asOf ?? "2022-01-01" })).items.map(
              (item) => [item.rule as string, item.organisation.code],
            )
          : (await findBrokenRecords((query) => tx.run(query))).map((row) => [row.problem, row.code]);
      const before = await graphFingerprint(db);
      const [clean, planted] = await rolledBack(db, async (tx) => {
        const unplanted = await listed(tx);
        await tx.run({ name: `test.plant.${rule.id}`, cypher: plant.cypher });
        return [unplanted, await listed(tx)];
      });
      expect(clean).not.toContainEqual([report!.problem, plant.code]);
      expect(planted).toContainEqual([report!.problem, plant.code]);
      expect(await graphFingerprint(db)).toBe(before);
    });
  });
});
