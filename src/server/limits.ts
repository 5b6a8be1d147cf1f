import { createRequire } from "node:module";
import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { GraphQLArmorRejectCallback } from "@escape.tech/graphql-armor-types";
import { getNullableType, GraphQLError, isListType, Kind, visit, type DocumentNode, type ParseOptions, type ValidationRule } from "graphql";
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

export type LimitName = "depth" | "aliases" | "directives" | "tokens" | "cost" | "response";

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
 * How many items a list field without `first` is taken to return, for the cost: the default page
 * size. Lists of this hub without a page are short by nature (a place's ancestors: at most 12;
 * its children, names, a council's seats: tens); a field that can return more declares its own
 * `complexity` or takes `first`.
 */
export const LIST_CARDINALITY = DEFAULT_PAGE_SIZE;

/**
 * The cost of a list field without `first` (or its own `complexity`): 1 + LIST_CARDINALITY × the
 * cost of what is selected below it, so nesting lists multiplies as nesting pages does —
 * `ancestors { children { … } }` under a page of 100 places costs 100 × 20 × 20 × (fields). A
 * connection's `edges` are the page itself, already counted by its `first`.
 */
export function listEstimator(cardinality: number = LIST_CARDINALITY): ComplexityEstimator {
  return ({ type, field, childComplexity }) => {
    if (!isListType(getNullableType(field.type))) return undefined;
    if (field.name === "edges" && type.name.endsWith("Connection")) return undefined;
    return 1 + cardinality * childComplexity;
  };
}

/**
 * How the cost of a document is counted: a field's own `complexity` (type-graphql's
 * `@Field({ complexity })`) if it declares one; else pagination-aware for fields with `first`;
 * else a list costs LIST_CARDINALITY times what is below it; else 1 per field plus what is below it.
 */
export const COST_ESTIMATORS: ComplexityEstimator[] = [fieldExtensionsEstimator(), paginationEstimator(), listEstimator(), simpleEstimator({ defaultComplexity: 1 })];

/** How many variable sets of one document keep their cost (a client's paging walks a handful). */
const COSTS_PER_DOCUMENT = 64;
/** Variables longer than this as JSON are costed every time: their key would weigh more than the work. */
const MAX_COST_KEY = 2_048;

/**
 * The cost of one operation of a document under some variables, computed once: Apollo hands every
 * request of the same query text the same parsed document, and walking it with the schema's
 * estimators was ~0.2 ms of every look-up (issue 13). The cost is a pure function of the schema
 * (fixed per server), the document, the operation and the variables, so it is keyed by all three.
 */
function costCache(): (document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>, compute: () => number) => number {
  const byDocument = new WeakMap<DocumentNode, Map<string, number>>();
  return (document, operationName, variables, compute) => {
    const key = `${operationName ?? ""}\u0000${JSON.stringify(variables)}`;
    if (key.length > MAX_COST_KEY) return compute();
    let costs = byDocument.get(document);
    if (!costs) byDocument.set(document, (costs = new Map()));
    const known = costs.get(key);
    if (known !== undefined) return known;
    const cost = compute();
    if (costs.size >= COSTS_PER_DOCUMENT) costs.delete(costs.keys().next().value!);
    costs.set(key, cost);
    return cost;
  };
}

function costLimitPlugin(maxCost: number): ApolloServerPlugin {
  const costOf = costCache();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          let cost: number;
          const variables = request.variables ?? {};
          const operationName = request.operationName ?? undefined;
          try {
            cost = costOf(document, operationName, variables, () => getComplexity({ schema, query: document, variables, operationName, estimators: COST_ESTIMATORS }));
          } catch {
            // Variables that do not coerce: execution rejects them with BAD_USER_INPUT (a throw is not kept).
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
 * The longest text a client may send in one argument or variable, in UTF-16 code units. Names of
 * places and organisations are tens of characters: this bounds abuse, not use. (It also kept names
 * under the 32 KB keys of the TEXT index on names, which served no statement and is gone since
 * migration 0013; 10 000 units are at most 30 000 bytes of UTF-8.)
 */
export const MAX_STRING_LENGTH = 10_000;

/**
 * The most items one list argument or variable may hold: the codes of a merger, split or event,
 * an organisation's places and leaders, the kinds of a filter. Real ones are a handful; a merger
 * of a whole district is some hundreds. Checked before any resolver runs, so no request makes the
 * hub walk 100 000 codes.
 */
export const MAX_LIST_LENGTH = 1_000;

/**
 * The largest number a client may send: 2^53 − 1. Beyond it a JSON number is no longer an exact
 * integer in JavaScript (nor in Neo4j's 64-bit values as the driver sends them), and no count,
 * version, page or area of this domain comes near it.
 */
export const MAX_NUMBER = Number.MAX_SAFE_INTEGER;

interface InputBounds {
  readonly maxLength: number;
  readonly maxItems: number;
}

/** The first value in the variables that is over a bound — a string too long or not well-formed, a list too long, a number too large — with where it is. */
function badValue(value: unknown, path: string, bounds: InputBounds): { path: string; problem: string } | undefined {
  if (typeof value === "string") {
    if (value.length > bounds.maxLength) return { path, problem: `is ${value.length} characters long; at most ${bounds.maxLength} are accepted` };
    // A lone surrogate is not a character: Neo4j would store U+FFFD instead, so the text would not be kept as sent.
    if (/\p{Cs}/u.test(value)) return { path, problem: "contains a lone surrogate (not well-formed Unicode)" };
    return undefined;
  }
  if (typeof value === "number") {
    return Math.abs(value) > MAX_NUMBER ? { path, problem: `is ${value}; numbers beyond ±${MAX_NUMBER} (2^53 − 1) are not accepted` } : undefined;
  }
  if (Array.isArray(value)) {
    if (value.length > bounds.maxItems) return { path, problem: `has ${value.length} items; at most ${bounds.maxItems} are accepted` };
    for (const [index, item] of value.entries()) {
      const found = badValue(item, `${path}[${index}]`, bounds);
      if (found) return found;
    }
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = badValue(item, `${path}.${key}`, bounds);
      if (found) return found;
    }
  }
  return undefined;
}

/** What is over a bound among the document's literals: a string too long, a list too long, a number too large (the parser already refuses lone surrogates). */
function badLiteral(document: DocumentNode, bounds: InputBounds): string | undefined {
  let found: string | undefined;
  visit(document, {
    [Kind.STRING](node) {
      if (found === undefined && node.value.length > bounds.maxLength) found = `A string in the document is ${node.value.length} characters long; at most ${bounds.maxLength} are accepted.`;
    },
    [Kind.LIST](node) {
      if (found === undefined && node.values.length > bounds.maxItems) found = `A list in the document has ${node.values.length} items; at most ${bounds.maxItems} are accepted.`;
    },
    [Kind.INT](node) {
      if (found === undefined && Math.abs(Number(node.value)) > MAX_NUMBER) found = `The number ${node.value} in the document is beyond ±${MAX_NUMBER} (2^53 − 1).`;
    },
    [Kind.FLOAT](node) {
      if (found === undefined && !(Math.abs(Number(node.value)) <= MAX_NUMBER)) found = `The number ${node.value} in the document is beyond ±${MAX_NUMBER} (2^53 − 1).`;
    },
  });
  return found;
}

/**
 * What a client sends is kept exactly as sent, or refused before anything runs: BAD_USER_INPUT
 * (HTTP 400) for a string longer than `maxLength` or not well-formed Unicode, a list of more than
 * `maxItems`, a number beyond 2^53 − 1 — in the variables or in the document. The request body
 * limit bounds everything else.
 */
function inputBoundsPlugin(bounds: InputBounds): ApolloServerPlugin {
  const extensions = { maxLength: bounds.maxLength, maxItems: bounds.maxItems, maxNumber: MAX_NUMBER, http: { status: 400 } };
  // The literals of a document never change: one walk per document Apollo parsed, not per request.
  const literalProblems = new WeakMap<DocumentNode, { problem: string | undefined }>();
  const badLiteralOf = (document: DocumentNode) => {
    let known = literalProblems.get(document);
    if (!known) literalProblems.set(document, (known = { problem: badLiteral(document, bounds) }));
    return known.problem;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const variable = badValue(request.variables ?? {}, "$", bounds);
          if (variable) {
            const where = variable.path.replace(/^\$\./, "$");
            throw new HubError("BAD_USER_INPUT", `The variable ${where} ${variable.problem}.`, { argument: where, ...extensions });
          }
          const literal = badLiteralOf(document);
          if (literal !== undefined) throw new HubError("BAD_USER_INPUT", literal, extensions);
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
    plugins: [...(armor.plugins as unknown as ApolloServerPlugin[]), inputBoundsPlugin({ maxLength: MAX_STRING_LENGTH, maxItems: MAX_LIST_LENGTH }), costLimitPlugin(limits.maxCost)],
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
