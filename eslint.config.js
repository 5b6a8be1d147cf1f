import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "neo4j/**", ".data/**", "coverage/**", "client/generated/**", "client/relay/__generated__/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      // Only the executor talks to the driver: everything else goes through it.
      "no-restricted-imports": ["error", { paths: [{ name: "neo4j-driver", message: "Only src/database/ may import neo4j-driver; use the executor." }] }],
    },
  },
  {
    files: ["src/database/**/*.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
