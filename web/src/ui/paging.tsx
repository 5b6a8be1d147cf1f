import { useEffect, useId, useRef, useState } from "react";
import { useClient } from "urql";
import type { CombinedError, DocumentInput } from "@urql/core";
import { maxPageSize, PAGE_SIZE, PAGE_SIZE_CHOICES } from "../pages";
import { useI18n } from "./context";

/** A Relay connection as the hub answers it (every list that can be long is one). */
export interface Connection<Node> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: Node }[];
}


export interface Paged<Node> {
  /** Every row loaded so far, in the connection's order. */
  nodes: Node[];
  /** How many rows the connection has in all (known once the first page is in). */
  totalCount: number | undefined;
  /** True while another page follows the last one loaded. */
  hasMore: boolean;
  fetching: boolean;
  error: CombinedError | undefined;
  /** Asks for the next page. */
  more(): void;
  /** Asks for every page that is left. */
  loadAll(): void;
  /** True once every row is loaded. */
  complete: boolean;
  /** Rows per page, and the sizes this list may be read in. */
  pageSize: number;
  pageSizes: readonly number[];
  setPageSize(size: number): void;
}

interface Pages<Node> {
  key: string;
  pages: Connection<Node>[];
  fetching: boolean;
  error: CombinedError | undefined;
}

/**
 * A connection read page by page with `first`/`after` through the normalised client (each page
 * is cached like any query): the first page at once, the next on `more()`, or every page (`all`,
 * for a print view or a chart that must hold every row). Variables that change start again.
 */
export function usePaged<Node>(
  query: DocumentInput,
  variables: Record<string, unknown>,
  pick: (data: unknown) => Connection<Node> | null | undefined,
  options: { pageSize?: number; all?: boolean; pause?: boolean } = {},
): Paged<Node> {
  const client = useClient();
  const operation = operationName(query);
  const largest = maxPageSize(operation);
  const [chosen, setPageSize] = useState(Math.min(options.pageSize ?? PAGE_SIZE, largest));
  const pageSize = options.all ? largest : chosen;
  const key = JSON.stringify([operation, pageSize, variables]);
  const [state, setState] = useState<Pages<Node>>({ key, pages: [], fetching: false, error: undefined });
  const [wanted, setWanted] = useState<{ key: string; pages: number }>({ key, pages: 1 });
  const pagesWanted = options.all ? Number.POSITIVE_INFINITY : wanted.key === key ? wanted.pages : 1;
  // The latest arguments, read by the loop without restarting it.
  const latest = useRef({ query, variables, pick, pageSize, pages: state.key === key ? state.pages : [] });
  latest.current = { query, variables, pick, pageSize, pages: state.key === key ? state.pages : [] };

  useEffect(() => {
    if (options.pause) return undefined;
    let cancelled = false;
    void (async () => {
      let pages = latest.current.pages;
      const wantsMore = () => pages.length < pagesWanted && (pages.length === 0 || pages[pages.length - 1]!.pageInfo.hasNextPage);
      if (!wantsMore()) return;
      setState({ key, pages, fetching: true, error: undefined });
      while (!cancelled && wantsMore()) {
        const { query: document, variables: given, pick: read, pageSize: first } = latest.current;
        const after = pages.length === 0 ? null : pages[pages.length - 1]!.pageInfo.endCursor;
        const result = await client.query(document, { ...given, first, after }).toPromise();
        if (cancelled) return;
        const connection = result.error ? undefined : read(result.data);
        if (!connection) {
          setState({ key, pages, fetching: false, error: result.error });
          return;
        }
        pages = [...pages, connection];
        setState({ key, pages, fetching: wantsMore(), error: undefined });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [client, key, pagesWanted, options.pause]);

  const pages = state.key === key ? state.pages : [];
  const last = pages[pages.length - 1];
  const hasMore = last === undefined || last.pageInfo.hasNextPage;
  return {
    nodes: pages.flatMap((page) => page.edges.map((edge) => edge.node)),
    totalCount: pages[0]?.totalCount,
    hasMore: last !== undefined && last.pageInfo.hasNextPage,
    fetching: (state.key === key && state.fetching) || (!options.pause && last === undefined && state.error === undefined),
    error: state.key === key ? state.error : undefined,
    more: () => setWanted({ key, pages: pages.length + 1 }),
    loadAll: () => setWanted({ key, pages: Number.POSITIVE_INFINITY }),
    complete: !hasMore,
    pageSize,
    pageSizes: PAGE_SIZE_CHOICES.filter((size) => size <= largest),
    setPageSize,
  };
}

function operationName(query: DocumentInput): string {
  if (typeof query === "string") return /\b(?:query|subscription)\s+(\w+)/.exec(query)?.[1] ?? "";
  for (const definition of query.definitions) if (definition.kind === "OperationDefinition") return definition.name?.value ?? "";
  return "";
}

/** Under a paged table: how many rows are shown of how many, and buttons for the next page and for all. */
export function PageFooter({ paged, testId }: { paged: Paged<unknown>; testId?: string }) {
  const { t, f } = useI18n();
  const sizeId = useId();
  if (paged.totalCount === undefined) return null;
  return (
    <p className="pager" data-testid={testId} data-shown={paged.nodes.length} data-total={paged.totalCount}>
      {paged.totalCount > Math.min(...paged.pageSizes) ? (
        <>
          <label htmlFor={sizeId}>{t("perPage")}</label>
          <select id={sizeId} value={paged.pageSize} onChange={(event) => paged.setPageSize(Number(event.target.value))} data-testid={testId ? `${testId}-size` : undefined}>
            {paged.pageSizes.map((size) => (
              <option key={size} value={size}>
                {f.number(size)}
              </option>
            ))}
          </select>
        </>
      ) : null}
      <span aria-live="polite">
        {t("shown")} {f.number(paged.nodes.length)} / {f.number(paged.totalCount)}
      </span>
      {paged.hasMore ? (
        <>
          <button type="button" onClick={paged.more} disabled={paged.fetching} data-testid={testId ? `${testId}-more` : undefined}>
            {t("loadMore")}
          </button>
          <button type="button" onClick={paged.loadAll} disabled={paged.fetching}>
            {t("loadAll")}
          </button>
        </>
      ) : null}
      {paged.fetching ? <span className="status"> {t("loading")}</span> : null}
    </p>
  );
}
