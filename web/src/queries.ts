import { gql } from "@urql/core";

/**
 * Every document the dashboard sends. Entities always carry `id`, `code` and `asOf`, so the
 * normalised cache (client.ts) keys them by their snapshot.
 */
/** What the dashboard shows of any entity it names: its snapshot id, code and name. */
export const REF = gql`
  fragment Ref on Entity {
    id
    code
    asOf
    name
  }
`;

export const RATE = gql`
  fragment Rate on Rate {
    covered
    total
    rate
  }
`;

export const FIGURES = gql`
  fragment Figures on CoverageFigures {
    place {
      id
      code
      asOf
      name
      kind
    }
    compoundsWithBranch {
      ...Rate
    }
    buildingsWithGroup {
      ...Rate
    }
    communitiesWithOrganisation {
      ...Rate
    }
  }
  ${RATE}
`;

export const VIEWER = gql`
  query Viewer {
    viewer {
      subject
      role
      scope
    }
  }
`;

/** Aggregates: open to every role. */
export const COVERAGE = gql`
  query Coverage($scope: String!, $asOf: LocalDate) {
    coverage(scope: $scope, asOf: $asOf) {
      asOf
      scope {
        id
        code
        asOf
        name
        kind
      }
      totals {
        ...Figures
      }
      breakdown {
        ...Figures
      }
      newOrganisations {
        units
        organisational {
          ...Rate
        }
        own {
          ...Rate
        }
        work {
          ...Rate
        }
        byKind {
          kind
          units
          organisational {
            ...Rate
          }
          own {
            ...Rate
          }
          work {
            ...Rate
          }
        }
      }
    }
  }
  ${FIGURES}
`;

const PAGE_INFO = gql`
  fragment Page on PageInfo {
    hasNextPage
    endCursor
  }
`;

const GAP = gql`
  fragment Gap on CoverageGapConnection {
    totalCount
    pageInfo {
      ...Page
    }
    edges {
      node {
        place {
          id
          code
          asOf
          name
          kind
        }
        parent {
          ...Ref
        }
        responsible {
          ...Ref
        }
      }
    }
  }
  ${REF}
  ${PAGE_INFO}
`;

/**
 * Lists that name places: analysts and above. Each list is its own document, read a page at a
 * time (`$first`, `$after`: web/src/ui/paging.tsx), so every row is reachable whatever its length.
 */
export const COMPOUND_GAPS = gql`
  query CompoundGaps($scope: String!, $asOf: LocalDate, $first: Int!, $after: String) {
    coverage(scope: $scope, asOf: $asOf) {
      asOf
      compoundsWithoutBranch(first: $first, after: $after) {
        ...Gap
      }
    }
  }
  ${GAP}
`;

export const BUILDING_GAPS = gql`
  query BuildingGaps($scope: String!, $asOf: LocalDate, $first: Int!, $after: String) {
    coverage(scope: $scope, asOf: $asOf) {
      asOf
      buildingsWithoutGroup(first: $first, after: $after) {
        ...Gap
      }
    }
  }
  ${GAP}
`;

export const UNITS_WITHOUT_OWN = gql`
  query UnitsWithoutOwn($scope: String!, $asOf: LocalDate, $first: Int!, $after: String) {
    coverage(scope: $scope, asOf: $asOf) {
      asOf
      unitsWithoutOwnOrganisation(first: $first, after: $after) {
        totalCount
        pageInfo {
          ...Page
        }
        edges {
          node {
            id
            code
            asOf
            name
            kind
            formalPartyMembers
            location {
              ...Ref
            }
          }
        }
      }
    }
  }
  ${REF}
  ${PAGE_INFO}
`;

/**
 * The figures of a place and of each of its children: the tree marks a child whose own
 * organisation is missing and counts the gaps inside each node from them, one request per node
 * opened, however many gaps lie below.
 */
export const TREE_COVERAGE = gql`
  query TreeCoverage($scope: String!, $asOf: LocalDate) {
    coverage(scope: $scope, asOf: $asOf) {
      asOf
      totals {
        ...Figures
      }
      breakdown {
        ...Figures
      }
    }
  }
  ${FIGURES}
`;

const PLACE_FIELDS = gql`
  fragment PlaceFields on Place {
    id
    code
    asOf
    name
    kind
  }
`;

/** One level of the place tree as of the date (children loaded as a node opens). */
export const PLACE_CHILDREN = gql`
  query PlaceChildren($code: String!, $asOf: LocalDate) {
    place(code: $code, asOf: $asOf) {
      ...PlaceFields
      ancestors {
        ...PlaceFields
      }
      children {
        ...PlaceFields
      }
    }
  }
  ${PLACE_FIELDS}
`;

/** Places whose name contains the text, a page at a time. */
export const PLACE_SEARCH = gql`
  query PlaceSearch($text: String!, $asOf: LocalDate, $first: Int!, $after: String) {
    places(nameContains: $text, asOf: $asOf, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...Page
      }
      edges {
        node {
          ...PlaceFields
          parent {
            ...PlaceFields
          }
        }
      }
    }
  }
  ${PLACE_FIELDS}
  ${PAGE_INFO}
`;

