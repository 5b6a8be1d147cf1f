import type { ApolloServerPlugin } from "@apollo/server";

/**
 * `cache-control: no-store` on every GraphQL answer: answers depend on the caller's token, so no
 * cache may keep them. Apollo's cache-control plugin said so too, but it also wraps every field's
 * resolver to collect cache hints the hub never sets — a cost per field — so it is off and this
 * plugin keeps its header.
 */
export function noStorePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set("cache-control", "no-store");
        },
      };
    },
  };
}
