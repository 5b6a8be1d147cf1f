import { atLeast, requireRole } from "../auth/index.js";
import { forbidden } from "../auth/auth-checker.js";
import type { Row } from "../database/index.js";
import { HubError } from "../errors/index.js";
import type { Table } from "../exports/table.js";
import { share } from "../graph/analytics.js";
import { toEntityRecord, type EntityRecord } from "../graph/entity.record.js";
import { shapeOfEvery } from "../graph/read-plan.js";
import { selectionsAt, type Selection } from "../graph/selection.js";
import { toShapedRecord } from "../graph/shape.js";
import type { UnitKind } from "../graph/vocabulary.js";
import { asOfOrToday, type HubContext } from "../server/context.js";
import { maySee, redactRefs, type RefRecord } from "../people/access.js";
import { disclosureThreshold, maySeeRecordsIn, suppressCounts } from "../people/suppression.js";
import { councilCompositionQuery, linksQuery, shortestConnectionQuery, type LinkAnchor, type LinkShapes, WHOLE_LINKS } from "./linkage.queries.js";
import type { LinkKind, RelationDirection } from "./linkage.type.js";

/** A reference on a path: code, label and name, or all three null when the personal-data guard redacted it. */
export type EntityRefRecord = RefRecord;

export interface LinkItem {
  readonly kind: LinkKind;
  readonly unit: EntityRecord;
  readonly community: EntityRecord;
  readonly organisation: EntityRecord | null;
  readonly via: EntityRecord | null;
  readonly count: number | null;
  /** True when `count` (registrations, pairings: personal data) is withheld by disclosure control. */
  readonly suppressed: boolean;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly partTime: boolean | null;
  readonly responsibilities: string | null;
}

export interface SeatItem {
  readonly organisation: EntityRecord;
  readonly unit: EntityRecord | null;
  readonly unitKind: UnitKind | null;
  readonly responsibilities: string | null;
  readonly partTime: boolean;
  readonly validFrom: string;
  readonly validTo: string | null;
}

export interface CompositionRecord {
  readonly council: EntityRecord;
  readonly asOf: string;
  readonly serves: EntityRecord | null;
  readonly convenedBy: EntityRecord | null;
  readonly seats: number;
  readonly residentUnitSeats: number;
  readonly residentUnitShare: number;
  readonly partTimeSeats: number;
  readonly partTimeShare: number;
  readonly members: readonly SeatItem[];
}

export interface PathRecord {
  readonly length: number;
  readonly entities: readonly EntityRefRecord[];
  readonly steps: readonly {
    from: EntityRefRecord;
    relation: string;
    direction: RelationDirection;
    to: EntityRefRecord;
    validFrom: string;
    validTo: string | null;
  }[];
}

/** Hops of shortestConnection: 4 unless asked, never more than 6 (a path search grows fast with depth). */
export const DEFAULT_MAX_HOPS = 4;
export const MAX_HOPS = 6;

const LABEL_OF_ANCHOR: Record<LinkAnchor, string> = { unit: "Unit", community: "Place" };

