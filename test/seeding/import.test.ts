import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/database/index.js";
import { importSeed, SeedValidationError } from "../../src/seeding/index.js";
import { connectTestDatabase, graphFingerprint, resetGraph } from "../support/graph.js";
import { FIXTURES, VALID, copySeed, countEntities } from "./helpers.js";
import { join } from "node:path";

describe("seed import", () => {
  let db: Database;
  beforeAll(() => {
    db = connectTestDatabase();
  });
  beforeEach(() => resetGraph(db));
  afterAll(() => db.close());

  it("creates every entity with the model's node shape", async () => {
    const report = await importSeed(db, VALID);
    expect(report.mode).toBe("single-transaction");
    expect(report.summary.entities.Place).toEqual({ created: 10, updated: 0, unchanged: 0 });
    expect(report.summary.entities.Organisation).toEqual({ created: 10, updated: 0, unchanged: 0 });
    expect(report.summary.relations).toEqual({ created: 66, deleted: 0, unchanged: 0 });
    expect(await countEntities(db)).toBe(37);

    const [place] = await db.read({
      name: "test.placeShape",
      cypher: `
        MATCH (n:Entity:Place {code: 'LHT-C1-Y01'})
        RETURN labels(n) AS labels, n.id AS id, n.version AS version, n.name AS name, n.names AS names,
               valueType(n.validFrom) AS validFromType, valueType(n.nameFrom) AS nameFromType, n.nameFrom AS nameFrom,
               n.validTo IS NULL AS open, n.kind AS kind`,
    });
    expect(place).toMatchObject({
      labels: ["Entity", "Place"],
      version: 1,
      name: "新街院落",
      names: ["老街院落", "新街院落"],
      nameFrom: ["2020-07-01", "2022-05-01"],
      validFromType: "DATE NOT NULL",
      nameFromType: "LIST<DATE NOT NULL> NOT NULL",
      open: true,
      kind: "COURTYARD",
    });
    expect(place!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const [member] = await db.read({ name: "test.memberShape", cypher: "MATCH (n {code: 'LHT-M0001'}) RETURN labels(n) AS labels, n.hardship AS hardship" });
    expect(member).toEqual({ labels: ["Entity", "Member", "Person"], hardship: false });

    const links = await db.read({
      name: "test.linkShape",
      cypher: `
        MATCH (:Organisation {code: 'LHT-PS-BR'})-[r:LED_BY]->(leader)
        RETURN leader.code AS leader, r.line AS line, valueType(r.validFrom) AS type, toString(r.validFrom) AS validFrom, toString(r.validTo) AS validTo
        ORDER BY validFrom, leader`,
    });
    expect(links).toEqual([
      { leader: "LHT-V1-GB", line: "TERRITORIAL", type: "DATE NOT NULL", validFrom: "2005-01-01", validTo: "2020-07-01" },
      { leader: "XB-PSB-PC", line: "OWN_SYSTEM", type: "DATE NOT NULL", validFrom: "2005-01-01", validTo: null },
      { leader: "LHT-C1-GB", line: "TERRITORIAL", type: "DATE NOT NULL", validFrom: "2020-07-01", validTo: null },
    ]);
    const seats = await db.read({
      name: "test.seats",
      cypher: "MATCH (o:Organisation)-[r:HOLDS_SEAT]->(:Council {code: 'LHT-C1-CNCL'}) RETURN o.code AS org, r.partTime AS partTime ORDER BY org",
    });
    expect(seats).toEqual([
      { org: "LHT-C1-GB", partTime: null },
      { org: "LHT-PS-BR", partTime: true },
    ]);
    const [event] = await db.read({
      name: "test.event",
      cypher: `
        MATCH (e:ChangeEvent {code: 'EV-2020-MERGER-C1'})
        RETURN toString(e.date) AS date, [(e)-[:ORIGINAL]->(o) | o.code] AS originals, [(e)-[:RESULTING]->(r) | r.code] AS results,
               [(e)-[r:ORIGINAL]->() | r.validFrom] AS undated`,
    });
    expect({ ...event, originals: [...(event!.originals as string[])].sort() }).toEqual({
      date: "2020-07-01",
      originals: ["LHT-V1", "LHT-V2"],
      results: ["LHT-C1"],
      undated: [null, null],
    });
  });

  it("is idempotent: a second import leaves the graph identical, versions included", async () => {
    await importSeed(db, VALID);
    const before = await graphFingerprint(db);
    const again = await importSeed(db, VALID);
    expect(await graphFingerprint(db)).toBe(before);
    for (const counts of Object.values(again.summary.entities)) expect(counts.created + counts.updated).toBe(0);
    expect(again.summary.relations).toEqual({ created: 0, deleted: 0, unchanged: 66 });
  });

  it("updates only what changed, bumps the version of just those, and keeps ids", async () => {
    await importSeed(db, VALID);
    const ids = await db.read({ name: "test.ids", cypher: "MATCH (n:Entity) RETURN n.code AS code, n.id AS id ORDER BY code" });
    const changed = copySeed(VALID, {
      "places.yaml": (text) => text.replace("name: 東華苑\n", "name: 東華苑小區\n"),
      "organisations.yaml": (text) => text.replace("  builtAt: LHT-C1-SB\n", "  builtAt: LHT-C1\n"),
    });
    const report = await importSeed(db, changed);
    expect(report.summary.entities.Place).toEqual({ created: 0, updated: 1, unchanged: 9 });
    expect(report.summary.entities.Organisation).toEqual({ created: 0, updated: 1, unchanged: 9 });
    expect(report.summary.relations).toEqual({ created: 1, deleted: 1, unchanged: 65 });
    const versions = await db.read({ name: "test.versions", cypher: "MATCH (n:Entity) WHERE n.version > 1 RETURN n.code AS code, n.version AS version, n.name AS name ORDER BY code" });
    expect(versions).toEqual([
      { code: "LHT-C1-R01", version: 2, name: "東華苑小區" },
      { code: "LHT-C1-SB-BR", version: 2, name: "東華街區支部" },
    ]);
    expect(await db.read({ name: "test.ids", cypher: "MATCH (n:Entity) RETURN n.code AS code, n.id AS id ORDER BY code" })).toEqual(ids);
  });

  it("leaves entities that are not in the seed alone, and replaces the seeded entities' own relations", async () => {
    await db.write({
      name: "test.extra",
      cypher: `
        CREATE (x:Entity:Place {id: 'x', code: 'OTHER', name: '別處', kind: 'COMPOUND', validFrom: date('2001-01-01'), version: 3})
        CREATE (y:Entity:Place {id: 'y', code: 'LHT-C1-R01', name: '舊名', kind: 'COMPOUND', validFrom: date('2012-05-01'), version: 7, source: 'kept'})
        CREATE (y)-[:PART_OF {validFrom: date('2012-05-01')}]->(x)
        CREATE (x)-[:PART_OF {validFrom: date('2001-01-01')}]->(y)`,
    });
    const report = await importSeed(db, VALID);
    expect(report.summary.entities.Place).toEqual({ created: 9, updated: 1, unchanged: 0 });
    const [row] = await db.read({
      name: "test.after",
      cypher: `
        MATCH (y:Place {code: 'LHT-C1-R01'}), (x:Place {code: 'OTHER'})
        RETURN y.id AS id, y.version AS version, y.name AS name, y.source AS source, x.version AS otherVersion,
               [(y)-[:PART_OF]->(p) | p.code] AS parents, [(x)-[:PART_OF]->(p) | p.code] AS otherParents`,
    });
    expect({ ...row, parents: [...(row!.parents as string[])].sort() }).toEqual({
      id: "y",
      version: 8,
      name: "東華苑",
      source: "kept", // not a property the seed manages
      otherVersion: 3,
      parents: ["LHT-C1", "LHT-V1"],
      otherParents: ["LHT-C1-R01"], // a relation the unseeded entity owns
    });
  });

  it("rejects an invalid seed and leaves the graph exactly as it was", async () => {
    await importSeed(db, VALID);
    const before = await graphFingerprint(db);
    const error = await importSeed(db, join(FIXTURES, "errors", "events")).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SeedValidationError);
    expect((error as SeedValidationError).problems.map((problem) => problem.code)).toContain("SEED_EVENT_ORIGINAL_ABSENT");
    expect((error as Error).message).toMatch(/events\.yaml:5/);
    expect(await graphFingerprint(db)).toBe(before);
  });

  it("rejects a seed whose code the graph holds as another kind (SEED_CODE_KIND_CONFLICT), writing nothing", async () => {
    await db.write({ name: "test.unit", cypher: "CREATE (:Entity:Unit {id: 'u', code: 'LHT-C1-SB', name: '單位', kind: 'RESIDENT_UNIT', validFrom: date('2000-01-01'), version: 1})" });
    const before = await graphFingerprint(db);
    const error = await importSeed(db, VALID).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SeedValidationError);
    expect((error as SeedValidationError).problems).toEqual([
      expect.objectContaining({ code: "SEED_CODE_KIND_CONFLICT", file: "places.yaml", line: 52, record: "LHT-C1-SB" }),
    ]);
    expect(await graphFingerprint(db)).toBe(before);
  });

  it("is all or nothing: a failure part-way through the transaction leaves the graph as before", async () => {
    await importSeed(db, VALID);
    const changed = copySeed(VALID, {
      "places.yaml": (text) => text.replace("name: 東華苑\n", "name: 東華苑小區\n"),
      "units.yaml": (text) => text + "- code: LHT-U-NEW\n  name: 新單位\n  kind: RESIDENT_UNIT\n  validFrom: 2022-01-01\n  locatedIn: LHT-C1\n",
      "organisations.yaml": (text) => text.replace("  builtAt: LHT-C1-SB\n", "  builtAt: LHT-C1\n"),
    });
    const before = await graphFingerprint(db);
    const stages: string[] = [];
    const error = await importSeed(db, changed, {
      batchSize: 1,
      beforeStep: (step) => {
        stages.push(step.stage);
        if (step.stage === "deleteRelations") throw new Error("injected failure");
      },
    }).catch((caught: unknown) => caught);
    expect((error as Error).message).toBe("injected failure");
    expect(stages).toEqual(["createEntities", "updateEntities", "updateEntities", "createRelations", "createRelations", "deleteRelations"]);
    expect(await graphFingerprint(db)).toBe(before);
  });

  it("reports a dry run without writing", async () => {
    await importSeed(db, VALID);
    const before = await graphFingerprint(db);
    const changed = copySeed(VALID, { "places.yaml": (text) => text.replace("name: 東華苑\n", "name: 東華苑小區\n") });
    const report = await importSeed(db, changed, { dryRun: true });
    expect(report.mode).toBe("dry-run");
    expect(report.summary.entities.Place).toEqual({ created: 0, updated: 1, unchanged: 9 });
    expect(await graphFingerprint(db)).toBe(before);
  });
});
