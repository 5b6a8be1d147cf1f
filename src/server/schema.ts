import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { AboutResolver } from "../system/index.js";
import { OrganisationUnitsResolver, PlaceUnitsResolver, UnitResolver } from "../units/index.js";

/** Builds the hub's schema from the resolver classes of every domain folder. */
export async function buildHubSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [AboutResolver, UnitResolver, PlaceUnitsResolver, OrganisationUnitsResolver],
    validate: false,
    emitSchemaFile: false,
  });
  // type-graphql has no way to describe the root types; the SDL should still explain them.
  const query = schema.getQueryType();
  if (query) query.description = "Reads. Every read can be asked as of a date and defaults to today.";
  const mutation = schema.getMutationType();
  if (mutation) mutation.description = "Writes for data stewards. Each mutation is one transaction: it applies fully or not at all.";
  return schema;
}
