import { GraphQLError } from "graphql";
import type { ErrorCode } from "./catalogue.js";

/**
 * A client-facing error with a stable code; anything else is masked as INTERNAL_SERVER_ERROR.
 * docs/ERRORS.md gives each code one shape, which the constructor keeps: `extensions.code` is the
 * error's code, so an entity's code given as `details.code` is published as `entity`; and a
 * NOT_FOUND always says the date it looked at (`asOf`, null where no single date applies).
 */
export class HubError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    const { code: entity, ...rest } = details;
    super(message, {
      extensions: {
        ...(code === "NOT_FOUND" && !("asOf" in details) ? { asOf: null } : {}),
        ...(entity !== undefined ? { entity } : {}),
        ...rest,
        code,
      },
    });
    this.name = "HubError";
  }
}

export class DatabaseUnavailableError extends HubError {
  constructor(cause?: unknown) {
    super("DATABASE_UNAVAILABLE", "The graph database is unavailable; retry later.");
    this.cause = cause;
  }
}

export function isHubError(error: unknown): error is HubError {
  return error instanceof HubError;
}
