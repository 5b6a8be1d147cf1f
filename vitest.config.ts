import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

/**
 * One Neo4j for the whole run (test/support/global-setup.ts). Neo4j Community has one database,
 * so test files run one after another and each clears the graph it uses (test/support/graph.ts).
 */
export default defineConfig({
  resolve: {
    // Node resolves `graphql` to its CommonJS entry (as type-graphql and Apollo load it); Vite would
    // pick the .mjs one and give the tests a second graphql realm. One copy, as in production.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
    teardownTimeout: 60_000,
    pool: "forks",
  },
});
