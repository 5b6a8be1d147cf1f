import { Client, fetchExchange, gql } from "@urql/core";
import { cacheExchange } from "@urql/exchange-graphcache";
import { introspectionFromSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hub } from "../../src/server/hub.js";
import { postGraphql } from "../support/hub.js";
import { authorization, BEFORE, committedSchema, MERGER, startLonghutangHub } from "./longhutang-hub.js";

/** urql's normalised cache (graphcache, schema-aware) against the hub: the merger seen on both sides. */

const TREE = gql`
  query Tree($asOf: LocalDate) {
    place(code: "LHT", asOf: $asOf) { id code name asOf children { id code name } }
  }
`;
const BOTH = gql`
  query BeforeAfter($before: LocalDate, $after: LocalDate) {
    before: place(code: "LHT", asOf: $before) { id code name children { id code name } }
    after: place(code: "LHT", asOf: $after) { id code name children { id code name } }
  }
`;

describe("urql graphcache against the hub", () => {
  let hub: Hub;
  let client: Client;
  /** What the hub answers, with no cache in between. */
  const truth = async (query: string, variables: Record<string, unknown>) => {
    const response = await postGraphql(hub.url, query, variables);
    expect(response.errors).toBeUndefined();
    return response.data;
  };

  beforeAll(async () => {
    hub = await startLonghutangHub();
    const headers = await authorization();
    client = new Client({
      url: hub.url,
      exchanges: [cacheExchange({ schema: introspectionFromSchema(committedSchema()) }), fetchExchange],
      fetchOptions: { headers },
      preferGetMethod: false,
    });
  });
  afterAll(() => hub?.stop());

  it("keeps the tree before the merger and the tree after it apart, in one query and in two", async () => {
    const variables = { before: BEFORE, after: MERGER };
    const both = await client.query(BOTH, variables).toPromise();
    expect(both.error).toBeUndefined();
    expect(both.data).toEqual(await truth(BOTH.loc!.source.body, variables));

    const before = await client.query(TREE, { asOf: BEFORE }).toPromise();
    const after = await client.query(TREE, { asOf: MERGER }).toPromise();
    expect(before.data).toEqual(await truth(TREE.loc!.source.body, { asOf: BEFORE }));
    expect(after.data).toEqual(await truth(TREE.loc!.source.body, { asOf: MERGER }));
    // From the cache alone, after both were written: each date keeps its own children.
    const cached = await client.query(TREE, { asOf: BEFORE }, { requestPolicy: "cache-only" }).toPromise();
    expect(cached.data).toEqual(before.data);
    const children = (cached.data as { place: { children: { code: string }[] } }).place.children.map((child) => child.code);
    expect(children).toContain("LHT-V1");
    expect(children).not.toContain("LHT-C1");
  });
});
