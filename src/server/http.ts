import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { HeaderMap, type ApolloServer } from "@apollo/server";
import type { Logger } from "pino";
import type { Viewer } from "../auth/index.js";
import { isHubError } from "../errors/index.js";
import { handleExport, isExportPath, type ReportDefinition } from "../exports/export.route.js";
import { handleWorkbookExport, WORKBOOK_PATH } from "../spreadsheet/workbook.route.js";
import { handleWorkbookImport, WORKBOOK_CONTENT_TYPES, WORKBOOK_IMPORT_PATH, workbookImportError } from "../spreadsheet/workbook-import.route.js";
import { requireWorkbookImporter } from "../spreadsheet/workbook-import.service.js";
import { CONSOLE_HEADERS, renderConsole } from "../console/console.js";
import type { HubMetrics } from "../metrics/index.js";
import type { HubContext } from "./context.js";
import { parseBookmarks } from "./bookmarks.js";

export interface HttpOptions {
  maxBodyBytes: number;
  /** Largest workbook POST /import/workbook.xlsx takes (HUB_MAX_WORKBOOK_BYTES). */
  maxWorkbookBytes?: number;
  /** Largest GraphQL answer sent (HUB_MAX_RESPONSE_BYTES); a bigger one is replaced by a LIMIT_EXCEEDED error. */
  maxResponseBytes?: number;
  logger: Logger;
  /** True when the hub can serve: Neo4j reachable and migrated. */
  isReady: () => Promise<boolean>;
  /** Who is asking, from the Authorization header; throws HubError UNAUTHENTICATED to refuse (401). */
  authenticate: (request: IncomingMessage) => Promise<Viewer>;
  /** The request's context; `bookmarks` (x-neo4j-bookmarks) are the state its reads must reach. */
  contextFor: (request: IncomingMessage, requestId: string, viewer: Viewer, bookmarks: readonly string[]) => Promise<object>;
  /** The CSV reports served at GET /export/<name>.csv (src/exports/registry.ts). */
  reports: Readonly<Record<string, ReportDefinition>>;
  /** Prometheus metrics at GET /metrics; undefined when HUB_METRICS=false. */
  metrics?: HubMetrics | undefined;
  /** True once the hub is stopping: /readyz answers 503 so a load balancer stops sending. */
  isDraining?: () => boolean;
}

/** The route label of a path in hub_http_responses_total: a fixed set, never the raw path. */
function routeOf(path: string): string {
  if (path === "/graphql") return "graphql";
  if (path === "/") return "console";
  if (path === "/healthz" || path === "/readyz") return "health";
  if (path === "/metrics") return "metrics";
  if (isExportPath(path) || path === WORKBOOK_PATH) return "export";
  if (path === WORKBOOK_IMPORT_PATH) return "import";
  return "other";
}

class PayloadTooLarge extends Error {}

/**
 * The body, at most `limit` bytes. A Content-Length over it is refused at once (413); a chunked
 * body found over it while reading is read on and dropped, so the client can still be told 413 (a
 * connection cut mid-upload reads as a network failure) — unless it keeps sending past 4 × the
 * limit, which is cut off.
 */
function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return readBodyBytes(request, limit).then((bytes) => bytes.toString("utf8"));
}

function readBodyBytes(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers["content-length"] ?? 0);
    if (declared > limit) {
      reject(new PayloadTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (tooLarge) {
        chunks.length = 0;
        if (size > 4 * limit) {
          reject(new PayloadTooLarge());
          request.destroy();
        }
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => (tooLarge ? reject(new PayloadTooLarge()) : resolve(Buffer.concat(chunks))));
    request.on("error", reject);
  });
}

/** Headers on every answer that is not GraphQL JSON: no sniffing a type, no framing by another site. */
export const DOCUMENT_HEADERS = {
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
} as const;

/** A request id the client sent, if it is a plain token (letters, digits, `.`, `_`, `:`, `-`; at most 64); else null, and the hub makes one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function clientRequestId(header: string | string[] | undefined): string | null {
  return typeof header === "string" && REQUEST_ID.test(header) ? header : null;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...DOCUMENT_HEADERS, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

function graphqlError(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { errors: [{ message, extensions: { code } }] });
}

/** The caller, or null after answering 401 (before any body is read: refusing costs next to nothing). */
async function authenticateOrRefuse(request: IncomingMessage, response: ServerResponse, options: HttpOptions, requestId: string): Promise<Viewer | null> {
  try {
    return await options.authenticate(request);
  } catch (error) {
    if (!isHubError(error) || error.code !== "UNAUTHENTICATED") throw error;
    options.logger.info({ requestId, reason: error.extensions.reason }, "request refused: not authenticated");
    response.setHeader("www-authenticate", error.extensions.reason === "missing" ? 'Bearer realm="dangjian-hub"' : 'Bearer realm="dangjian-hub", error="invalid_token"');
    response.setHeader("x-request-id", requestId);
    sendJson(response, 401, { errors: [{ message: error.message, extensions: { ...error.extensions } }] });
    return null;
  }
}

