/**
 * GraphQL Code Generator configuration for the hub's schema, in the shape the CLI reads
 * (`npx graphql-codegen --config client/codegen.ts`). test/client/tooling.test.ts runs the same
 * plugins with the same options through @graphql-codegen/core and checks the committed output.
 *
 * `strictScalars` makes an unmapped custom scalar an error instead of `any`; `scalars` maps each
 * of the hub's five to its JSON form.
 */
export const scalars = {
  LocalDate: "string",
  DateTimeISO: "string",
  NonNegativeInt: "number",
  NonNegativeFloat: "number",
  JSONObject: "Record<string, unknown>",
} as const;

export const pluginConfig = {
  strictScalars: true,
  scalars,
  enumsAsTypes: true,
  useTypeImports: true,
  skipTypename: false,
} as const;

export const OUTPUT = "client/generated/operations.ts";

const config = {
  schema: "schema/schema.graphql",
  documents: "client/operations/*.graphql",
  generates: {
    [OUTPUT]: { plugins: ["typescript-operations"], config: pluginConfig },
  },
};

export default config;
