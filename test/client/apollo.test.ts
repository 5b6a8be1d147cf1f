import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";
import { relayStylePagination } from "@apollo/client/utilities";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dayBefore } from "../../src/graph/dates.js";
import { DEFAULT_TIME_ZONE, todayIn } from "../../src/temporal/index.js";
import { snapshotId } from "../../src/graph/snapshot.js";
import type { Hub } from "../../src/server/hub.js";
import type { TestIdentity } from "../support/hub.js";
import { authorization, BEFORE, MERGER, possibleTypes, startLonghutangHub } from "./longhutang-hub.js";

/**
 * Apollo Client's normalised cache against the real hub on the Longhutang seed (docs/CLIENTS.md).
 * Every answer read through the cache is compared with the same query sent past it
 * (`fetchPolicy: "no-cache"`): the hub's data is the oracle, the cache must not bend it.
 */

interface Named {
  id: string;
  code: string;
  name: string;
}
interface PlaceTree extends Named {
  children: Named[] | null;
}

const TREE = gql`
  query Tree($asOf: LocalDate) {
    place(code: "LHT", asOf: $asOf) { id code name asOf children { id code name } }
  }
`;

const codes = (list: readonly { code: string }[] | null | undefined) => (list ?? []).map((item) => item.code);

describe("Apollo Client InMemoryCache against the hub", () => {
  let hub: Hub;
  const client = async (identity: TestIdentity = {}) =>
    new ApolloClient({
      link: new HttpLink({ uri: hub.url, headers: await authorization(identity) }),
      cache: new InMemoryCache({
        possibleTypes: possibleTypes(),
        typePolicies: { Query: { fields: { places: relayStylePagination(["within", "kinds", "nameContains", "asOf"]) } } },
      }),
    });
  /** The same query past any cache: what the hub says. */
  const truth = async <T>(query: ReturnType<typeof gql>, variables: Record<string, unknown> = {}, identity: TestIdentity = {}) => {
    const result = await (await client(identity)).query<T>({ query, variables, fetchPolicy: "no-cache" });
    expect(result.error).toBeUndefined();
    return result.data as T;
  };

  beforeAll(async () => {
    hub = await startLonghutangHub();
  });
  afterAll(() => hub?.stop());

  it("keeps the two sides of the merger apart in one query", async () => {
    const query = gql`
      query BeforeAfter {
        before: place(code: "LHT", asOf: "${BEFORE}") { id code name children { id code name } }
        after: place(code: "LHT", asOf: "${MERGER}") { id code name children { id code name } }
      }
    `;
    const apollo = await client();
    const { data } = await apollo.query<{ before: PlaceTree; after: PlaceTree }>({ query });
    const oracle = await truth<{ before: PlaceTree; after: PlaceTree }>(query);
    expect(data).toEqual(oracle);
    expect(codes(data!.before.children)).toEqual(expect.arrayContaining(["LHT-V1", "LHT-V7", "LHT-OT"]));
    expect(codes(data!.after.children)).toEqual(expect.arrayContaining(["LHT-C1", "LHT-C2"]));
    expect(codes(data!.before.children).filter((code) => codes(data!.after.children).includes(code))).toEqual([]);
    expect(data!.before.id).not.toBe(data!.after.id);
    // Read back from the cache alone: still two trees.
    expect(apollo.readQuery({ query })).toEqual(oracle);
  });

  it("keeps them apart across two queries, each showing its own children", async () => {
    const apollo = await client();
    const before = await apollo.query<{ place: PlaceTree }>({ query: TREE, variables: { asOf: BEFORE } });
    const after = await apollo.query<{ place: PlaceTree }>({ query: TREE, variables: { asOf: MERGER } });
    expect(before.data).toEqual(await truth(TREE, { asOf: BEFORE }));
    expect(after.data).toEqual(await truth(TREE, { asOf: MERGER }));
    expect(apollo.readQuery<{ place: PlaceTree }>({ query: TREE, variables: { asOf: BEFORE } })).toEqual(before.data);
    expect(codes(apollo.readQuery<{ place: PlaceTree }>({ query: TREE, variables: { asOf: BEFORE } })!.place.children)).not.toContain("LHT-C1");
  });

  it("shows each entity of a lineage across the merger with its name on its own date", async () => {
    const query = gql`
      query Lineage {
        lineage(code: "LHT-C1", direction: ANCESTORS) {
          entity { id code name asOf }
          steps { event { id code date } from { id code name asOf } to { id code name asOf } }
        }
      }
    `;
    type Seen = { id: string; code: string; name: string; asOf: string };
    const { data } = await (await client()).query<{ lineage: { entity: Seen; steps: { event: { date: string }; from: Seen; to: Seen }[] } }>({ query });
    expect(data).toEqual(await truth(query));
    const steps = data!.lineage.steps;
    expect(steps.length).toBeGreaterThan(0);
    const one = gql`query One($code: String!, $asOf: LocalDate) { place(code: $code, asOf: $asOf) { id name } }`;
    for (const seen of steps.flatMap((step) => [step.from, step.to])) {
      const own = await truth<{ place: { id: string; name: string } }>(one, { code: seen.code, asOf: seen.asOf });
      expect(seen, `${seen.code} on ${seen.asOf}`).toMatchObject({ id: own.place.id, name: own.place.name });
    }
    // Going back through an event, the result is seen on the event's day and each original on its last day.
    for (const step of steps) {
      expect(step.from.asOf).toBe(step.event.date);
      expect(step.to.asOf).toBe(dayBefore(step.event.date));
    }
    expect(steps.some((step) => step.to.code === "LHT-V1" && step.to.asOf === BEFORE)).toBe(true);
  });

  it("leaves today's watcher unchanged by a rename dated in the future", async () => {
    const apollo = await client();
    const watched = gql`query Today { place(code: "LHT-C1-R01") { id code name asOf } }`;
    const seen: string[] = [];
    const subscription = apollo.watchQuery<{ place: Named }>({ query: watched }).subscribe({ next: (result) => void (result.data?.place?.name && seen.push(result.data.place.name)) });
    await eventually(() => seen.length > 0);
    const today = seen[0]!;
    const future = `${Number(todayIn(DEFAULT_TIME_ZONE).slice(0, 4)) + 1}-01-01`;
    const mutation = gql`mutation Rename($date: LocalDate!) { renamePlace(input: { code: "LHT-C1-R01", name: "東華苑（新）", date: $date }) { place { id code name asOf } } }`;
    const renamed = await apollo.mutate<{ renamePlace: { place: Named & { asOf: string } } }>({ mutation, variables: { date: future } });
    expect(renamed.data!.renamePlace.place).toMatchObject({ name: "東華苑（新）", asOf: future, id: snapshotId("Place", "LHT-C1-R01", future) });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen.at(-1)).toBe(today);
    expect(apollo.readQuery<{ place: Named }>({ query: watched })!.place.name).toBe(today);
    subscription.unsubscribe();
  });

  it("refetches a 2020 snapshot by node(id) alone, with its 2020 children", async () => {
    const apollo = await client();
    const { data } = await apollo.query<{ place: PlaceTree }>({ query: TREE, variables: { asOf: BEFORE } });
    const query = gql`query Refetch($id: ID!) { node(id: $id) { id ... on Place { code name asOf children { id code name } } } }`;
    const refetched = await (await client()).query<{ node: PlaceTree & { asOf: string } }>({ query, variables: { id: data!.place.id } });
    expect(refetched.data!.node.asOf).toBe(BEFORE);
    expect(codes(refetched.data!.node.children)).toEqual(codes(data!.place.children));
  });

  it("pages a connection of 100+ places, each once", async () => {
    const apollo = await client();
    const query = gql`
      query Places($after: String) {
        places(within: "LHT", asOf: "2026-11-28", first: 30, after: $after) {
          totalCount
          edges { cursor node { id code } }
          pageInfo { hasNextPage endCursor }
        }
      }
    `;
    type Page = { places: { totalCount: number; edges: { node: { code: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    const watch = apollo.watchQuery<Page>({ query });
    let result = await watch.refetch();
    let pages = 1;
    while (result.data!.places.pageInfo.hasNextPage) {
      result = await watch.fetchMore({ variables: { after: result.data!.places.pageInfo.endCursor } });
      pages += 1;
    }
    const merged = apollo.readQuery<Page>({ query })!.places;
    const all = merged.edges.map((edge) => edge.node.code);
    expect(merged.totalCount).toBeGreaterThanOrEqual(100);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(all).toHaveLength(merged.totalCount);
    expect(new Set(all).size).toBe(all.length);
  });

  it("keeps a viewer's totals and refuses only the list, with errorPolicy all", async () => {
    const query = gql`
      query Mixed {
        coverage(scope: "LHT-C1") {
          totals { compoundsWithBranch { covered total rate } }
          compoundsWithoutBranch(first: 2) { totalCount }
        }
      }
    `;
    const result = await (await client({ role: "viewer" })).query<{ coverage: { totals: unknown; compoundsWithoutBranch: unknown } }>({ query, errorPolicy: "all" });
    expect(result.data!.coverage.totals).toEqual((await truth<{ coverage: { totals: unknown } }>(query, {}, { role: "analyst" })).coverage.totals);
    expect(result.data!.coverage.compoundsWithoutBranch).toBeNull();
    expect(CombinedGraphQLErrors.is(result.error)).toBe(true);
    const errors = (result.error as CombinedGraphQLErrors).errors;
    expect(errors.map((error) => [error.path, error.extensions?.code, error.extensions?.requiredRole, error.extensions?.role])).toEqual([
      [["coverage", "compoundsWithoutBranch"], "FORBIDDEN", "ANALYST", "VIEWER"],
    ]);
  });

  it("surfaces HTTP 401 as a ServerError with the UNAUTHENTICATED body", async () => {
    const apollo = new ApolloClient({ link: new HttpLink({ uri: hub.url }), cache: new InMemoryCache() });
    const result = await apollo.query({ query: gql`{ about { hubVersion } }`, errorPolicy: "all" });
    expect(ServerError.is(result.error)).toBe(true);
    const error = result.error as ServerError;
    expect(error.statusCode).toBe(401);
    expect(JSON.parse(error.bodyText).errors[0].extensions).toEqual({ code: "UNAUTHENTICATED", reason: "missing" });
  });
});

async function eventually(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
