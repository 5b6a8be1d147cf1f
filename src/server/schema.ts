import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { AuditResolver } from "../audit/index.js";
import { authChecker } from "../auth/auth-checker.js";
import { ViewerResolver } from "../auth/index.js";
import { AboutResolver } from "../system/index.js";
import { EntityIdResolver, NodeIdResolver, NodeResolver } from "../graph/node.resolver.js";
import { PlaceResolver } from "../places/index.js";
import { ChangeEventResolver, OrganisationEventsResolver, PlaceEventsResolver } from "../history/index.js";
import { CoverageResolver } from "../coverage/index.js";
import { PersonalDataGuard } from "../people/guard.middleware.js";
import { discloseField } from "../people/access.js";
import { makeFieldResolversSynchronous, makeTypeResolversSynchronous } from "./sync-resolvers.js";
import { BeneficiaryResolver, MemberResolver, OrganisationPeopleResolver, PairingResolver, PlacePeopleResolver, UnitPeopleResolver } from "../people/index.js";
import { OrganisationResolver, PlaceOrganisationsResolver } from "../organisations/index.js";
import { OrganisationUnitsResolver, PlaceUnitsResolver, UnitResolver } from "../units/index.js";
import { COMMUNITY_RESOLVERS } from "../community/index.js";
import { IntegrityResolver } from "../integrity/index.js";
import { LinkageResolver } from "../linkage/index.js";
import { ServicesResolver } from "../services/index.js";

/** Every resolver class of every domain folder. */
const RESOLVERS = [AboutResolver, NodeResolver, NodeIdResolver, EntityIdResolver, PlaceResolver, CoverageResolver, OrganisationResolver, PlaceOrganisationsResolver, UnitResolver, PlaceUnitsResolver, OrganisationUnitsResolver, ...COMMUNITY_RESOLVERS, ViewerResolver, AuditResolver, MemberResolver, BeneficiaryResolver, PairingResolver, PlacePeopleResolver, OrganisationPeopleResolver, UnitPeopleResolver, ChangeEventResolver, PlaceEventsResolver, OrganisationEventsResolver, IntegrityResolver, LinkageResolver, ServicesResolver] as const;

/** The personal-data guard is the one global middleware; makeFieldResolversSynchronous re-runs exactly it. */
const GLOBAL_MIDDLEWARES = [PersonalDataGuard];

/** Builds the hub's schema from the resolver classes of every domain folder. */
export async function buildHubSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    validate: false,
    emitSchemaFile: false,
    // @Authorized("analyst") = analyst or higher; a denial throws FORBIDDEN (src/auth/auth-checker.ts).
    authChecker,
    authMode: "error",
    // The personal-data guard sees every field's value (src/people/access.ts, discloseField).
    globalMiddlewares: GLOBAL_MIDDLEWARES,
  });
  // The same checks, without a promise per value where the answer is at hand (src/server/sync-resolvers.ts).
  makeFieldResolversSynchronous(schema, RESOLVERS, authChecker, discloseField, GLOBAL_MIDDLEWARES.length);
  makeTypeResolversSynchronous(schema);
  // type-graphql has no way to describe the root types; the SDL should still explain them.
  const query = schema.getQueryType();
  if (query) query.description = "Reads. Every read can be asked as of a date and defaults to today.";
  const mutation = schema.getMutationType();
  if (mutation) mutation.description = "Writes for data stewards. Each mutation is one transaction: it applies fully or not at all.";
  return schema;
}