/** The place whose code is the text, if any (searched beside the names). */
export const PLACE_BY_CODE = gql`
  query PlaceByCode($text: String!, $asOf: LocalDate) {
    place(code: $text, asOf: $asOf) {
      ...PlaceFields
      parent {
        ...PlaceFields
      }
    }
  }
  ${PLACE_FIELDS}
`;

/** The time series (coverageSeries): totals on the first of every month. */
export const SERIES = gql`
  query Series($scope: String!, $from: LocalDate!, $to: LocalDate!) {
    coverageSeries(scope: $scope, from: $from, to: $to, every: MONTH) {
      scope
      points {
        asOf
        exists
        compoundsWithBranch {
          ...Rate
        }
        buildingsWithGroup {
          ...Rate
        }
        communitiesWithOrganisation {
          ...Rate
        }
      }
    }
  }
  ${RATE}
`;

export const COMPARISON = gql`
  query Comparison($scope: String!, $before: LocalDate!, $after: LocalDate!) {
    coverageComparison(scope: $scope, before: $before, after: $after) {
      compoundsWithBranch {
        ...Change
      }
      buildingsWithGroup {
        ...Change
      }
      communitiesWithOrganisation {
        ...Change
      }
      before {
        asOf
        breakdown {
          ...Figures
        }
      }
      after {
        asOf
        breakdown {
          ...Figures
        }
      }
    }
  }
  fragment Change on RateChange {
    before {
      ...Rate
    }
    after {
      ...Rate
    }
    coveredChange
    totalChange
    rateChange
  }
  ${FIGURES}
`;

export const EVENTS = gql`
  query Events($kinds: [ChangeEventKind!], $first: Int!, $after: String) {
    changeEvents(kinds: $kinds, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...Page
      }
      edges {
        node {
          id
          code
          asOf
          kind
          name
          date
          originals {
            ...Ref
          }
          results {
            ...Ref
          }
        }
      }
    }
  }
  ${REF}
  ${PAGE_INFO}
`;

/** The compounds of a community on a date, with where each was before (re-parenting). */
export const REPARENTED = gql`
  query Reparented($code: String!, $asOf: LocalDate) {
    place(code: $code, asOf: $asOf) {
      ...PlaceFields
      children(kinds: [COMPOUND, COURTYARD]) {
        ...PlaceFields
        parentHistory {
          validFrom
          validTo
          place {
            ...PlaceFields
          }
        }
      }
    }
  }
  ${PLACE_FIELDS}
`;

export const LINKS = gql`
  query Links($community: String!, $asOf: LocalDate) {
    communityLinks(community: $community, asOf: $asOf) {
      kind
      validFrom
      validTo
      partTime
      count
      responsibilities
      unit {
        id
        code
        asOf
        name
        kind
      }
      organisation {
        ...Ref
      }
      via {
        ...Ref
      }
    }
    place(code: $community, asOf: $asOf) {
      ...PlaceFields
      councils {
        ...Ref
      }
    }
  }
  ${PLACE_FIELDS}
  ${REF}
`;

export const COUNCIL = gql`
  query Council($council: String!, $asOf: LocalDate) {
    councilComposition(council: $council, asOf: $asOf) {
      seats
      partTimeSeats
      partTimeShare
      residentUnitSeats
      residentUnitShare
      council {
        ...Ref
      }
    }
  }
  ${REF}
`;

export const INTEGRITY = gql`
  query Integrity($scope: String, $asOf: LocalDate) {
    dualLeadership(scope: $scope, asOf: $asOf) {
      count
      items {
        organisation {
          ...Ref
        }
        territorialLeader {
          ...Ref
        }
        ownSystemLeader {
          ...Ref
        }
      }
    }
    misalignedLeadership(scope: $scope, asOf: $asOf) {
      count
      items {
        explanation
        organisation {
          ...Ref
        }
        leader {
          ...Ref
        }
      }
    }
    ruleBreaches(scope: $scope, asOf: $asOf) {
      count
      items {
        rule
        measured
        threshold
        explanation
        organisation {
          ...Ref
        }
      }
    }
  }
  ${REF}
`;

export const CHAIN = gql`
  query Chain($code: String!, $asOf: LocalDate) {
    organisation(code: $code, asOf: $asOf) {
      id
      code
      asOf
      name
      territorial: leadershipChain(line: TERRITORIAL) {
        id
        code
        asOf
        name
      }
      ownSystem: leadershipChain(line: OWN_SYSTEM) {
        id
        code
        asOf
        name
      }
    }
  }
`;

export const LEDGER = gql`
  query Ledger($scope: String!, $asOf: LocalDate, $first: Int!, $after: String) {
    organisations(within: $scope, asOf: $asOf, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...Page
      }
      edges {
        node {
          id
          code
          asOf
          name
          kind
          form
          formalMembers
          builtAt {
            ...Ref
          }
          leaders {
            line
            validFrom
            leader {
              ...Ref
            }
          }
        }
      }
    }
  }
  ${REF}
  ${PAGE_INFO}
`;
