import { createRequire } from "node:module";
import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { GraphQLArmorRejectCallback } from "@escape.tech/graphql-armor-types";
import { GraphQLError, Kind, visit, type DocumentNode, type ParseOptions, type ValidationRule } from "graphql";
import type * as QueryComplexityModule from "graphql-query-complexity";
import type { ComplexityEstimator } from "graphql-query-complexity";
import type { LimitsConfig } from "../config/index.js";
import { HubError } from "../errors/index.js";
import { DEFAULT_PAGE_SIZE } from "../graph/connection.js";

// The package's ESM build imports graphql's .mjs files: a second graphql realm that rejects the
// schema built by type-graphql. Its CommonJS build (the one type-graphql itself loads) shares ours.
const { getComplexity, fieldExtensionsEstimator, simpleEstimator } = createRequire(import.meta.url)(
  "graphql-query-complexity",
) as typeof QueryComplexityModule;

export type LimitName = "depth" | "aliases" | "directives" | "tokens" | "cost";

/** A document over one of the configured limits: rejected before any resolver runs. */
export class LimitExceededError extends HubError {
  constructor(limit: LimitName, max: number, message: string, details: Record<string, unknown> = {}) {
    super("LIMIT_EXCEEDED", message, { limit, max, ...details });
  }
}

/**
 * The cost of a field with a `first` (or `last`) argument: 1 + n × the cost of what is selected
 * below it, n being the page size asked for (the default page size when none is given). A page of
 * 100 organisations each with a page of 20 members costs about 100 × 20 × (fields below).
 */
export function paginationEstimator(defaultPageSize: number = DEFAULT_PAGE_SIZE): ComplexityEstimator {
  return ({ field, args, childComplexity }) => {
    if (!field.args.some((arg) => arg.name === "first" || arg.name === "last")) return undefined;
    const asked = [args.first, args.last].find((value): value is number => typeof value === "number");
    const pageSize = Math.max(1, asked ?? defaultPageSize);
    return 1 + pageSize * childComplexity;
  };
}

/**
 * How the cost of a document is counted: a field's own `complexity` (type-graphql's
 * `@Field({ complexity })`) if it declares one; else pagination-aware for fields with `first`;
 * else 1 per field plus what is below it. A list field without `first` counts once.
 */
export const COST_ESTIMATORS: ComplexityEstimator[] = [fieldExtensionsEstimator(), paginationEstimator(), simpleEstimator({ defaultComplexity: 1 })];

function costLimitPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          let cost: number;
          try {
            cost = getComplexity({ schema, query: document, variables: request.variables ?? {}, operationName: request.operationName ?? undefined, estimators: COST_ESTIMATORS });
          } catch {
            // Variables that do not coerce: execution rejects them with BAD_USER_INPUT.
            return;
          }
          if (cost > maxCost) {
            throw new LimitExceededError("cost", maxCost, `Query cost ${cost} exceeds the limit of ${maxCost}: ask for smaller pages (first) or fewer fields.`, {
              cost,
              http: { status: 400 },
            });
          }
        },
      };
    },
  };
}

/**
 * The longest text a client may send in one argument or variable, in UTF-16 code units. Names go
 * into a Neo4j TEXT index, whose keys stop at 32 KB of UTF-8 (a longer name failed deep in the
 * write as an internal error); 10 000 units are at most 30 000 bytes. Names of places and
 * organisations are tens of characters: this bounds abuse, not use.
 */
export const MAX_STRING_LENGTH = 10_000;

/** The first string in a variable value that is too long or not well-formed Unicode, with where it is. */
function badString(value: unknown, path: string, maxLength: number): { path: string; problem: string } | undefined {
  if (typeof value === "string") {
    if (value.length > maxLength) return { path, problem: `is ${value.length} characters long; at most ${maxLength} are accepted` };
    // A lone surrogate is not a character: Neo4j would store U+FFFD instead, so the text would not be kept as sent.
    if (/\p{Cs}/u.test(value)) return { path, problem: "contains a lone surrogate (not well-formed Unicode)" };
    return undefined;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = badString(item, `${path}[${index}]`, maxLength);
      if (found) return found;
    }
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = badString(item, `${path}.${key}`, maxLength);
      if (found) return found;
    }
  }
  return undefined;
}