/** The links of one unit (to every community) or of one community (to every unit), in one query. */
export async function links(context: HubContext, anchor: LinkAnchor, code: string, asOf: string | null | undefined, selection: Selection | null = null): Promise<LinkItem[]> {
  const date = asOfOrToday(context, asOf);
  // The link's records in the shape the selection asks for (no selection, e.g. a CSV: whole).
  const shapes: LinkShapes = selection
    ? { unit: shapeOfEvery("Unit", selectionsAt(selection, ["unit"])), community: shapeOfEvery("Place", selectionsAt(selection, ["community"])), organisation: shapeOfEvery("Organisation", selectionsAt(selection, ["organisation"])) }
    : WHOLE_LINKS;
  const [row] = await context.db.read(linksQuery(anchor, code, date, shapes));
  if (!row?.found) throw new HubError("NOT_FOUND", `No ${LABEL_OF_ANCHOR[anchor]} with code ${code} on ${date}.`, { code, asOf: date });
  const items = (row.links as Row[]).map((link) => ({
    kind: link.kind as LinkKind,
    unit: toShapedRecord(link.unit, "Unit", shapes.unit, date),
    community: toShapedRecord(link.community, "Place", shapes.community, date),
    organisation: link.organisation ? toShapedRecord(link.organisation, "Organisation", shapes.organisation, date) : null,
    via: link.via ? toEntityRecord(link.via, date) : null,
    count: (link.count as number | null) ?? null,
    suppressed: false,
    validFrom: String(link.validFrom),
    validTo: (link.validTo as string | null) ?? null,
    partTime: (link.partTime as boolean | null) ?? null,
    responsibilities: (link.responsibilities as string | null) ?? null,
  }));
  // Registrations and pairings are counts of people: small ones are withheld from a caller who may
  // not see the records of that community (disclosure control, src/people/suppression.ts).
  const communities = [...new Set(items.filter((item) => item.count !== null).map((item) => item.community.code))];
  const seeing = new Map(await Promise.all(communities.map(async (code) => [code, await maySeeRecordsIn(context, code, date)] as const)));
  const threshold = disclosureThreshold(context);
  return items.map((item) => {
    if (item.count === null || seeing.get(item.community.code)) return item;
    const [cell] = suppressCounts([item.count], [], threshold);
    return { ...item, count: cell!.value, suppressed: cell!.suppressed };
  });
}

export async function councilComposition(context: HubContext, code: string, asOf: string | null | undefined): Promise<CompositionRecord> {
  const date = asOfOrToday(context, asOf);
  const [row] = await context.db.read(councilCompositionQuery(code, date));
  if (!row?.found) throw new HubError("NOT_FOUND", `No Council with code ${code} on ${date}.`, { code, asOf: date });
  const seats = Number(row.total);
  const residentUnitSeats = Number(row.residentUnitSeats);
  const partTimeSeats = Number(row.partTimeSeats);
  return {
    council: toEntityRecord(row.council, date),
    asOf: date,
    serves: row.serves ? toEntityRecord(row.serves, date) : null,
    convenedBy: row.convenedBy ? toEntityRecord(row.convenedBy, date) : null,
    seats,
    residentUnitSeats,
    residentUnitShare: share(residentUnitSeats, seats),
    partTimeSeats,
    partTimeShare: share(partTimeSeats, seats),
    members: (row.seats as Row[]).map((seat) => {
      const unit = seat.unit ? toEntityRecord(seat.unit, date) : null;
      return {
        organisation: toEntityRecord(seat.organisation, date),
        unit,
        unitKind: (unit?.kind as UnitKind | undefined) ?? null,
        responsibilities: (seat.responsibilities as string | null) ?? null,
        partTime: Boolean(seat.partTime),
        validFrom: String(seat.validFrom),
        validTo: (seat.validTo as string | null) ?? null,
      };
    }),
  };
}

/**
 * The shortest path between two entities at a date, through the personal-data guard: an end the
 * caller may not see (a member, beneficiary or pairing outside a steward's scope; any of them for
 * viewers and analysts) is FORBIDDEN; a path never passes through a member or beneficiary unless
 * the caller is a steward or admin, and when a steward's path passes through one outside the scope
 * the path is searched again without people (so no hidden person links two visible entities);
 * whatever the guard still withholds is a placeholder (no code, no kind, no name). Null when no
 * path of at most `maxHops` relations exists.
 */
