import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { codegen } from "@graphql-codegen/core";
import * as operationsPlugin from "@graphql-codegen/typescript-operations";
import { parse } from "graphql";
import { OUTPUT, pluginConfig } from "./codegen.js";

/**
 * Types the operations of client/operations/ against schema/schema.graphql with the options of
 * client/codegen.ts, through @graphql-codegen/core (the CLI's engine, without its watcher and
 * loaders). `npm run client:codegen` writes the result; test/client/tooling.test.ts checks drift.
 */
export async function generateOperationTypes(root: string, config: Record<string, unknown> = pluginConfig): Promise<string> {
  const folder = join(root, "client", "operations");
  const documents = readdirSync(folder)
    .filter((name) => name.endsWith(".graphql"))
    .sort()
    .map((name) => ({ location: join("client", "operations", name), document: parse(readFileSync(join(folder, name), "utf8")) }));
  return codegen({
    filename: OUTPUT,
    schema: parse(readFileSync(join(root, "schema", "schema.graphql"), "utf8")),
    documents,
    plugins: [{ "typescript-operations": {} }],
    pluginMap: { "typescript-operations": operationsPlugin },
    config: { ...config },
  });
}

if (process.argv[1]?.endsWith("generate.ts")) {
  const root = process.cwd();
  writeFileSync(join(root, OUTPUT), await generateOperationTypes(root));
  process.stdout.write(`wrote ${OUTPUT}\n`);
}
