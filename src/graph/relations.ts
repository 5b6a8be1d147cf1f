import type { RelationSpec } from "./relation.js";

/** The relations between places and organisations, seen from either side (docs/MODEL.md). */
export const PLACE_PARENT: RelationSpec = { name: "place.parent", type: "PART_OF", direction: "out", target: "Place" };
export const PLACE_CHILDREN: RelationSpec = { name: "place.children", type: "PART_OF", direction: "in", target: "Place" };
export const PLACE_PARENT_HISTORY: RelationSpec = { name: "place.parentHistory", type: "PART_OF", direction: "out", target: "Place", history: true };
export const BUILT_AT: RelationSpec = { name: "organisation.builtAt", type: "BUILT_AT", direction: "out", target: "Place" };
export const BUILT_HERE: RelationSpec = { name: "place.organisations", type: "BUILT_AT", direction: "in", target: "Organisation" };
export const LEADERS: RelationSpec = { name: "organisation.leaders", type: "LED_BY", direction: "out", target: "Organisation", linkProperties: ["line"] };
export const SUBORDINATES: RelationSpec = { name: "organisation.subordinates", type: "LED_BY", direction: "in", target: "Organisation" };
export const LEADER_HISTORY: RelationSpec = { name: "organisation.leaderHistory", type: "LED_BY", direction: "out", target: "Organisation", history: true };

/** A GraphQL field answered by one relation read: its spec and the argument (if any) that narrows the far end's kind. */
export interface RelationField {
  readonly spec: RelationSpec;
  readonly kindsArg?: string;
}

/**
 * The fields a shaped read compiles into its statement (src/graph/read-plan.ts), per GraphQL type.
 * Each resolver reads the same relation with the same narrowing (`relationRead`), so what the
 * compiled statement primes is exactly what the resolver asks for. `leader(line:)` reads every
 * leader and picks the line, as its resolver does.
 */
export const RELATION_FIELDS: Readonly<Record<string, Readonly<Record<string, RelationField>>>> = {
  Place: {
    parent: { spec: PLACE_PARENT },
    children: { spec: PLACE_CHILDREN, kindsArg: "kinds" },
    organisations: { spec: BUILT_HERE, kindsArg: "kinds" },
  },
  Organisation: {
    builtAt: { spec: BUILT_AT },
    leader: { spec: LEADERS },
    subordinates: { spec: SUBORDINATES, kindsArg: "kinds" },
  },
};