export async function shortestConnection(
  context: HubContext,
  from: string,
  to: string,
  maxHops: number | null | undefined,
  asOf: string | null | undefined,
): Promise<PathRecord | null> {
  const hops = maxHops ?? DEFAULT_MAX_HOPS;
  if (!Number.isInteger(hops) || hops < 1 || hops > MAX_HOPS) {
    throw new HubError("BAD_USER_INPUT", `maxHops must be between 1 and ${MAX_HOPS}.`, { argument: "maxHops", max: MAX_HOPS });
  }
  const date = asOfOrToday(context, asOf);
  const persons = atLeast(context.viewer, "steward");
  let [row] = await context.db.read(shortestConnectionQuery(from, to, hops, date, persons));
  if (!row?.fromRef) throw new HubError("NOT_FOUND", `No entity with code ${from} on ${date}.`, { code: from, asOf: date });
  if (!row.toRef) throw new HubError("NOT_FOUND", `No entity with code ${to} on ${date}.`, { code: to, asOf: date });
  if (!persons && (row.fromPerson || row.toPerson)) requireRole(context.viewer, "steward", "A path to a member or beneficiary (personal data)");
  const ends = await maySee(context, [row.fromRef as RefRecord, row.toRef as RefRecord], date);
  if (!ends.every(Boolean)) {
    throw forbidden(context.viewer, "steward", "A member, beneficiary or pairing is personal data: a path to one needs a steward whose scope covers it.", { entities: [] });
  }
  if (from === to) return { length: 0, entities: [{ ...(row.fromRef as RefRecord), redacted: false }], steps: [] };
  if (row.entities && persons && !(await maySee(context, row.entities as RefRecord[], date)).every(Boolean)) {
    [row] = await context.db.read(shortestConnectionQuery(from, to, hops, date, false));
  }
  if (!row?.entities) return null;
  const entities = await redactRefs(
    context,
    (row.entities as RefRecord[]).map((ref) => ({ ...ref, asOf: date, redacted: false })),
  );
  const relations = row.relations as { type: string; forward: boolean; validFrom: string; validTo: string | null }[];
  return {
    length: relations.length,
    entities,
    steps: relations.map((relation, index) => ({
      from: entities[index]!,
      relation: relation.type,
      direction: relation.forward ? "FORWARD" : "BACKWARD",
      to: entities[index + 1]!,
      validFrom: String(relation.validFrom),
      validTo: relation.validTo ?? null,
    })),
  };
}

/** Tables for CSV export: the same service calls, so both show the same rows (the registry in index.ts says who may download them). */
export async function linksTable(context: HubContext, anchor: LinkAnchor, code: string, asOf: string | null): Promise<Table> {
  const items = await links(context, anchor, code, asOf);
  return {
    columns: ["kind", "unit", "unit name", "community", "community name", "organisation", "via", "via label", "via name", "count", "suppressed", "valid from", "valid to", "part-time", "responsibilities"],
    rows: items.map((link) => [
      link.kind,
      link.unit.code,
      link.unit.name,
      link.community.code,
      link.community.name,
      link.organisation?.code ?? null,
      link.via?.code ?? null,
      link.via?.label ?? null,
      link.via?.name ?? null,
      link.count,
      link.suppressed,
      link.validFrom,
      link.validTo,
      link.partTime,
      link.responsibilities,
    ]),
  };
}

/** The seats, then a blank line and the totals (label in the first column, value in the second). */
export async function councilCompositionTable(context: HubContext, code: string, asOf: string | null): Promise<Table> {
  const report = await councilComposition(context, code, asOf);
  return {
    columns: ["organisation", "organisation name", "unit", "unit kind", "part-time", "responsibilities", "valid from", "valid to"],
    rows: [
      ...report.members.map((seat) => [
        seat.organisation.code,
        seat.organisation.name,
        seat.unit?.code ?? null,
        seat.unitKind,
        seat.partTime,
        seat.responsibilities,
        seat.validFrom,
        seat.validTo,
      ]),
      [],
      ["seats", report.seats],
      ["resident unit seats", report.residentUnitSeats],
      ["resident unit share", report.residentUnitShare],
      ["part-time seats", report.partTimeSeats],
      ["part-time share", report.partTimeShare],
    ],
  };
}

/** A redacted path element in CSV: no code, no name, and "(redacted)" where its label would be. */
function refLabel(ref: RefRecord): string | null {
  return ref.redacted ? "(redacted)" : ref.label;
}

/** The path, one row per relation; no row when there is no path within the hops. */
export async function shortestConnectionTable(context: HubContext, from: string, to: string, maxHops: number | null, asOf: string | null): Promise<Table> {
  const path = await shortestConnection(context, from, to, maxHops, asOf);
  return {
    columns: ["step", "from", "from label", "from name", "relation", "direction", "to", "to label", "to name", "valid from", "valid to"],
    rows: (path?.steps ?? []).map((step, index) => [
      index + 1,
      step.from.code,
      refLabel(step.from),
      step.from.name,
      step.relation,
      step.direction,
      step.to.code,
      refLabel(step.to),
      step.to.name,
      step.validFrom,
      step.validTo,
    ]),
  };
}
