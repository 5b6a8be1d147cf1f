/**
 * Every error a client can see, by its stable `extensions.code`.
 * docs/ERRORS.md lists the same codes; a test keeps the two in step.
 */
export const ERROR_CODES = {
  BAD_USER_INPUT: "An argument is malformed or out of range.",
  NOT_FOUND: "The referenced entity does not exist (or not at the date asked).",
  DUPLICATE_CODE: "Another entity of the same kind already uses this code.",
  INVALID_DATE_RANGE: "validFrom must be strictly before validTo.",
  RULE_VIOLATION: "The write breaks a domain rule; `extensions.rule` names the rule.",
  CONFLICT: "The entity changed since it was read (optimistic concurrency).",
  LIVE_DEPENDANTS: "The entity still has records that depend on it (residents, members, units…); move them first or say where they go.",
  DATABASE_UNAVAILABLE: "Neo4j cannot be reached; retry later.",
  BOOKMARK_TIMEOUT: "The database has not reached the state a sent bookmark asks for; retry later.",
  UNAUTHENTICATED: "No valid credentials were given.",
  FORBIDDEN: "The caller's role may not read or do this.",
  LIMIT_EXCEEDED: "The GraphQL document is too big or too expensive; `extensions.limit` names the limit and `extensions.max` its value.",
  INTERNAL_SERVER_ERROR: "An unexpected failure; details are in the server log, not in the response.",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
