/**
 * Rows per page of the paged documents (web/src/queries.ts, `$first`). The largest page of each
 * keeps its document under the hub's default cost limit (HUB_MAX_COST 20 000, urql's __typename
 * fields included): test/web/queries.test.ts counts every one with the hub's own estimators.
 */
export const PAGE_SIZE = 50;

/** What an analyst may choose for a list's page (the hub's connections give at most 100). */
export const PAGE_SIZE_CHOICES = [20, 50, 100] as const;

/** Operations whose rows carry lists of their own (places, leaders, originals): smaller pages. */
export const MAX_PAGE_SIZE: Readonly<Record<string, number>> = { Ledger: 40, Events: 50 };

/** The largest page the operation may ask for. */
export function maxPageSize(operation: string): number {
  return MAX_PAGE_SIZE[operation] ?? 100;
}
