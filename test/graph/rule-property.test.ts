import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/database/index.js";
import {
  breaksOneAtATime,
  cycleBreachQuery,
  cycleComponents,
  NO_CYCLES,
  ONE_AT_A_TIME,
  oneAtATimeBreachQuery,
  type NoCycleType,
  type OneAtATimeType,
} from "../../src/graph/rule-registry.js";
import { connectTestDatabase, resetGraph } from "../support/graph.js";

/**
 * Property (issue 14, one rule registry): on random small link histories — spans of the
 * one-at-a-time types (parents, locations, homes, memberships, leaders with a line, another line
 * or none) and parent and leadership chains on random dates, with shared days, zero-length links
 * and open ends — the TypeScript checks the seed validator and the writes run
 * (`breaksOneAtATime`, `cycleComponents`) and the Cypher of the brokenRecords report
 * (`oneAtATimeBreachQuery`, `cycleBreachQuery`) find the same records breaking the same rules.
 */

const RUNS = Number(process.env.RULE_PROPERTY_RUNS ?? 60);
const SEED = Number(process.env.RULE_PROPERTY_SEED ?? 20261202);
const DAYS = ["2001-01-01", "2002-01-01", "2003-01-01", "2004-01-01", "2005-01-01"];

const NODES = {
  Place: ["PBT-P0", "PBT-P1", "PBT-P2", "PBT-P3"],
  Organisation: ["PBT-O0", "PBT-O1", "PBT-O2", "PBT-O3"],
  Unit: ["PBT-U0", "PBT-U1"],
  Member: ["PBT-M0", "PBT-M1"],
  Beneficiary: ["PBT-B0"],
} as const;

/** Each one-at-a-time or no-cycle type with the labels of its ends. */
const TYPES = {
  PART_OF: ["Place", "Place"],
  LED_BY: ["Organisation", "Organisation"],
  LOCATED_IN: ["Unit", "Place"],
  RESIDES_IN: ["Member", "Place"],
  LIVES_IN: ["Beneficiary", "Place"],
  MEMBER_OF: ["Member", "Organisation"],
} as const satisfies Record<OneAtATimeType, readonly [keyof typeof NODES, keyof typeof NODES]>;

interface Link {
  readonly type: OneAtATimeType;
  readonly owner: string;
  readonly target: string;
  readonly from: string;
  readonly to: string | null;
  readonly line: string | null;
}

const link: fc.Arbitrary<Link> = fc
  .record({
    type: fc.constantFrom(...(Object.keys(TYPES) as OneAtATimeType[])),
    owner: fc.nat(3),
    target: fc.nat(3),
    from: fc.nat(DAYS.length - 1),
    // 0: open; otherwise a day index, which may fall on or before the start (a zero-length or reversed link).
    to: fc.nat(DAYS.length),
    line: fc.constantFrom("TERRITORIAL", "OWN_SYSTEM", null),
  })
  .map(({ type, owner, target, from, to, line }) => {
    const [ownerLabel, targetLabel] = TYPES[type];
    const owners = NODES[ownerLabel];
    const targets = NODES[targetLabel];
    return {
      type,
      owner: owners[owner % owners.length]!,
      target: targets[target % targets.length]!,
      from: DAYS[from]!,
      to: to === 0 ? null : DAYS[to - 1]!,
      line: type === "LED_BY" ? line : null,
    };
  });

/** What the TypeScript checks say: `rule|code` of every record breaking a one-at-a-time or no-cycle rule. */
function typescriptBreaches(links: readonly Link[]): string[] {
  const found = new Set<string>();
  links.forEach((a, index) => {
    for (const b of links.slice(index + 1)) {
      if (a.type !== b.type || a.owner !== b.owner) continue;
      const held = (link: Link) => ({ from: link.from, to: link.to, properties: link.line === null ? {} : { line: link.line } });
      if (breaksOneAtATime(a.type, held(a), held(b))) found.add(`${ONE_AT_A_TIME[a.type].rule}|${a.owner}`);
    }
  });
  for (const type of Object.keys(NO_CYCLES) as NoCycleType[]) {
    for (const component of cycleComponents(links.filter((link) => link.type === type))) {
      for (const member of component.members) found.add(`${NO_CYCLES[type].rule}|${member}`);
    }
  }
  return [...found].sort();
}

