import { requireRole } from "../auth/index.js";
import type { CypherQuery, Row } from "../database/index.js";
import type { HubContext } from "../server/context.js";
import { brokenRecordQueries } from "./broken.queries.js";

/** One broken record: what is wrong (ZERO_LENGTH_LINK, LINK_OUTSIDE_LIFE, CHANGE_AFTER_END, ORPHAN, or a registry rule: SINGLE_PARENT, SINGLE_LOCATION, SINGLE_LEADER_PER_LINE, SINGLE_RESIDENCE, SINGLE_MEMBERSHIP, PLACE_CYCLE, LEADERSHIP_CYCLE, PLACE_NESTING, ORGANISATION_PLACE, LEADER_KIND, COUNCIL_CONVENER, COUNCIL_PLACE, AGREEMENT_COMMUNITY, MEMBER_RESIDENCE, REGISTRATION_PLACE, BENEFICIARY_PLACE, EVENT_SHAPE, REGISTRATION_IN_SERVICE), whose, and how. */
export interface BrokenRecord {
  readonly problem: string;
  readonly code: string;
  readonly label: string;
  readonly detail: string;
}

/** Runs every statement of the report through `run` (a read on the hub's database, or the statement runner of a transaction). */
export async function findBrokenRecords(run: (query: CypherQuery) => Promise<Row[]>): Promise<BrokenRecord[]> {
  const found: BrokenRecord[] = [];
  for (const query of brokenRecordQueries()) {
    for (const row of await run(query)) found.push({ problem: String(row.problem), code: String(row.code), label: String(row.label), detail: String(row.detail) });
  }
  return found;
}

/** The integrity report over the whole graph: admins only, since it names personal records. */
export function brokenRecords(context: HubContext): Promise<BrokenRecord[]> {
  requireRole(context.viewer, "admin");
  return findBrokenRecords((query) => context.db.read(query));
}
