import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type DocumentNode, type OperationDefinitionNode } from "graphql";
import type { Database } from "../database/index.js";
import type { HubContext } from "../server/context.js";

/**
 * Operation names come from clients: they become a label only when they look like a GraphQL name,
 * and only the first MAX_OPERATIONS distinct ones do, so a client cannot blow up the series count
 * (or put free text — possibly a person's name — into the metrics).
 */
const MAX_OPERATIONS = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** A client's operation name when it is a well-formed GraphQL name, else `anonymous` or `invalid`. */
export function safeOperationName(name: string | null | undefined): string {
  if (name === null || name === undefined || name === "") return "anonymous";
  return OPERATION_NAME.test(name) ? name : "invalid";
}

/** The operation name a request was written with (also for a document that failed validation). */
export function writtenOperationName(request: { operationName?: string | null | undefined }, operationName: string | null | undefined, document: DocumentNode | undefined): string {
  const written = document?.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode | undefined;
  return safeOperationName(operationName ?? request.operationName ?? written?.name?.value);
}

/** Seconds: from sub-millisecond look-ups to the transaction limit. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

/** The hub's Prometheus metrics (GET /metrics, docs/OPERATIONS.md): one registry per hub. */
export class HubMetrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly requests: Counter<"operation" | "role" | "outcome">;
  private readonly requestSeconds: Histogram<"operation">;
  private readonly httpResponses: Counter<"route" | "status">;
  private readonly statements: Counter<"query" | "mode">;
  private readonly statementSeconds: Histogram<"query">;

  constructor(db: Database, neo4jUp: () => Promise<boolean>) {
    collectDefaultMetrics({ register: this.registry, prefix: "hub_" });
    this.requests = new Counter({
      name: "hub_graphql_requests_total",
      help: "GraphQL requests by operation name, role and outcome (OK, or the first error's extensions.code).",
      labelNames: ["operation", "role", "outcome"],
      registers: [this.registry],
    });
    this.requestSeconds = new Histogram({
      name: "hub_graphql_request_duration_seconds",
      help: "GraphQL request latency by operation name, from parsed request to response.",
      labelNames: ["operation"],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
    this.httpResponses = new Counter({
      name: "hub_http_responses_total",
      help: "HTTP responses by route (graphql, export, console, health, metrics, other) and status code.",
      labelNames: ["route", "status"],
      registers: [this.registry],
    });
    this.statements = new Counter({
      name: "hub_neo4j_statements_total",
      help: "Cypher statements run, by named query and access mode.",
      labelNames: ["query", "mode"],
      registers: [this.registry],
    });
    this.statementSeconds = new Histogram({
      name: "hub_neo4j_statement_duration_seconds",
      help: "Cypher statement latency (round trip and result decoding) by named query.",
      labelNames: ["query"],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
    new Gauge({
      name: "hub_neo4j_sessions_in_use",
      help: "Neo4j sessions open right now (each holds one pooled connection while it runs).",
      registers: [this.registry],
      collect() {
        this.set(db.sessionsInUse);
      },
    });
    new Gauge({
      name: "hub_neo4j_up",
      help: "1 when Neo4j answered a ping at scrape time (within a second), else 0.",
      registers: [this.registry],
      async collect() {
        this.set((await neo4jUp()) ? 1 : 0);
      },
    });
    db.onQuery((event) => {
      this.statements.inc({ query: event.name, mode: event.mode });
      this.statementSeconds.observe({ query: event.name }, event.ms / 1000);
    });
  }

  /** The label a safe operation name gets: itself while it is among the first MAX_OPERATIONS seen. */
  operationLabel(name: string): string {
    if (name === "anonymous" || name === "invalid" || this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATIONS) return "other";
    this.operations.add(name);
    return name;
  }

  countHttp(route: string, status: number): void {
    this.httpResponses.inc({ route, status: String(status) });
  }

  /** Counts every GraphQL request once, with its outcome and latency, whatever stage it ended in. */
  apolloPlugin(): ApolloServerPlugin<HubContext> {
    return {
      requestDidStart: async () => {
        const started = performance.now();
        return {
          willSendResponse: async ({ request, operationName, document, response, contextValue, errors }) => {
            const operation = this.operationLabel(writtenOperationName(request, operationName, document));
            const body = response.body.kind === "single" ? response.body.singleResult : undefined;
            const firstError = errors?.[0] ?? body?.errors?.[0];
            const code = firstError?.extensions?.code;
            const outcome = firstError === undefined ? "OK" : typeof code === "string" ? code : "INTERNAL_SERVER_ERROR";
            this.requests.inc({ operation, role: contextValue.viewer.role, outcome });
            this.requestSeconds.observe({ operation }, (performance.now() - started) / 1000);
          },
        };
      },
    };
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
