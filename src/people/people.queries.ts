import type { CypherQuery } from "../database/index.js";
import { dateParam } from "../database/index.js";
import { insidePlace, nameAt, validAt } from "../graph/cypher.js";
import { entityCount, entityPage } from "../graph/entity.queries.js";
import type { BeneficiaryKind, EmploymentSituation, MemberStatus } from "../graph/vocabulary.js";
import { aliveFromCypher, overlapsCypher } from "../temporal/index.js";

/**
 * The relations that tie a record to the places it lies in, followed outwards at `$asOf`:
 * residence, 雙報到 registration, a beneficiary's home, membership → the organisation, an
 * organisation's built-at places and the units it covers → their location, a pairing's helper and
 * beneficiary. Four hops reach from a pairing through a member and a unit branch to a place. The
 * links of councils, agreements, teams and facilities are followed too, so a steward's write scope
 * (history records, for one) covers every kind of entity the same way.
 */
const ANCHOR_TYPES =
  "RESIDES_IN|REGISTERED_WITH|LIVES_IN|MEMBER_OF|BUILT_AT|COVERS|LOCATED_IN|HELPER|HELPS|SERVES|WITH|PARTY|BASED_IN|FACILITY_OF|ORGANISED_BY|CONVENED_BY";

/** A pattern from `alias` to every place `place` it lies in at `$asOf` (the alias itself when it is a place). */
function anchorPath(alias: string, place: string): string {
  return `(${alias})(()-[anchor:${ANCHOR_TYPES}]->() WHERE ${validAt("anchor")}){0,4}(${place}:Place)`;
}

/**
 * For each record (by id or code): the codes of the places it lies in at `$asOf` and of every
 * place containing them. A steward may see the record when the token's scope names one of them.
 * Personal data is read here only to decide access, never returned.
 */
export function placesOfRecords(key: "id" | "code", values: readonly string[], asOf: string): CypherQuery {
  return {
    name: `people.anchorsBy${key === "id" ? "Id" : "Code"}`,
    cypher: `
      UNWIND $values AS value
      MATCH (s:Entity {${key === "id" ? "id" : "code"}: value})
      RETURN value AS key, COLLECT {
        MATCH ${anchorPath("s", "p")}
        MATCH (p)(()-[up:PART_OF]->() WHERE ${validAt("up")}){0,12}(a:Place)
        RETURN DISTINCT a.code
      } AS places`,
    params: { values, asOf: dateParam(asOf) },
  };
}

/** A record lies in $within when one of the places it is tied to at $asOf is $within or inside it. */
const WITHIN = `($within IS NULL OR EXISTS { MATCH ${anchorPath("e", "p")} WHERE ${insidePlace("p")} })`;

export interface MemberFilter {
  readonly asOf: string;
  readonly organisation: string | null;
  readonly within: string | null;
  readonly statuses: readonly MemberStatus[] | null;
  readonly employment: readonly EmploymentSituation[] | null;
  readonly hardship: boolean | null;
  readonly inService: boolean | null;
  readonly nameContains: string | null;
}

/** A member matches when valid at $asOf, a member of $organisation then, tied to a place in $within then, and of the asked status and situation. */
const MEMBER_FILTER = `
  ${validAt("e")}
  AND ($statuses IS NULL OR e.status IN $statuses)
  AND ($employment IS NULL OR e.employment IN $employment)
  AND ($hardship IS NULL OR coalesce(e.hardship, false) = $hardship)
  AND ($inService IS NULL OR coalesce(e.inService, false) = $inService)
  AND ($nameContains IS NULL OR ${nameAt("e")} CONTAINS $nameContains)
  AND ($organisation IS NULL OR EXISTS { MATCH (e)-[m:MEMBER_OF]->(:Organisation {code: $organisation}) WHERE ${validAt("m")} })
  AND ${WITHIN}`;


export function memberPage(filter: MemberFilter, after: string | null, limit: number): CypherQuery {
  return entityPage("people.memberPage", "Member", MEMBER_FILTER, filter, after, limit);
}

export function memberCount(filter: MemberFilter): CypherQuery {
  return entityCount("people.memberCount", "Member", MEMBER_FILTER, filter);
}

export interface BeneficiaryFilter {
  readonly asOf: string;
  readonly kinds: readonly BeneficiaryKind[] | null;
  readonly within: string | null;
  readonly unpaired: boolean | null;
}

/** A beneficiary matches when valid at $asOf, of an asked kind, living in $within then, and (un)paired then: paired = helped by a pairing valid at $asOf. */
const BENEFICIARY_FILTER = `
  ${validAt("e")}
  AND ($kinds IS NULL OR e.kind IN $kinds)
  AND ($unpaired IS NULL OR $unpaired <> EXISTS {
    MATCH (e)<-[h:HELPS]-(pairing:Pairing) WHERE ${validAt("h")} AND ${validAt("pairing")}
  })
  AND ${WITHIN}`;


export function beneficiaryPage(filter: BeneficiaryFilter, after: string | null, limit: number): CypherQuery {
  return entityPage("people.beneficiaryPage", "Beneficiary", BENEFICIARY_FILTER, filter, after, limit);
}

export function beneficiaryCount(filter: BeneficiaryFilter): CypherQuery {
  return entityCount("people.beneficiaryCount", "Beneficiary", BENEFICIARY_FILTER, filter);
}

export interface PairingFilter {
  readonly asOf: string;
  readonly kinds: readonly BeneficiaryKind[] | null;
  readonly helper: string | null;
  readonly within: string | null;
}

/** A pairing matches when valid at $asOf, of an asked kind, with $helper as its helper then, and tied to a place in $within then. */
const PAIRING_FILTER = `
  ${validAt("e")}
  AND ($kinds IS NULL OR e.kind IN $kinds)
  AND ($helper IS NULL OR EXISTS { MATCH (e)-[h:HELPER]->(:Entity {code: $helper}) WHERE ${validAt("h")} })
  AND ${WITHIN}`;


export function pairingPage(filter: PairingFilter, after: string | null, limit: number): CypherQuery {
  return entityPage("people.pairingPage", "Pairing", PAIRING_FILTER, filter, after, limit);
}

export function pairingCount(filter: PairingFilter): CypherQuery {
  return entityCount("people.pairingCount", "Pairing", PAIRING_FILTER, filter);
}

/** Pairings in which the entity is the helper and that still run on or after `$date`: they cannot outlive it. */
export function activePairingsOfHelper(code: string, date: string): CypherQuery {
  return {
    name: "people.activePairingsOfHelper",
    cypher: `
      MATCH (:Entity {code: $code})<-[h:HELPER]-(p:Pairing)
      WHERE ${aliveFromCypher("h")} AND ${aliveFromCypher("p")}
      RETURN collect(p.code) AS codes`,
    params: { code, date: dateParam(date) },
  };
}

/** Pairings of the same helper and beneficiary overlapping [$from, $to): one pairing per pair at a time. */
export function overlappingPairings(helper: string, beneficiary: string, from: string, to: string | null): CypherQuery {
  return {
    name: "people.overlappingPairings",
    cypher: `
      MATCH (:Entity {code: $helper})<-[:HELPER]-(p:Pairing)-[:HELPS]->(:Beneficiary {code: $beneficiary})
      WHERE ${overlapsCypher("p")}
      RETURN p.code AS code, p.validFrom AS validFrom, p.validTo AS validTo`,
    params: { helper, beneficiary, from: dateParam(from), to: dateParam(to) },
  };
}
