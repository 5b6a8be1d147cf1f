import type { Row } from "../database/index.js";
import type { Table } from "../exports/table.js";
import { reportedFor, type ScopeFilter } from "../graph/analytics.js";
import { dayBefore } from "../graph/dates.js";
import { toEntityRecord, type EntityRecord } from "../graph/entity.record.js";
import type { ChangeEventKind } from "../graph/vocabulary.js";
import type { HubContext } from "../server/context.js";
import { dualLeadershipQuery, misalignedLeadershipQuery, ruleBreachesQuery } from "./integrity.queries.js";
import { NetworkRuleEnum, type MisalignmentReason, type NetworkRule } from "./integrity.type.js";

/** Report records: plain objects shaped like the GraphQL types, entities as EntityRecords. */
export interface DualLeadershipItem {
  readonly organisation: EntityRecord;
  readonly territorialLeader: EntityRecord;
  readonly territorialSince: string;
  readonly ownSystemLeader: EntityRecord;
  readonly ownSystemSince: string;
}

export interface ScopedReport<T> {
  readonly asOf: string;
  readonly within: string | null;
  readonly count: number;
  readonly items: readonly T[];
}

export interface MismatchItem {
  readonly organisation: EntityRecord;
  readonly place: EntityRecord;
  readonly leader: EntityRecord;
  readonly leaderPlaces: readonly EntityRecord[];
  readonly reason: MisalignmentReason;
  readonly explanation: string;
  readonly movedPlace: EntityRecord | null;
  readonly formerParent: EntityRecord | null;
  readonly movedOn: string | null;
  readonly eventCode: string | null;
  readonly eventKind: ChangeEventKind | null;
}

export interface BreachItem {
  readonly organisation: EntityRecord;
  readonly rule: NetworkRule;
  readonly measured: number;
  readonly threshold: number;
  readonly explanation: string;
}

function entity(row: Row, key: string, asOf: string): EntityRecord {
  return toEntityRecord(row[key], asOf);
}

export async function dualLeadership(context: HubContext, filter: ScopeFilter): Promise<ScopedReport<DualLeadershipItem>> {
  const rows = await context.db.read(dualLeadershipQuery(filter));
  const items = rows.map((row) => ({
    organisation: entity(row, "organisation", filter.asOf),
    territorialLeader: entity(row, "territorialLeader", filter.asOf),
    territorialSince: String(row.territorialSince),
    ownSystemLeader: entity(row, "ownSystemLeader", filter.asOf),
    ownSystemSince: String(row.ownSystemSince),
  }));
  return { ...reportedFor(filter), count: items.length, items };
}

function mismatchReason(row: Row): { reason: MisalignmentReason; explanation: string } {
  const where = `${String((row.organisation as Row).code)} is built at ${String((row.place as Row).code)}, outside the places of its territorial leader ${String((row.leader as Row).code)}`;
  if (row.movedOn === null) return { reason: "LEADER_ELSEWHERE", explanation: `${where}; no move of the place explains it.` };
  const move = `${String((row.moved as Row).code)} left ${String((row.formerParent as Row).code)} on ${String(row.movedOn)}`;
  const event = row.event as { code: string; kind: string } | null;
  if (event) return { reason: "PLACE_MOVED_AT_EVENT", explanation: `${where}: ${move} at ${event.kind} ${event.code} while the leader stayed.` };
  return { reason: "PLACE_MOVED", explanation: `${where}: ${move} while the leader stayed (no change event recorded that day).` };
}

