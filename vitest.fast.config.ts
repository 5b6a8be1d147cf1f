import { defineConfig } from "vitest/config";

/**
 * The fast tier: pure logic, no Neo4j, no server (`*.unit.test.ts`). `npm run test:fast` runs it
 * in seconds; `npm test` runs these files too, with everything else.
 */
export default defineConfig({
  test: {
    include: ["test/**/*.unit.test.ts"],
    pool: "threads",
  },
});
