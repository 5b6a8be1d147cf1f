import { expect } from "vitest";
import type { Database } from "../../src/database/index.js";
import { createEntityQuery, openLinkQuery } from "../../src/graph/write.queries.js";
import type { OrganisationKind } from "../../src/graph/vocabulary.js";
import { postGraphql, type GraphqlResponse } from "../support/hub.js";

/**
 * A small network for the unit and community tests: places through the API, organisations
 * written directly with the framework's write queries (the organisations API is tested on its own).
 */
export const PLACES = [
  { code: "XB", name: "新北區", kind: "DISTRICT", validFrom: "2000-01-01" },
  { code: "LHT", name: "龍虎塘街道", kind: "SUBDISTRICT", validFrom: "2000-01-01", parent: "XB" },
  { code: "C1", name: "東華社區", kind: "COMMUNITY", validFrom: "2020-07-01", parent: "LHT" },
  { code: "C2", name: "新橋社區", kind: "COMMUNITY", validFrom: "2000-01-01", parent: "LHT" },
  { code: "SB", name: "東華街區", kind: "STREET_BLOCK", validFrom: "2020-07-01", parent: "C1" },
] as const;

export const ORGANISATIONS: readonly { code: string; name: string; kind: OrganisationKind; form: string; validFrom: string; builtAt: string }[] = [
  { code: "WC", name: "龍虎塘街道黨工委", kind: "WORKING_COMMITTEE", form: "TERRITORIAL", validFrom: "2000-01-01", builtAt: "LHT" },
  { code: "GB1", name: "東華社區黨總支", kind: "GENERAL_BRANCH", form: "TERRITORIAL", validFrom: "2020-07-01", builtAt: "C1" },
  { code: "GB2", name: "新橋社區黨總支", kind: "GENERAL_BRANCH", form: "TERRITORIAL", validFrom: "2000-01-01", builtAt: "C2" },
  { code: "BR1", name: "東華街區聯合支部", kind: "BRANCH", form: "JOINT", validFrom: "2020-07-01", builtAt: "SB" },
];

export async function seedNetwork(url: string, db: Database): Promise<void> {
  for (const input of PLACES) {
    const response = await postGraphql(url, `mutation($input: CreatePlaceInput!) { createPlace(input: $input) { place { code } } }`, { input });
    expect(response.errors).toBeUndefined();
  }
  await db.writeTransaction(async (tx) => {
    for (const organisation of ORGANISATIONS) {
      const properties = { kind: organisation.kind, form: organisation.form, formalMembers: 12, probationaryMembers: 1, committeeElected: true };
      await tx.run(createEntityQuery("Organisation", { code: organisation.code, name: organisation.name, validFrom: organisation.validFrom, validTo: null, properties }, false));
      await tx.run(openLinkQuery({ type: "BUILT_AT", fromCode: organisation.code, toCode: organisation.builtAt, validFrom: organisation.validFrom, validTo: null }));
    }
  });
}

/** Fails the test with the server's message when a set-up request did not succeed. */
export function ok<T>(response: GraphqlResponse<T>): T {
  expect(response.errors).toBeUndefined();
  return response.data!;
}

export const REGISTER_UNIT = `mutation($input: RegisterUnitInput!) { registerUnit(input: $input) { unit { id code name kind version } } }`;