export async function misalignedLeadership(context: HubContext, filter: ScopeFilter): Promise<ScopedReport<MismatchItem> & { movedAtEvent: number }> {
  const rows = await context.db.read(misalignedLeadershipQuery(filter));
  const items = rows.map((row): MismatchItem => {
    const movedOn = (row.movedOn as string | null) ?? null;
    const event = row.event as { code: string; kind: ChangeEventKind } | null;
    return {
      organisation: entity(row, "organisation", filter.asOf),
      place: entity(row, "place", filter.asOf),
      leader: entity(row, "leader", filter.asOf),
      leaderPlaces: (row.leaderPlaces as unknown[]).map((place) => toEntityRecord(place, filter.asOf)),
      ...mismatchReason(row),
      movedPlace: row.moved ? entity(row, "moved", filter.asOf) : null,
      // The former parent may be gone by asOf (a merged village): it is seen on its last day as parent.
      formerParent: row.formerParent && movedOn ? entity(row, "formerParent", dayBefore(movedOn)) : null,
      movedOn,
      eventCode: event?.code ?? null,
      eventKind: event?.kind ?? null,
    };
  });
  return { ...reportedFor(filter), count: items.length, movedAtEvent: items.filter((item) => item.reason === "PLACE_MOVED_AT_EVENT").length, items };
}

const BREACH_TEXT: Record<NetworkRule, (measured: number, threshold: number) => string> = {
  BRANCH_COMMITTEE: (measured, threshold) => `${measured} formal members (a committee is due from ${threshold}) and no elected committee.`,
  JOINT_BRANCH_SIZE: (measured, threshold) => `covers ${measured} units; a joint branch covers at most ${threshold}.`,
  GROUP_PLACE: () => "a group built at no building or courtyard.",
  GROUP_LEADER: () => "a group with no branch leading it on the territorial line.",
};

export async function ruleBreaches(context: HubContext, filter: ScopeFilter): Promise<ScopedReport<BreachItem> & { byRule: { rule: NetworkRule; count: number }[] }> {
  const rows = await context.db.read(ruleBreachesQuery(filter));
  const items = rows.map((row): BreachItem => {
    const rule = row.rule as NetworkRule;
    const measured = Number(row.measured);
    const threshold = Number(row.threshold);
    return { organisation: entity(row, "organisation", filter.asOf), rule, measured, threshold, explanation: BREACH_TEXT[rule](measured, threshold) };
  });
  const byRule = Object.values(NetworkRuleEnum).map((rule) => ({ rule, count: items.filter((item) => item.rule === rule).length }));
  return { ...reportedFor(filter), count: items.length, byRule, items };
}

/** Tables for CSV export: the same service calls, so both show the same rows (the registry in index.ts says who may download them). */
export async function dualLeadershipTable(context: HubContext, filter: ScopeFilter): Promise<Table> {
  const report = await dualLeadership(context, filter);
  return {
    columns: ["organisation", "organisation name", "territorial leader", "territorial leader name", "territorial since", "own-system leader", "own-system leader name", "own-system since"],
    rows: report.items.map((item) => [
      item.organisation.code,
      item.organisation.name,
      item.territorialLeader.code,
      item.territorialLeader.name,
      item.territorialSince,
      item.ownSystemLeader.code,
      item.ownSystemLeader.name,
      item.ownSystemSince,
    ]),
  };
}

export async function misalignedLeadershipTable(context: HubContext, filter: ScopeFilter): Promise<Table> {
  const report = await misalignedLeadership(context, filter);
  return {
    columns: ["organisation", "organisation name", "place", "place name", "leader", "leader name", "leader places", "reason", "moved place", "former parent", "moved on", "event", "explanation"],
    rows: report.items.map((item) => [
      item.organisation.code,
      item.organisation.name,
      item.place.code,
      item.place.name,
      item.leader.code,
      item.leader.name,
      item.leaderPlaces.map((place) => place.code).join(" "),
      item.reason,
      item.movedPlace?.code ?? null,
      item.formerParent?.code ?? null,
      item.movedOn,
      item.eventCode,
      item.explanation,
    ]),
  };
}

export async function ruleBreachesTable(context: HubContext, filter: ScopeFilter): Promise<Table> {
  const report = await ruleBreaches(context, filter);
  return {
    columns: ["rule", "organisation", "organisation name", "measured", "threshold", "explanation"],
    rows: report.items.map((item) => [item.rule, item.organisation.code, item.organisation.name, item.measured, item.threshold, item.explanation]),
  };
}
