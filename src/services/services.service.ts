import type { Row } from "../database/index.js";
import type { Table } from "../exports/table.js";
import type { ScopeFilter } from "../graph/analytics.js";
import type { Page } from "../graph/connection.js";
import { toEntityRecord, type EntityRecord } from "../graph/entity.record.js";
import type { BeneficiaryKind, VolunteerFocus } from "../graph/vocabulary.js";
import type { HubContext } from "../server/context.js";
import { beneficiaryService } from "../people/index.js";
import { assertMayList, assertMaySee } from "../people/access.js";
import { beneficiaryPage } from "../people/people.queries.js";
import { disclosureThreshold, maySeeRecordsIn, suppressCounts, unsuppressed, type CountGroup } from "../people/suppression.js";
import { pairingSummaryQuery, volunteerTeamSummaryQuery } from "./services.queries.js";

interface FocusTallyRecord {
  readonly focus: VolunteerFocus;
  readonly teams: number;
  readonly members: number;
}

interface TeamTallyRecord {
  readonly teams: number;
  readonly members: number;
  readonly byFocus: readonly FocusTallyRecord[];
}

export interface VolunteerTeamSummaryRecord extends TeamTallyRecord {
  readonly asOf: string;
  readonly scope: string | null;
  readonly byOrganisation: readonly (TeamTallyRecord & { organisation: EntityRecord })[];
}

/** A count of pairings, or null with `suppressed` true (disclosure control, src/people/suppression.ts). */
interface PairingCount {
  readonly pairings: number | null;
  readonly suppressed: boolean;
}

interface KindTallyRecord extends PairingCount {
  readonly kind: BeneficiaryKind;
}

export interface PairingSummaryRecord extends PairingCount {
  readonly asOf: string;
  readonly scope: string | null;
  readonly byKind: readonly KindTallyRecord[];
  readonly byHelper: readonly (PairingCount & { organisation: EntityRecord | null; byKind: readonly KindTallyRecord[] })[];
}

function teamTally(row: Row): TeamTallyRecord {
  return { teams: Number(row.teams), members: Number(row.members), byFocus: row.byFocus as FocusTallyRecord[] };
}

export async function volunteerTeamSummary(context: HubContext, filter: ScopeFilter): Promise<VolunteerTeamSummaryRecord> {
  const [row] = await context.db.read(volunteerTeamSummaryQuery(filter));
  return {
    ...filter,
    ...teamTally(row!.total as Row),
    byOrganisation: (row!.byOrganisation as Row[]).map((group) => ({ organisation: toEntityRecord(group.organisation, filter.asOf), ...teamTally(group) })),
  };
}

/**
 * Pairings at the date in the scope, by kind and by helper. For a caller who may not see the
 * pairings themselves (viewers, analysts, a steward outside the scope), counts below the
 * disclosure threshold are suppressed over the whole table — the total, the kinds, each helper's
 * line and its kinds, with secondary suppression along every row and column sum.
 */
export async function pairingSummary(context: HubContext, filter: ScopeFilter): Promise<PairingSummaryRecord> {
  const [row] = await context.db.read(pairingSummaryQuery(filter));
  const kinds = row!.byKind as { kind: BeneficiaryKind; pairings: number }[];
  const helpers = (row!.byHelper as Row[]).map((group) => ({
    organisation: group.organisation ? toEntityRecord(group.organisation, filter.asOf) : null,
    pairings: Number(group.pairings),
    byKind: group.byKind as { kind: BeneficiaryKind; pairings: number }[],
  }));
  // The table as one list of counts: the total, the kinds, then per helper its total and its kinds.
  const counts = [Number(row!.pairings), ...kinds.map((kind) => Number(kind.pairings))];
  const helperAt = helpers.map((helper) => {
    const at = counts.length;
    counts.push(helper.pairings, ...helper.byKind.map((kind) => Number(kind.pairings)));
    return at;
  });
  const kindIndexes = kinds.map((_, index) => index + 1);
  const groups: CountGroup[] = [
    { total: 0, parts: kindIndexes },
    { total: 0, parts: helperAt },
    ...helperAt.map((at) => ({ total: at, parts: kindIndexes.map((index) => at + index) })),
    ...kindIndexes.map((index) => ({ total: index, parts: helperAt.map((at) => at + index) })),
  ];
  const cells = (await maySeeRecordsIn(context, filter.scope, filter.asOf)) ? unsuppressed(counts) : suppressCounts(counts, groups, disclosureThreshold(context));
  const count = (index: number): PairingCount => ({ pairings: cells[index]!.value, suppressed: cells[index]!.suppressed });
  return {
    ...filter,
    ...count(0),
    byKind: kinds.map((kind, index) => ({ kind: kind.kind, ...count(index + 1) })),
    byHelper: helpers.map((helper, position) => ({
      organisation: helper.organisation,
      ...count(helperAt[position]!),
      byKind: helper.byKind.map((kind, index) => ({ kind: kind.kind, ...count(helperAt[position]! + index + 1) })),
    })),
  };
}

