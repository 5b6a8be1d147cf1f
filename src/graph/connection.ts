// type-graphql decorators need the metadata API; services are also imported without the schema (CLI, benchmarks, tests).
import "reflect-metadata";
import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { HubError } from "../errors/index.js";
import { LocalDate, NonNegativeInt } from "./scalars.js";

/** Page sizes: `first` defaults to DEFAULT_PAGE_SIZE and may not exceed MAX_PAGE_SIZE. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ObjectType({ description: "Relay page information." })
export class PageInfo {
  @Field(() => Boolean, { description: "True when more items follow this page." })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: "True when this page was asked for after a cursor (items come before it)." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the first item of this page." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "Cursor of the last item; pass it as `after` for the next page." })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `How many items (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Return items after this cursor (an endCursor from a previous page)." })
  after?: string | null;

  @Field(() => LocalDate, { nullable: true, description: "See the graph as of this date (default: today)." })
  asOf?: string | null;
}

export interface Page<T> {
  readonly edges: readonly { cursor: string; node: T }[];
  readonly pageInfo: PageInfo;
  /** Counted only when the client selects it. */
  readonly totalCount: Promise<number>;
}

/** Items are ordered by code; the cursor is the code, opaque to clients. */
export function encodeCursor(code: string): string {
  return Buffer.from(`c:${code}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string | null | undefined): string | null {
  if (cursor === null || cursor === undefined) return null;
  const decoded = Buffer.from(cursor, "base64url").toString("utf8");
  if (!decoded.startsWith("c:") || encodeCursor(decoded.slice(2)) !== cursor) {
    throw new HubError("BAD_USER_INPUT", "The cursor is not one this API gave out.", { argument: "after" });
  }
  return decoded.slice(2);
}

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new HubError("BAD_USER_INPUT", `first must be between 0 and ${MAX_PAGE_SIZE}.`, { argument: "first", max: MAX_PAGE_SIZE });
  }
  return first;
}

/**
 * Builds a page from `size + 1` fetched items (the extra one only tells whether more follow) and a
 * counting function that runs only if `totalCount` is read.
 */
export function toPage<T extends { code: string }>(fetched: readonly T[], size: number, after: string | null, count: () => Promise<number>): Page<T> {
  const items = fetched.slice(0, size);
  const edges = items.map((node) => ({ cursor: encodeCursor(node.code), node }));
  let counted: Promise<number> | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage: fetched.length > size,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    get totalCount() {
      counted ??= count();
      return counted;
    },
  };
}

/** The Relay connection type of an item type: `<Name>Connection` with `<Name>Edge`. */
export function connectionType<T extends object>(item: ClassType<T>, name: string, what: string): ClassType {
  @ObjectType(`${name}Edge`, { description: `One ${what} in a page, with its cursor.` })
  class Edge {
    @Field(() => String, { description: "Opaque cursor of this item." })
    cursor!: string;

    @Field(() => item, { description: `The ${what}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${what}s, ordered by code.` })
  class Connection {
    @Field(() => [Edge], { description: "The items of this page." })
    edges!: Edge[];

    @Field(() => PageInfo, { description: "Where this page stands." })
    pageInfo!: PageInfo;

    @Field(() => NonNegativeInt, { description: "How many items match in all (computed only when asked)." })
    totalCount!: number;
  }
  return Connection;
}