/** The request's bookmarks, or null after answering 400 for a malformed header. */
function bookmarksOrRefuse(request: IncomingMessage, response: ServerResponse): string[] | null {
  try {
    return parseBookmarks(request.headers["x-neo4j-bookmarks"]);
  } catch (error) {
    if (!isHubError(error)) throw error;
    sendJson(response, 400, { errors: [{ message: error.message, extensions: { ...error.extensions } }] });
    return null;
  }
}

async function handleExportRequest(request: IncomingMessage, response: ServerResponse, options: HttpOptions, requestId: string, url: URL): Promise<void> {
  const viewer = await authenticateOrRefuse(request, response, options, requestId);
  if (!viewer) return;
  const bookmarks = bookmarksOrRefuse(request, response);
  if (!bookmarks) return;
  const context = (await options.contextFor(request, requestId, viewer, bookmarks)) as HubContext;
  const result = url.pathname === WORKBOOK_PATH ? await handleWorkbookExport(url.searchParams, context) : await handleExport(url.pathname, url.searchParams, context, options.reports);
  response.writeHead(result.status, { ...DOCUMENT_HEADERS, ...result.headers, "x-request-id": requestId, "content-length": Buffer.byteLength(result.body) });
  response.end(result.body);
}

/** Default of HUB_MAX_WORKBOOK_BYTES: the whole Longhutang seed is 122 kB as a workbook. */
export const DEFAULT_MAX_WORKBOOK_BYTES = 10_000_000;

/** POST /import/workbook.xlsx: who, then may they import, then the content type and size — only then the body. */
async function handleWorkbookImportRequest(request: IncomingMessage, response: ServerResponse, options: HttpOptions, requestId: string, url: URL): Promise<void> {
  const viewer = await authenticateOrRefuse(request, response, options, requestId);
  if (!viewer) return;
  const bookmarks = bookmarksOrRefuse(request, response);
  if (!bookmarks) return;
  const context = (await options.contextFor(request, requestId, viewer, bookmarks)) as HubContext;
  const send = (result: { status: number; headers: Record<string, string>; body: Buffer }): void => {
    response.writeHead(result.status, { ...DOCUMENT_HEADERS, ...result.headers, "x-request-id": requestId, "content-length": Buffer.byteLength(result.body) });
    response.end(result.body);
  };
  try {
    requireWorkbookImporter(context);
  } catch (error) {
    if (!isHubError(error)) throw error;
    // Nothing of the body is read: the connection closes rather than draining an upload refused.
    response.setHeader("connection", "close");
    send(workbookImportError(403, error.code, error.message));
    return;
  }
  const contentType = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (!(WORKBOOK_CONTENT_TYPES as readonly string[]).includes(contentType)) {
    response.setHeader("connection", "close");
    send(workbookImportError(415, "BAD_USER_INPUT", `The body must be an .xlsx workbook (content-type ${WORKBOOK_CONTENT_TYPES.join(" or ")}), not "${contentType}".`));
    return;
  }
  const limit = options.maxWorkbookBytes ?? DEFAULT_MAX_WORKBOOK_BYTES;
  let bytes: Buffer;
  try {
    bytes = await readBodyBytes(request, limit);
  } catch (error) {
    if (!(error instanceof PayloadTooLarge)) throw error;
    send(workbookImportError(413, "BAD_USER_INPUT", `The workbook exceeds ${limit} bytes (HUB_MAX_WORKBOOK_BYTES).`));
    return;
  }
  send(await handleWorkbookImport(url.searchParams, bytes, context));
}

