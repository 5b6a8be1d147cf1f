import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import type { Logger } from "pino";
import { isHubError, type HubError } from "../errors/index.js";
import { tokenLimitError } from "./limits.js";

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

/** The HubError behind an error: itself, or the one a validation rule reported (Apollo wraps those). */
function hubErrorIn(error: unknown): HubError | undefined {
  if (isHubError(error)) return error;
  const cause = (error as { originalError?: unknown } | null)?.originalError;
  return isHubError(cause) ? cause : undefined;
}

/**
 * Only errors with a stable code reach a client; anything unexpected is logged in full and
 * answered with a bare INTERNAL_SERVER_ERROR (no stack, no Cypher, no driver message).
 * `maxTokens` lets graphql-js's token-limit parse error be reported as LIMIT_EXCEEDED.
 */
export function errorFormatter(logger: Logger, options: { maxTokens?: number } = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code;
    const hubError =
      hubErrorIn(original) ??
      (code === "GRAPHQL_PARSE_FAILED" && options.maxTokens !== undefined ? tokenLimitError(formatted, options.maxTokens) : undefined);
    if (hubError) {
      // `http` (status, headers) is for Apollo's response head, not for the client's JSON.
      const { http: _http, ...extensions } = hubError.extensions;
      return { message: hubError.message, locations: formatted.locations, path: formatted.path, extensions };
    }
    if (typeof code === "string" && REQUEST_ERROR_CODES.has(code) && !(original instanceof Error && original.constructor === Error)) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    logger.error({ err: original, path: formatted.path }, "unexpected error in a GraphQL request");
    return { message: "Internal server error.", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}
