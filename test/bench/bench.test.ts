import { describe, expect, inject, it } from "vitest";
import { runBench } from "../../bench/run.js";
import { SYSTEMS } from "../../bench/systems.js";
import { WORKLOADS } from "../../bench/workloads.js";

/**
 * The smoke form of `npm run bench`: the small Longhutang seed, one round, one short throughput
 * pass, every workload on every system. It proves the three systems give the same answers (the
 * benchmark's precondition) and that the harness measures; the figures themselves mean nothing here.
 */
describe("npm run bench, smoke form", () => {
  it("gets the same answers from the hub, raw Cypher and @neo4j/graphql for every workload, and times them", async () => {
    const result = await runBench({
      data: "longhutang",
      seed: 42,
      rounds: 1,
      concurrency: 4,
      requestsPerPass: 8,
      passes: 1,
      workloads: WORKLOADS.map((workload) => workload.id),
      systems: [...SYSTEMS],
      neo4jUri: inject("neo4jUri"),
      reload: true,
    });
    expect(result.data.nodes).toBeGreaterThan(500);
    expect(result.fixture.scope).toBe("LHT");
    expect(result.workloads.map((workload) => workload.id)).toEqual(["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7"]);
    for (const workload of result.workloads) {
      expect({ workload: workload.id, disagreement: workload.disagreement }).toEqual({ workload: workload.id, disagreement: null });
      for (const system of SYSTEMS) {
        const figures = workload.systems[system]!;
        expect(figures.c1.samples).toBe(1);
        expect(figures.c1.p50).toBeGreaterThan(0);
        expect(figures.c1.nodeCpuMs).toBeGreaterThan(0);
        expect(figures.throughput!.requestsPerSecond).toBeGreaterThan(0);
        expect(figures.statementsPerRequest).toBeGreaterThanOrEqual(1);
      }
    }
  }, 300_000);
});
