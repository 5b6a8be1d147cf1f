import { GraphQLError } from "graphql";
import type { ErrorCode } from "./catalogue.js";

/** A client-facing error with a stable code; anything else is masked as INTERNAL_SERVER_ERROR. */
export class HubError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { ...details, code } });
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