/** The first string literal of the document that is too long (the parser already refuses lone surrogates). */
function longLiteral(document: DocumentNode, maxLength: number): number | undefined {
  let found: number | undefined;
  visit(document, {
    [Kind.STRING](node) {
      if (found === undefined && node.value.length > maxLength) found = node.value.length;
    },
  });
  return found;
}

/**
 * Text a client sends is kept exactly as sent, or refused before anything runs: BAD_USER_INPUT
 * (HTTP 400) for a string longer than `maxLength` or one that is not well-formed Unicode, in the
 * variables or in the document. The request body limit bounds everything else.
 */
function inputTextPlugin(maxLength: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const variable = badString(request.variables ?? {}, "$", maxLength);
          if (variable) {
            const where = variable.path.replace(/^\$\./, "$");
            throw new HubError("BAD_USER_INPUT", `The variable ${where} ${variable.problem}.`, {
              argument: where,
              maxLength,
              http: { status: 400 },
            });
          }
          const literal = longLiteral(document, maxLength);
          if (literal !== undefined) {
            throw new HubError("BAD_USER_INPUT", `A string in the document is ${literal} characters long; at most ${maxLength} are accepted.`, {
              maxLength,
              http: { status: 400 },
            });
          }
        },
      };
    },
  };
}

/**
 * graphql-js 16 validates a subscription against a schema without subscriptions and then fails
 * while executing it (an internal error); graphql-js 17's KnownOperationTypesRule, backported.
 */
export const knownOperationTypes: ValidationRule = (context) => ({
  OperationDefinition(node) {
    const schema = context.getSchema();
    const root = node.operation === "query" ? schema.getQueryType() : node.operation === "mutation" ? schema.getMutationType() : schema.getSubscriptionType();
    if (!root) context.reportError(new GraphQLError(`This hub has no ${node.operation} operations.`, { nodes: node }));
  },
});

function reject(limit: LimitName, max: number): { onReject: GraphQLArmorRejectCallback[]; propagateOnRejection: false } {
  return {
    propagateOnRejection: false,
    onReject: [(context, error) => context?.reportError(new LimitExceededError(limit, max, error.message.replace(/^Syntax Error: /, "")))],
  };
}

/**
 * A parse error from graphql-js's own `maxTokens` option, recognised by its message (graphql-js
 * gives it no code); the formatter turns it into LIMIT_EXCEEDED.
 */
export function tokenLimitError(error: Pick<GraphQLError, "message">, maxTokens: number): LimitExceededError | undefined {
  if (!/Document contains more th\w+ \d+ tokens/.test(error.message)) return undefined;
  return new LimitExceededError("tokens", maxTokens, `The document has more than ${maxTokens} tokens.`);
}

export interface ApolloLimits {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin[];
  parseOptions: ParseOptions;
}

/**
 * Limits on every document, all from maintained libraries: graphql-armor (depth, aliases,
 * directives, as validation rules), graphql-js (tokens, while parsing: nothing bigger is even
 * parsed) and graphql-query-complexity (pagination-aware cost, with the request's variables).
 * Field suggestions are hidden by Apollo's own option (see hub.ts), not here.
 */
export function apolloLimits(limits: LimitsConfig): ApolloLimits {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...reject("depth", limits.maxDepth) },
    maxAliases: { n: limits.maxAliases, ...reject("aliases", limits.maxAliases) },
    maxDirectives: { n: limits.maxDirectives, ...reject("directives", limits.maxDirectives) },
    // Armor's Apollo token plugin answers 500; graphql-js's parser option is used instead.
    maxTokens: { enabled: false },
    // Armor's cost ignores `first` and variables; graphql-query-complexity below does not.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    validationRules: [knownOperationTypes, ...armor.validationRules],
    // Armor is typed against Apollo's CommonJS declarations, the hub against its ESM ones: same shape.
    plugins: [...(armor.plugins as unknown as ApolloServerPlugin[]), inputTextPlugin(MAX_STRING_LENGTH), costLimitPlugin(limits.maxCost)],
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
