/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** Kinds of place, from district down to building, plus zones and pre-merger places. */
export type PlaceKind =
  /** 樓幢 — a residential building. */
  | 'BUILDING'
  /** 社區 — an urban community. */
  | 'COMMUNITY'
  /** 小區 — a residential compound. */
  | 'COMPOUND'
  /** 院落 — a courtyard. */
  | 'COURTYARD'
  /** 區 — a district. */
  | 'DISTRICT'
  /** 園區 — an industrial park. */
  | 'INDUSTRIAL_PARK'
  /** 商務樓宇 — a commercial office building. */
  | 'OFFICE_BUILDING'
  /** 老鎮區 — the old town district (before urbanisation). */
  | 'OLD_TOWN_DISTRICT'
  /** 街區 — a street block (zone for special branches). */
  | 'STREET_BLOCK'
  /** 街道 — a subdistrict. */
  | 'SUBDISTRICT'
  /** 商貿市場 — a trade market. */
  | 'TRADE_MARKET'
  /** 村委 — a village committee area (before urbanisation). */
  | 'VILLAGE_COMMITTEE';

export type PlaceTreeQueryVariables = Exact<{
  code: string;
  asOf?: string | null | undefined;
}>;


export type PlaceTreeQuery = { place: { id: string, entityId: string, code: string, name: string, kind: PlaceKind, asOf: string, validFrom: string, validTo: string | null, children: Array<{ id: string, code: string, name: string, kind: PlaceKind }> | null } | null };

export type PlaceSnapshotQueryVariables = Exact<{
  id: string | number;
}>;


export type PlaceSnapshotQuery = { node:
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { code: string, name: string, asOf: string, id: string, children: Array<{ id: string, code: string, name: string }> | null }
    | { id: string }
    | { id: string }
   | null };

export type PlacesQueryVariables = Exact<{
  within?: string | null | undefined;
  asOf?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PlacesQuery = { places: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, code: string, name: string, kind: PlaceKind } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null };

export type CoverageOverviewQueryVariables = Exact<{
  scope: string;
  asOf?: string | null | undefined;
}>;


export type CoverageOverviewQuery = { coverage: { asOf: string, totals: { compoundsWithBranch: { covered: number, total: number, rate: number | null }, buildingsWithGroup: { covered: number, total: number, rate: number | null } }, compoundsWithoutBranch: { totalCount: number, edges: Array<{ node: { place: { id: string, code: string, name: string } } }> } | null } | null };
