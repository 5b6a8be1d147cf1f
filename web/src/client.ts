import { Client, fetchExchange } from "@urql/core";
import { cacheExchange, type KeyGenerator } from "@urql/exchange-graphcache";
import { ENTITY_LABELS } from "../../src/graph/vocabulary";

/** The token lives for the tab only (sessionStorage): closing the tab signs out. */
const TOKEN_KEY = "dangjian-hub.token";

export function storedToken(): string {
  return sessionStorage.getItem(TOKEN_KEY) ?? "";
}

export function storeToken(token: string): void {
  if (token === "") sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

export function authHeaders(token: string): Record<string, string> {
  return token === "" ? {} : { authorization: `Bearer ${token}` };
}

/**
 * Entities are normalised by `id` (every query selects `id` and `code`). The hub's ids name a
 * snapshot (label, code and date), so a place as of 2020-06-30 and the same place as of
 * 2020-07-01 are two records and never overwrite each other's date-dependent fields. Types
 * without an identity (reports, rates, figures, edges) are embedded in their parent.
 */
const embedded: KeyGenerator = () => null;

/**
 * Until every hub answers snapshot ids, an entity's key adds the date it was read as of, so a
 * date-independent id still gives one record per date. With snapshot ids this adds nothing.
 */
const snapshot: KeyGenerator = (data) => {
  const id = data.id;
  if (typeof id !== "string") return null;
  return typeof data.asOf === "string" && !id.includes(data.asOf) ? `${id}@${data.asOf}` : id;
};
/**
 * The GraphQL types with an identity are the graph's entity labels (src/graph/vocabulary.ts, the
 * one list the schema is built from); every other type (reports, rates, figures, edges,
 * connections, page info) has none and is embedded in its parent.
 */
const IDENTIFIED: ReadonlySet<string> = new Set(ENTITY_LABELS);
const KEYS: Record<string, KeyGenerator> = new Proxy({} as Record<string, KeyGenerator>, {
  get: (_target, typename) => (typeof typename === "string" && IDENTIFIED.has(typename) ? snapshot : embedded),
});

export function createClient(token: string): Client {
  return new Client({
    url: "/graphql",
    preferGetMethod: false,
    requestPolicy: "cache-first",
    fetchOptions: () => ({ headers: authHeaders(token) }),
    exchanges: [
      cacheExchange({
        keys: KEYS,
      }),
      fetchExchange,
    ],
  });
}

/** The stable `extensions.code` of the first GraphQL error (docs/ERRORS.md), if any. */
export function errorCode(error: { graphQLErrors?: readonly { extensions?: Record<string, unknown> }[]; response?: { status?: number } } | undefined): string | undefined {
  const code = error?.graphQLErrors?.[0]?.extensions?.code;
  if (typeof code === "string") return code;
  if (error?.response?.status === 401) return "UNAUTHENTICATED";
  return error === undefined ? undefined : "NETWORK";
}

/** GET /export/<report>.csv with the token, bytes as sent (UTF-8 with the byte-order mark spreadsheets need). */
export async function fetchCsv(token: string, report: string, params: Record<string, string>): Promise<{ filename: string; blob: Blob }> {
  const search = new URLSearchParams(params);
  const response = await fetch(`/export/${report}.csv?${search.toString()}`, { headers: authHeaders(token) });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { errors?: { message?: string; extensions?: { code?: string } }[] };
    const first = body.errors?.[0];
    throw new Error(`${first?.extensions?.code ?? response.status}: ${first?.message ?? response.statusText}`);
  }
  const disposition = response.headers.get("content-disposition") ?? "";
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `${report}.csv`;
  return { filename, blob: await response.blob() };
}

/** Saves bytes as a file through a blob URL (no second request, nothing leaves the origin). */
export function saveFile(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
