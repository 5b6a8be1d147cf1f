/**
 * Operations that Relay compiles against schema/schema.graphql (test/client/tooling.test.ts runs
 * relay-compiler over this folder). Relay wants them as `graphql` tagged templates; this module
 * only declares the tag, so the file has no dependency on Relay's runtime.
 */
declare function graphql(strings: TemplateStringsArray): unknown;

/** A place and its children, refetchable by its snapshot id alone: node(id:) brings back the same date. */
export const placeChildren = graphql`
  fragment PlaceTree_place on Place @refetchable(queryName: "PlaceTreeRefetchQuery") {
    id
    code
    name
    asOf
    children { id code name }
  }
`;

/** The tree before and after the merger, one query, two snapshots. */
export const mergerQuery = graphql`
  query PlaceTreeMergerQuery($before: LocalDate!, $after: LocalDate!) {
    before: place(code: "LHT", asOf: $before) { ...PlaceTree_place }
    after: place(code: "LHT", asOf: $after) { ...PlaceTree_place }
  }
`;

/** Places inside a scope, paged the Relay way. */
export const placeList = graphql`
  fragment PlaceTree_places on Query
  @refetchable(queryName: "PlaceTreePlacesPaginationQuery")
  @argumentDefinitions(within: { type: "String" }, asOf: { type: "LocalDate" }, count: { type: "Int", defaultValue: 20 }, cursor: { type: "String" }) {
    places(within: $within, asOf: $asOf, first: $count, after: $cursor) @connection(key: "PlaceTree_places") {
      totalCount
      edges { node { id code name kind } }
    }
  }
`;

export const placesQuery = graphql`
  query PlaceTreePlacesQuery($within: String, $asOf: LocalDate) {
    ...PlaceTree_places @arguments(within: $within, asOf: $asOf)
  }
`;
