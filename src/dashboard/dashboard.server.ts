import { createServer, type RequestListener, type Server } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { PROJECT_ROOT } from "../database/index.js";

/** Where `npm run build:web` (vite, web/vite.config.ts) writes the dashboard. */
export const DASHBOARD_ROOT = join(PROJECT_ROOT, "dist", "web");

/** Paths the dashboard's port hands to the hub's own handler: the public API and nothing else. */
const API_PATH = /^\/(graphql|healthz|readyz)$|^\/export\/[a-z0-9-]+\.csv$|^\/export\/workbook\.xlsx$|^\/import\/workbook\.xlsx$/;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".ttf": "font/ttf",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Everything from this origin and nothing from elsewhere: the browser itself refuses a request
 * to another host. Inline styles are allowed because ECharts and GraphiQL position with them;
 * workers (GraphiQL's editor) come from this origin or blob: URLs it makes.
 */
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
  "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

const NOT_BUILT = `The dashboard is not built. Run: npm run build:web (npm start does it), then reload.\n`;

/** The encodings the build writes beside each compressible file (web/precompress.ts), best first. */
const ENCODINGS = [
  { name: "br", suffix: ".br" },
  { name: "gzip", suffix: ".gz" },
] as const;

/**
 * Whether an Accept-Encoding header takes `name`: listed (or `*`) with a q-value above 0.
 * `identity` needs no asking.
 */
export function acceptsEncoding(header: string | undefined, name: string): boolean {
  if (!header) return false;
  let star = false;
  for (const part of header.split(",")) {
    const [token = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
    const accepted = q === undefined || Number(q) > 0;
    if (token === name) return accepted;
    if (token === "*") star = accepted;
  }
  return star;
}

/** The precompressed copy of `file` the client takes, if the build wrote one. */
async function encodedFile(file: string, acceptEncoding: string | undefined): Promise<{ file: string; encoding: string | undefined }> {
  for (const { name, suffix } of ENCODINGS) if (acceptsEncoding(acceptEncoding, name) && (await isFile(file + suffix))) return { file: file + suffix, encoding: name };
  return { file, encoding: undefined };
}

/** The file a request path names inside `root`, or undefined when it would leave it. */
function fileFor(root: string, path: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const file = normalize(join(root, decoded));
  return file === root || file.startsWith(root + sep) ? file : undefined;
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (info) => info.isFile(),
    () => false,
  );
}

/**
 * The dashboard's own port: the built single-page app from `root` (any path without a file is the
 * app, so a bookmarked view loads), and the hub's API paths (GraphQL, CSV exports, health) answered
 * by the hub's own handler, so the page talks to its own origin only and needs no CORS.
 */
export function createDashboardServer(api: RequestListener, root: string = DASHBOARD_ROOT): Server {
  return createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (API_PATH.test(url.pathname)) {
      api(request, response);
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
      response.end("Method not allowed.\n");
      return;
    }
    void (async () => {
      const named = fileFor(root, url.pathname);
      if (named === undefined) {
        response.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
        response.end("Bad path.\n");
        return;
      }
      const asset = url.pathname !== "/" && (await isFile(named));
      if (!asset && extname(url.pathname) !== "") {
        response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
        response.end("Not found.\n");
        return;
      }
      const file = asset ? named : join(root, "index.html");
      const encoded = await encodedFile(file, request.headers["accept-encoding"]);
      let body: Buffer;
      try {
        body = await readFile(encoded.file);
      } catch {
        response.writeHead(503, { "content-type": "text/plain; charset=utf-8", "retry-after": "30" });
        response.end(NOT_BUILT);
        return;
      }
      const hashed = url.pathname.startsWith("/assets/");
      response.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "content-length": body.length,
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
        // Compressed or not by the request's Accept-Encoding: a shared cache keeps both.
        vary: "accept-encoding",
        ...(encoded.encoding ? { "content-encoding": encoded.encoding } : {}),
        ...(file.endsWith(".html") ? { "content-security-policy": DASHBOARD_CSP } : {}),
      });
      response.end(request.method === "HEAD" ? undefined : body);
    })().catch(() => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end();
    });
  });
}
