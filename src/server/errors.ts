import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import type { Logger } from "pino";
import { isHubError } from "../errors/index.js";

/** Codes Apollo itself gives to a bad request: safe to show as they are. */
const REQUEST_ERROR_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

/**
 * Only errors with a stable code reach a client; anything unexpected is logged in full and
 * answered with a bare INTERNAL_SERVER_ERROR (no stack, no Cypher, no driver message).
 */
export function errorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code;
    if (isHubError(original)) {
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { ...original.extensions } };
    }
    if (typeof code === "string" && REQUEST_ERROR_CODES.has(code) && !(original instanceof Error && original.constructor === Error)) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    logger.error({ err: original, path: formatted.path }, "unexpected error in a GraphQL request");
    return { message: "Internal server error.", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}