describe("the registry's TypeScript checks and its report Cypher agree on random link histories", () => {
  let db: Database;
  beforeAll(async () => {
    db = connectTestDatabase();
    await resetGraph(db);
  });
  afterAll(async () => {
    await resetGraph(db);
    await db.close();
  });

  async function plant(links: readonly Link[]): Promise<void> {
    await db.write({ name: "test.property.clear", cypher: "MATCH (n:Entity) WHERE n.code STARTS WITH 'PBT-' DETACH DELETE n" });
    const nodes = Object.entries(NODES).flatMap(([label, codes]) => codes.map((code) => ({ label, code })));
    await db.write({
      name: "test.property.nodes",
      cypher: `
        UNWIND $nodes AS n
        CREATE (e:Entity {code: n.code, name: n.code, validFrom: date('2000-01-01')})
        FOREACH (_ IN CASE WHEN n.label = 'Place' THEN [1] ELSE [] END | SET e:Place, e.kind = 'COMPOUND')
        FOREACH (_ IN CASE WHEN n.label = 'Organisation' THEN [1] ELSE [] END | SET e:Organisation, e.kind = 'BRANCH')
        FOREACH (_ IN CASE WHEN n.label = 'Unit' THEN [1] ELSE [] END | SET e:Unit)
        FOREACH (_ IN CASE WHEN n.label = 'Member' THEN [1] ELSE [] END | SET e:Member:Person)
        FOREACH (_ IN CASE WHEN n.label = 'Beneficiary' THEN [1] ELSE [] END | SET e:Beneficiary:Person)`,
      params: { nodes },
    });
    // One statement per type: a relationship type is never a parameter.
    for (const type of Object.keys(TYPES) as OneAtATimeType[]) {
      await db.write({
        name: `test.property.${type}`,
        cypher: `
          UNWIND $links AS l
          MATCH (a:Entity {code: l.owner}), (b:Entity {code: l.target})
          CREATE (a)-[r:${type} {validFrom: date(l.from)}]->(b)
          SET r.validTo = CASE WHEN l.to IS NULL THEN null ELSE date(l.to) END, r.line = l.line`,
        params: { links: links.filter((link) => link.type === type) },
      });
    }
  }

  async function cypherBreaches(): Promise<string[]> {
    const rows = [];
    for (const query of [oneAtATimeBreachQuery(), ...(Object.keys(NO_CYCLES) as NoCycleType[]).map(cycleBreachQuery)]) rows.push(...(await db.read(query)));
    return [...new Set(rows.filter((row) => String(row.code).startsWith("PBT-")).map((row) => `${String(row.problem)}|${String(row.code)}`))].sort();
  }

  it("finds the same records breaking the same rules", async () => {
    const seen = { oneAtATime: 0, cycles: 0, clean: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(link, { minLength: 1, maxLength: 12 }), async (links) => {
        await plant(links);
        const expected = typescriptBreaches(links);
        expect(await cypherBreaches()).toEqual(expected);
        if (expected.length === 0) seen.clean++;
        if (expected.some((entry) => entry.startsWith("SINGLE_"))) seen.oneAtATime++;
        if (expected.some((entry) => entry.includes("_CYCLE|"))) seen.cycles++;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The draws reach every outcome, or the agreement proves little.
    expect(seen.oneAtATime).toBeGreaterThan(0);
    expect(seen.cycles).toBeGreaterThan(0);
    expect(seen.clean).toBeGreaterThan(0);
  }, 600_000);
});