async function handleGraphql(
  apollo: ApolloServer<object>,
  request: IncomingMessage,
  response: ServerResponse,
  options: HttpOptions,
  requestId: string,
): Promise<void> {
  const viewer = await authenticateOrRefuse(request, response, options, requestId);
  if (!viewer) return;
  const bookmarks = bookmarksOrRefuse(request, response);
  if (!bookmarks) return;
  let body: unknown = undefined;
  if (request.method === "POST") {
    let text: string;
    try {
      text = await readBody(request, options.maxBodyBytes);
    } catch (error) {
      if (error instanceof PayloadTooLarge) {
        graphqlError(response, 413, "BAD_USER_INPUT", `Request body exceeds ${options.maxBodyBytes} bytes.`);
        return;
      }
      throw error;
    }
    const contentType = request.headers["content-type"] ?? "";
    if (text.length > 0 && contentType.includes("application/json")) {
      try {
        body = JSON.parse(text);
      } catch {
        graphqlError(response, 400, "BAD_USER_INPUT", "The request body is not valid JSON.");
        return;
      }
    } else {
      body = text;
    }
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  const url = new URL(request.url ?? "/", "http://localhost");
  const result = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: request.method ?? "GET", headers, search: url.search, body },
    context: () => options.contextFor(request, requestId, viewer, bookmarks),
  });
  for (const [key, value] of result.headers) response.setHeader(key, value);
  response.setHeader("x-request-id", requestId);
  response.statusCode = result.status ?? 200;
  if (result.body.kind === "complete") {
    const limit = options.maxResponseBytes;
    if (limit !== undefined && Buffer.byteLength(result.body.string) > limit) {
      // The cost limit keeps answers small; this is the backstop for what the cost model misjudges.
      options.logger.warn({ requestId, bytes: Buffer.byteLength(result.body.string), limit }, "answer over the response size limit");
      for (const name of response.getHeaderNames()) if (name !== "x-request-id") response.removeHeader(name);
      sendJson(response, 400, {
        errors: [
          {
            message: `The answer would be over ${limit} bytes: ask for smaller pages (first), fewer fields or fewer aliases.`,
            extensions: { code: "LIMIT_EXCEEDED", limit: "response", max: limit },
          },
        ],
      });
      return;
    }
    response.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) response.write(chunk);
  response.end();
}

/**
 * Plain node:http in front of Apollo: the console (/), /graphql, /healthz, /readyz and the CSV
 * exports. The hub's port serves it; the dashboard's port (src/dashboard) hands its API paths to it.
 */
export function createRequestHandler(apollo: ApolloServer<object>, options: HttpOptions): RequestListener {
  const consolePage = renderConsole(options.reports);
  return (request, response) => {
    // A client's id goes into log lines and the audit log: only a plain token is kept.
    const requestId = clientRequestId(request.headers["x-request-id"]) ?? randomUUID();
    const url = new URL(request.url ?? "/", "http://localhost");
    const path = url.pathname;
    const draining = options.isDraining?.() ?? false;
    // A draining replica tells keep-alive clients to reconnect, so the balancer can move them.
    if (draining) response.setHeader("connection", "close");
    if (options.metrics) {
      const metrics = options.metrics;
      response.once("finish", () => metrics.countHttp(routeOf(path), response.statusCode));
    }
    const done = (error?: unknown): void => {
      if (error) {
        options.logger.error({ err: error, requestId }, "request failed");
        if (!response.headersSent) graphqlError(response, 500, "INTERNAL_SERVER_ERROR", "Internal server error.");
        else response.end();
      }
    };
    if (path === "/" && request.method === "GET") {
      response.writeHead(200, CONSOLE_HEADERS);
      response.end(consolePage);
    } else if (path === "/healthz") {
      sendJson(response, 200, { status: "alive" });
    } else if (path === "/readyz" && draining) {
      sendJson(response, 503, { status: "draining" });
    } else if (path === "/metrics" && options.metrics && request.method === "GET") {
      const metrics = options.metrics;
      metrics.text().then((text) => {
        response.writeHead(200, { "content-type": metrics.contentType, "content-length": Buffer.byteLength(text) });
        response.end(text);
      }, done);
    } else if (path === "/readyz") {
      options.isReady().then(
        (ready) => sendJson(response, ready ? 200 : 503, { status: ready ? "ready" : "unavailable" }),
        done,
      );
    } else if (path === "/graphql") {
      handleGraphql(apollo, request, response, options, requestId).then(() => done(), done);
    } else if (path === WORKBOOK_IMPORT_PATH && request.method === "POST") {
      handleWorkbookImportRequest(request, response, options, requestId, url).then(() => done(), done);
    } else if ((isExportPath(path) || path === WORKBOOK_PATH) && request.method === "GET") {
      handleExportRequest(request, response, options, requestId, url).then(() => done(), done);
    } else {
      sendJson(response, 404, { error: "Not found. GraphQL is served at /graphql, the console at /." });
    }
  };
}
