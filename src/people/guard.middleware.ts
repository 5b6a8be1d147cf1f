import type { MiddlewareFn } from "type-graphql";
import type { HubContext } from "../server/context.js";
import { discloseField } from "./access.js";

/**
 * The personal-data guard on every GraphQL field (a type-graphql global middleware, so it runs
 * below every resolver, present or future, and below plain property fields too): whatever a field
 * returns passes `discloseField` — a member, beneficiary or pairing the caller may not see is
 * refused (FORBIDDEN), a reference to one on a path is redacted. Scalars pass at once.
 *
 * Fields declared `simple: true` (type-graphql) skip every middleware, this one included: only
 * the plain String, Int, Boolean, date and enum properties of entity types are, whose value can
 * never be a record (graphql-js refuses to serialise an object as a scalar). It spares a tree of
 * thousands of entities a middleware chain per value (bench/RESULTS.md, Q1).
 */
export const PersonalDataGuard: MiddlewareFn<HubContext> = async ({ context }, next) => {
  const value: unknown = await next();
  return discloseField(context, value);
};
