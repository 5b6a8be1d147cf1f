import { defineConfig } from "vitest/config";
import full from "./vitest.config.js";

/**
 * The fast tier: pure logic, no Neo4j, no server (`*.unit.test.ts`). `npm run test:fast` runs it
 * in seconds; `npm test` runs these files too, with everything else. It resolves modules as the
 * full suite does (one graphql realm).
 */
export default defineConfig({
  resolve: full.resolve,
  test: {
    include: ["test/**/*.unit.test.ts"],
    pool: "threads",
  },
});
