import type { ApolloServerPlugin } from "@apollo/server";
import { OperationTypeNode } from "graphql";
import { HubError } from "../errors/index.js";
import type { HubContext } from "./context.js";

/** The request header a client sends its bookmarks in, and the response header that returns them. */
export const BOOKMARK_HEADER = "x-neo4j-bookmarks";

/** Neo4j 5 bookmarks: "FB:" and base64. A request may carry a few (writes through several replicas). */
const BOOKMARK = /^FB:[A-Za-z0-9+/]{4,512}={0,2}$/;
const MAX_BOOKMARKS = 16;

/**
 * The bookmarks of an `x-neo4j-bookmarks` header (comma-separated, or the header repeated):
 * BAD_USER_INPUT, before anything runs, unless each looks like a Neo4j bookmark. Neo4j itself
 * refuses a well-formed one it never issued (also BAD_USER_INPUT, src/database/executor.ts).
 */
export function parseBookmarks(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  const values = (Array.isArray(header) ? header : [header]).flatMap((value) => value.split(",")).map((value) => value.trim()).filter((value) => value !== "");
  if (values.length > MAX_BOOKMARKS) {
    throw new HubError("BAD_USER_INPUT", `At most ${MAX_BOOKMARKS} bookmarks in ${BOOKMARK_HEADER}; send the latest ones.`, { argument: BOOKMARK_HEADER });
  }
  for (const value of values) {
    if (!BOOKMARK.test(value)) {
      throw new HubError("BAD_USER_INPUT", `${BOOKMARK_HEADER} holds something that is not a Neo4j bookmark.`, { argument: BOOKMARK_HEADER });
    }
  }
  return [...new Set(values)];
}

/**
 * Read-your-writes for clients (docs/OPERATIONS.md): the response to a mutation carries the
 * bookmarks of its transaction in `extensions.bookmarks` and the x-neo4j-bookmarks header; a later
 * request that sends them back reads at least that state, whichever replica or cluster member serves it.
 */
export function bookmarkPlugin(): ApolloServerPlugin<HubContext> {
  return {
    requestDidStart: async () => ({
      willSendResponse: async ({ operation, response, contextValue }) => {
        if (operation?.operation !== OperationTypeNode.MUTATION || response.body.kind !== "single") return;
        const bookmarks = await contextValue.db.bookmarks();
        if (bookmarks.length === 0) return;
        const result = response.body.singleResult;
        result.extensions = { ...result.extensions, bookmarks };
        response.http.headers.set(BOOKMARK_HEADER, bookmarks.join(","));
      },
    }),
  };
}
