import { inject } from "vitest";
import { loadConfig, type HubConfig } from "../../src/config/index.js";
import { createLogger, startHub, type Hub } from "../../src/server/hub.js";

/** Configuration for a hub on the run's test Neo4j, on a free HTTP port, quiet logs. */
export function testHubConfig(env: Record<string, string> = {}): HubConfig {
  return loadConfig({
    NEO4J_URI: inject("neo4jUri"),
    NEO4J_USERNAME: inject("neo4jUsername"),
    NEO4J_PASSWORD: inject("neo4jPassword"),
    HUB_PORT: "0",
    LOG_LEVEL: "silent",
    HUB_INITIAL_SEED: "",
    ...env,
  });
}

export function startTestHub(env: Record<string, string> = {}): Promise<Hub> {
  const config = testHubConfig(env);
  return startHub(config, createLogger(config));
}

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[];
}

/** Sends a real GraphQL request over HTTP. */
export async function postGraphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphqlResponse<T>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphqlResponse<T>, "status">;
  return { status: response.status, ...body };
}
