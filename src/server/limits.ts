import { createRequire } from "node:module";
import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { GraphQLArmorRejectCallback } from "@escape.tech/graphql-armor-types";
import type { GraphQLError, ParseOptions, ValidationRule } from "graphql";
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
    validationRules: armor.validationRules,
    // Armor is typed against Apollo's CommonJS declarations, the hub against its ESM ones: same shape.
    plugins: [...(armor.plugins as unknown as ApolloServerPlugin[]), costLimitPlugin(limits.maxCost)],
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