/**
 * Beneficiaries left unpaired at the date, living in the scope: the people module's beneficiary
 * list with its `unpaired` filter, so the rule and the personal-data guard (a steward with the
 * scope inside its own, or an admin) are the same as everywhere else.
 */
export function unpairedBeneficiaries(
  context: HubContext,
  filter: ScopeFilter,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<EntityRecord>> {
  return beneficiaryService.listBeneficiaries(context, { within: filter.scope, asOf: filter.asOf, unpaired: true, kinds: null, first, after });
}

/** The most rows one CSV export of unpaired beneficiaries returns (a whole subdistrict fits many times over). */
export const UNPAIRED_EXPORT_LIMIT = 50_000;

/** Tables for CSV export: the same service calls, so both show the same rows (the registry in index.ts says who may download them). */
export async function volunteerTeamSummaryTable(context: HubContext, filter: ScopeFilter): Promise<Table> {
  const summary = await volunteerTeamSummary(context, filter);
  // Long format: one line per organisation and focus ("ALL" = each team once), then the totals.
  const lines = (code: string, name: string | null, tally: TeamTallyRecord) => [
    [code, name, "ALL", tally.teams, tally.members],
    ...tally.byFocus.map((focus) => [code, name, focus.focus, focus.teams, focus.members]),
  ];
  return {
    columns: ["organisation", "organisation name", "focus", "teams", "members"],
    rows: [...summary.byOrganisation.flatMap((group) => lines(group.organisation.code, group.organisation.name, group)), ...lines("ALL", null, summary)],
  };
}

export async function pairingSummaryTable(context: HubContext, filter: ScopeFilter): Promise<Table> {
  const summary = await pairingSummary(context, filter);
  // Long format: one line per helper and kind ("ALL" = every kind), member helpers as "MEMBERS", then the totals.
  // A suppressed count is an empty cell with "true" in the suppressed column, as null + flag in GraphQL.
  const lines = (code: string, name: string | null, total: PairingCount, byKind: readonly KindTallyRecord[]) => [
    [code, name, "ALL", total.pairings, total.suppressed],
    ...byKind.map((kind) => [code, name, kind.kind, kind.pairings, kind.suppressed]),
  ];
  return {
    columns: ["helper", "helper name", "kind", "pairings", "suppressed"],
    rows: [
      ...summary.byHelper.flatMap((group) => lines(group.organisation?.code ?? "MEMBERS", group.organisation?.name ?? null, group, group.byKind)),
      ...lines("ALL", null, summary, summary.byKind),
    ],
  };
}

/**
 * Every unpaired beneficiary of the scope for the steward's spreadsheet, in a fixed number of round
 * trips: the guard, one unpaged read of the people module's query, the guard on the rows, and
 * their homes in one batch.
 */
export async function unpairedBeneficiariesTable(context: HubContext, filter: ScopeFilter): Promise<Table> {
  await assertMayList(context, [filter.scope], filter.asOf);
  const rows = await context.db.read(beneficiaryPage({ asOf: filter.asOf, kinds: null, within: filter.scope, unpaired: true }, null, UNPAIRED_EXPORT_LIMIT));
  const beneficiaries = rows.map((row) => toEntityRecord(row.entity, filter.asOf));
  await assertMaySee(context, beneficiaries, "A beneficiary listed");
  const homes = await Promise.all(beneficiaries.map((beneficiary) => beneficiaryService.homeOf(context, beneficiary)));
  return {
    columns: ["beneficiary", "pseudonym", "kind", "lives in", "lives in name"],
    rows: beneficiaries.map((beneficiary, index) => [beneficiary.code, beneficiary.name, String(beneficiary.kind), homes[index]?.code ?? null, homes[index]?.name ?? null]),
  };
}
