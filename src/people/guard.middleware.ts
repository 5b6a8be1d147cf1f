import type { MiddlewareFn } from "type-graphql";
import type { HubContext } from "../server/context.js";
import { discloseField } from "./access.js";

/**
 * The personal-data guard on every GraphQL field (a type-graphql global middleware, so it runs
 * below every resolver, present or future, and below plain property fields too): whatever a field
 * returns passes `discloseField` — a member, beneficiary or pairing the caller may not see is
 * refused (FORBIDDEN), a reference to one on a path is redacted. Scalars pass at once.
 */
export const PersonalDataGuard: MiddlewareFn<HubContext> = async ({ context }, next) => {
  const value: unknown = await next();
  return discloseField(context, value);
};
