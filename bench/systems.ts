import http from "node:http";
import type { connectDriver, Row } from "../src/database/index.js";
import { fromNeo4j, toNeo4j } from "../src/database/index.js";
import type { GraphqlRequest, RawRequest } from "./workloads.js";

type Driver = ReturnType<typeof connectDriver>;

/** The three systems under test. */
export const SYSTEMS = ["hub", "raw", "neo4jGraphql"] as const;
export type SystemName = (typeof SYSTEMS)[number];

/** A GraphQL error answer (the benchmark treats it as a failed request, never as an answer). */
export class RequestError extends Error {}

/**
 * Keep-alive sockets for the HTTP systems, as a GraphQL client in a service would hold them. The
 * client is plain node:http rather than fetch: undici's fetch spent ~0.3 ms of CPU per request on
 * the client side (a third of a look-up's whole Node time), the same for the hub and @neo4j/graphql,
 * which blurred both against the raw floor, which has no client at all.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** POSTs one GraphQL request and returns its data; errors and non-200 answers throw. */
export function postGraphql(url: string, request: GraphqlRequest, headers: Record<string, string> = {}): Promise<unknown> {
  const payload = Buffer.from(JSON.stringify(request));
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": payload.length, ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { data?: unknown; errors?: unknown[] };
          if (body.errors || response.statusCode !== 200) reject(new RequestError(`HTTP ${response.statusCode}: ${JSON.stringify(body.errors ?? body).slice(0, 800)}`));
          else resolve(body.data);
        } catch (error) {
          reject(new RequestError(`HTTP ${response.statusCode}: not JSON (${(error as Error).message})`));
        }
      });
    });
    outgoing.on("error", reject);
    outgoing.end(payload);
  });
}

/**
 * The floor: the hand-written statements of one request in one managed transaction through the
 * driver, each result mapped to plain values once, as any application would.
 */
export async function runRaw(driver: Driver, request: RawRequest): Promise<Row[][]> {
  const session = driver.session({ defaultAccessMode: request.mode === "READ" ? "READ" : "WRITE" });
  try {
    const work = async (tx: { run: (cypher: string, params: Record<string, unknown>) => Promise<{ records: { toObject(): Record<string, unknown> }[] }> }) => {
      const results: Row[][] = [];
      for (const statement of request.statements) {
        const result = await tx.run(statement.cypher, toNeo4j(statement.params ?? {}) as Record<string, unknown>);
        results.push(result.records.map((record) => fromNeo4j(record.toObject()) as Row));
      }
      return results;
    };
    return request.mode === "READ" ? await session.executeRead(work) : await session.executeWrite(work);
  } finally {
    await session.close();
  }
}

/**
 * A driver that counts the Cypher statements sent through it, so the benchmark can report
 * statements per request for @neo4j/graphql as it does for the hub (whose executor reports them).
 */
export function countingDriver(driver: Driver): { driver: Driver; statements: () => number } {
  let count = 0;
  const countRuns = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver) as unknown;
        if (typeof value !== "function") return value;
        if (property === "run") {
          return (...args: unknown[]) => {
            count++;
            return (value as (...inner: unknown[]) => unknown).apply(object, args);
          };
        }
        if (property === "executeRead" || property === "executeWrite") {
          return (work: (tx: object) => unknown, ...rest: unknown[]) => (value as (...inner: unknown[]) => unknown).call(object, (tx: object) => work(countRuns(tx)), ...rest);
        }
        if (property === "beginTransaction") return (...args: unknown[]) => countRuns((value as (...inner: unknown[]) => object).apply(object, args));
        return (value as (...inner: unknown[]) => unknown).bind(object);
      },
    });
  const counted = new Proxy(driver, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (property === "session") return (...args: unknown[]) => countRuns((value as (...inner: unknown[]) => object).apply(object, args));
      if (property === "executeQuery") {
        return (...args: unknown[]) => {
          count++;
          return (value as (...inner: unknown[]) => unknown).apply(object, args);
        };
      }
      return typeof value === "function" ? (value as (...inner: unknown[]) => unknown).bind(object) : value;
    },
  });
  return { driver: counted, statements: () => count };
}
