import { HubError } from "../errors/index.js";
import { decodeCursor, pageSize, toPage, type Page } from "../graph/connection.js";
import { isIsoDate } from "../graph/dates.js";
import { toEntityRecord, type EntityRecord } from "../graph/entity.record.js";
import { shapeOfEvery } from "../graph/read-plan.js";
import { selectionsAt, type Selection } from "../graph/selection.js";
import { toShapedRecord, type Shape } from "../graph/shape.js";
import { OWN_ORGANISATION_THRESHOLD } from "../graph/rules.js";
import type { UnitKind } from "../graph/vocabulary.js";
import type { Row } from "../database/index.js";
import { asOfOrToday, type HubContext } from "../server/context.js";
import {
  gapPage,
  newOrganisationCoverage,
  withoutOwnOrganisationCount,
  withoutOwnOrganisationPage,
  type GapKind,
  type GapShapes,
  WHOLE_GAPS,
} from "./coverage.queries.js";
import { seriesDates, type SeriesStep } from "./series.js";
import { coverageRollupByChild, coverageRollupByChildMany, coverageRollupSeries, coverageRollupSeriesMany } from "./rollup.queries.js";
import { COUNT_FIELDS, type CountVector } from "./rollup.timeline.js";

export interface RateValue {
  readonly covered: number;
  readonly total: number;
  readonly rate: number | null;
}

export interface FiguresValue {
  readonly place: EntityRecord;
  readonly compoundsWithBranch: RateValue;
  readonly buildingsWithGroup: RateValue;
  readonly communitiesWithOrganisation: RateValue;
}

export interface NewOrganisationCoverageValue {
  readonly units: number;
  readonly organisational: RateValue;
  readonly own: RateValue;
  readonly work: RateValue;
  readonly byKind: readonly (Omit<NewOrganisationCoverageValue, "byKind"> & { kind: UnitKind })[];
}

export interface CoverageReportValue {
  readonly place: EntityRecord;
  readonly asOf: string;
  readonly totals: FiguresValue;
  readonly breakdown: readonly FiguresValue[];
  /** Computed only when selected: one more statement. */
  readonly newOrganisations: Promise<NewOrganisationCoverageValue>;
}

export interface GapValue {
  readonly code: string;
  readonly place: EntityRecord;
  readonly parent: EntityRecord | null;
  readonly responsible: EntityRecord | null;
}

export function rate(covered: number, total: number): RateValue {
  return { covered, total, rate: total === 0 ? null : covered / total };
}

interface Counts {
  compounds: number;
  compoundsCovered: number;
  buildings: number;
  buildingsCovered: number;
  communities: number;
  communitiesCovered: number;
}


function figures(place: EntityRecord, counts: Counts): FiguresValue {
  return {
    place,
    compoundsWithBranch: rate(counts.compoundsCovered, counts.compounds),
    buildingsWithGroup: rate(counts.buildingsCovered, counts.buildings),
    communitiesWithOrganisation: rate(counts.communitiesCovered, counts.communities),
  };
}


function resolveDate(context: HubContext, asOf: string | null | undefined, argument = "asOf"): string {
  const date = asOfOrToday(context, asOf);
  if (!isIsoDate(date)) throw new HubError("BAD_USER_INPUT", `${argument} must be a date YYYY-MM-DD.`, { argument });
  return date;
}

/** The counts of a roll-up point (none yet: all zero). */
function countsOf(v: unknown): Counts {
  const vector = (v as CountVector | null) ?? [0, 0, 0, 0, 0, 0];
  return Object.fromEntries(COUNT_FIELDS.map((field, i) => [field, Number(vector[i])])) as unknown as Counts;
}

/**
 * How the report's places are read for `selection` (null: a caller outside GraphQL, whole records):
 * the scope as its `place` and `totals.place` ask, each child as `breakdown.place` asks.
 */
function placeShapes(selection: Selection | null): { scope: Shape; child: Shape } {
  if (!selection) return { scope: "all", child: "all" };
  return {
    scope: shapeOfEvery("Place", [...selectionsAt(selection, ["place"]), ...selectionsAt(selection, ["totals", "place"])]),
    child: shapeOfEvery("Place", selectionsAt(selection, ["breakdown", "place"])),
  };
}

/** A group of keys that one statement can answer together: the same date (and shapes, or dates). */
function groupBy<K>(keys: readonly K[], groupKey: (key: K) => string): Map<string, { keys: K[]; indexes: number[] }> {
  const groups = new Map<string, { keys: K[]; indexes: number[] }>();
  keys.forEach((key, index) => {
    const id = groupKey(key);
    const group = groups.get(id) ?? { keys: [], indexes: [] };
    group.keys.push(key);
    group.indexes.push(index);
    groups.set(id, group);
  });
  return groups;
}

interface ReportKey {
  readonly scope: string;
  readonly asOf: string;
  readonly shapes: { readonly scope: Shape; readonly child: Shape };
}

/**
 * The roll-up row of each report a request asks for (undefined: no such place then). Reports at
 * the same date with the same shapes — several `coverage` fields of one request, e.g. every
 * district of a graph without a common root — are read in one statement
 * (coverage.rollupByChildMany); a lone report keeps its own statement (coverage.rollupByChild).
 */
function reportRows(context: HubContext) {
  return context.loaders.get<ReportKey, Row | undefined>(
    "coverage.reportRows",
    async (keys) => {
      const answers: (Row | undefined)[] = new Array<Row | undefined>(keys.length);
      await Promise.all(
        [...groupBy(keys, (key) => JSON.stringify([key.asOf, key.shapes]))].map(async ([, group]) => {
          const { asOf, shapes } = group.keys[0]!;
          if (group.keys.length === 1) {
            answers[group.indexes[0]!] = (await context.db.read(coverageRollupByChild(group.keys[0]!.scope, asOf, shapes)))[0];
            return;
          }
          const rows = new Map((await context.db.read(coverageRollupByChildMany(group.keys.map((key) => key.scope), asOf, shapes))).map((row) => [String(row.code), row]));
          group.keys.forEach((key, i) => (answers[group.indexes[i]!] = rows.get(key.scope)));
        }),
      );
      return answers;
    },
    (key) => JSON.stringify([key.scope, key.asOf, key.shapes]),
  );
}

/**
 * Territorial coverage of `scope` at `asOf`: one statement for totals and breakdown, reading the
 * roll-ups (a seek for the scope and one per child, whatever lies below them).
 */
export async function coverageReport(context: HubContext, scopeCode: string, asOf: string | null | undefined, selection: Selection | null = null): Promise<CoverageReportValue> {
  const date = resolveDate(context, asOf);
  const shapes = placeShapes(selection);
  const row = await reportRows(context).load({ scope: scopeCode, asOf: date, shapes });
  if (!row) throw new HubError("NOT_FOUND", `No place ${scopeCode} on ${date}.`, { code: scopeCode, asOf: date });
  const place = toShapedRecord(row.scope, "Place", shapes.scope, date);
  const children = (row.children as { place: unknown; v: unknown }[]).map((child) => ({ ...countsOf(child.v), place: toShapedRecord(child.place, "Place", shapes.child, date) }));
  children.sort((a, b) => (a.place.code < b.place.code ? -1 : 1));
  let newOrganisations: Promise<NewOrganisationCoverageValue> | undefined;
  return {
    place,
    asOf: date,
    totals: figures(place, countsOf(row.v)),
    breakdown: children.map((child) => figures(child.place, child)),
    get newOrganisations() {
      newOrganisations ??= newOrganisationFigures(context, scopeCode, date);
      return newOrganisations;
    },
  };
}

export async function newOrganisationFigures(context: HubContext, scopeCode: string, asOf: string): Promise<NewOrganisationCoverageValue> {
  const rows = await context.db.read(newOrganisationCoverage(scopeCode, asOf));
  const byKind = rows.map((row) => {
    const units = Number(row.units);
    return {
      kind: row.kind as UnitKind,
      units,
      organisational: rate(Number(row.covered), units),
      own: rate(Number(row.own), units),
      work: rate(Number(row.workCovered), units),
    };
  });
  const sum = (pick: (item: (typeof byKind)[number]) => number) => byKind.reduce((total, item) => total + pick(item), 0);
  const units = sum((item) => item.units);
  return {
    units,
    organisational: rate(sum((item) => item.organisational.covered), units),
    own: rate(sum((item) => item.own.covered), units),
    work: rate(sum((item) => item.work.covered), units),
    byKind,
  };
}

export async function gaps(
  context: HubContext,
  kind: GapKind,
  scopeCode: string,
  asOf: string,
  first: number | null | undefined,
  afterCursor: string | null | undefined,
  selection: Selection | null = null,
): Promise<Page<GapValue>> {
  const size = pageSize(first);
  const after = decodeCursor(afterCursor);
  const shapes = gapShapes(selection);
  const rows = await context.db.read(gapPage(kind, scopeCode, asOf, after, size + 1, shapes));
  const total = Number(rows[0]?.total ?? 0);
  return toPage(gapsOf(rows, asOf, shapes), size, after, () => Promise.resolve(total));
}

/** Every gap at once, for exports (bounded by `limit`). */
export async function allGaps(context: HubContext, kind: GapKind, scopeCode: string, asOf: string, limit: number): Promise<GapValue[]> {
  return gapsOf(await context.db.read(gapPage(kind, scopeCode, asOf, null, limit, WHOLE_GAPS)), asOf, WHOLE_GAPS);
}

/** What a gap connection's selection asks of each gap's place, parent and responsible organisation (null: whole records). */
function gapShapes(selection: Selection | null): GapShapes {
  if (!selection) return WHOLE_GAPS;
  const below = (field: string) => selectionsAt(selection, ["edges", "node", field]);
  return { place: shapeOfEvery("Place", below("place")), parent: shapeOfEvery("Place", below("parent")), responsible: shapeOfEvery("Organisation", below("responsible")) };
}

/** The gaps of a `gapPage` answer (its row without a place only carries the total). */
function gapsOf(rows: readonly Record<string, unknown>[], asOf: string, shapes: GapShapes): GapValue[] {
  return rows
    .filter((row) => row.place !== null)
    .map((row) => {
      const place = toShapedRecord(row.place, "Place", shapes.place, asOf);
      return {
        code: place.code,
        place,
        parent: row.parent ? toShapedRecord(row.parent, "Place", shapes.parent, asOf) : null,
        responsible: row.responsible ? toShapedRecord(row.responsible, "Organisation", shapes.responsible, asOf) : null,
      };
    });
}

export async function unitsWithoutOwnOrganisation(
  context: HubContext,
  scopeCode: string,
  asOf: string,
  first: number | null | undefined,
  afterCursor: string | null | undefined,
): Promise<Page<EntityRecord>> {
  const size = pageSize(first);
  const after = decodeCursor(afterCursor);
  const rows = await context.db.read(withoutOwnOrganisationPage(scopeCode, asOf, OWN_ORGANISATION_THRESHOLD, after, size + 1));
  return toPage(
    rows.map((row) => toEntityRecord(row.entity, asOf)),
    size,
    after,
    async () => Number((await context.db.read(withoutOwnOrganisationCount(scopeCode, asOf, OWN_ORGANISATION_THRESHOLD)))[0]?.total ?? 0),
  );
}

export interface RateChangeValue {
  readonly before: RateValue;
  readonly after: RateValue;
  readonly coveredChange: number;
  readonly totalChange: number;
  readonly rateChange: number | null;
}

function change(before: RateValue, after: RateValue): RateChangeValue {
  return {
    before,
    after,
    coveredChange: after.covered - before.covered,
    totalChange: after.total - before.total,
    rateChange: before.rate === null || after.rate === null ? null : after.rate - before.rate,
  };
}

/** The same scope at two dates: two statements, whatever the size of the scope. */
export async function coverageComparison(context: HubContext, scopeCode: string, beforeDate: string, afterDate: string) {
  const [before, after] = await Promise.all([
    coverageReport(context, scopeCode, resolveDate(context, beforeDate, "before")),
    coverageReport(context, scopeCode, resolveDate(context, afterDate, "after")),
  ]);
  return {
    before,
    after,
    compoundsWithBranch: change(before.totals.compoundsWithBranch, after.totals.compoundsWithBranch),
    buildingsWithGroup: change(before.totals.buildingsWithGroup, after.totals.buildingsWithGroup),
    communitiesWithOrganisation: change(before.totals.communitiesWithOrganisation, after.totals.communitiesWithOrganisation),
  };
}

export interface SeriesPointValue {
  readonly asOf: string;
  readonly exists: boolean;
  readonly compoundsWithBranch: RateValue;
  readonly buildingsWithGroup: RateValue;
  readonly communitiesWithOrganisation: RateValue;
}

export interface CoverageSeriesValue {
  readonly place: string;
  readonly every: SeriesStep;
  readonly points: readonly SeriesPointValue[];
}

const NO_COUNTS: CountVector = [0, 0, 0, 0, 0, 0];
/** Each count's place in a roll-up vector (countsOf without building an object per point: a series has up to 1 000). */
const AT = Object.fromEntries(COUNT_FIELDS.map((field, index) => [field, index])) as Record<(typeof COUNT_FIELDS)[number], number>;

/** A series point as the statements return it: [ISO date, exists then, roll-up counts or null]. */
type SeriesRow = readonly [string, boolean, unknown];

/**
 * The roll-up points of each series a request asks for (undefined: no such place). Series over the
 * same dates — several `coverageSeries` fields of one request — are read in one statement
 * (coverage.rollupSeriesMany); a lone series keeps its own (coverage.rollupSeries).
 */
function seriesRows(context: HubContext) {
  return context.loaders.get<{ readonly scope: string; readonly span: string; readonly dates: readonly string[] }, readonly SeriesRow[] | undefined>(
    "coverage.seriesRows",
    async (keys) => {
      const answers: (readonly SeriesRow[] | undefined)[] = keys.map(() => undefined);
      await Promise.all(
        [...groupBy(keys, (key) => key.span)].map(async ([, group]) => {
          const { dates } = group.keys[0]!;
          if (group.keys.length === 1) {
            answers[group.indexes[0]!] = (await context.db.read(coverageRollupSeries(group.keys[0]!.scope, dates)))[0]?.points as SeriesRow[] | undefined;
            return;
          }
          const rows = await context.db.read(coverageRollupSeriesMany(group.keys.map((key) => key.scope), dates));
          const byScope = new Map(rows.map((row) => [String(row.code), row.points as SeriesRow[]]));
          group.keys.forEach((key, i) => (answers[group.indexes[i]!] = byScope.get(key.scope)));
        }),
      );
      return answers;
    },
    (key) => `${key.scope}\u0000${key.span}`,
  );
}

/** Totals of `scope` at every date of the series: one statement for all the points. */
export async function coverageSeries(context: HubContext, scopeCode: string, from: string, to: string, every: SeriesStep): Promise<CoverageSeriesValue> {
  const dates = seriesDates(from, to, every);
  // The span names the dates (seriesDates is a function of it), so keys need not spell them out.
  const rows = await seriesRows(context).load({ scope: scopeCode, span: `${from}|${to}|${every}`, dates });
  if (!rows) throw new HubError("NOT_FOUND", `No place ${scopeCode}.`, { code: scopeCode });
  const points = rows.map(([asOf, exists, v]): SeriesPointValue => {
    const c = (exists ? (v as CountVector | null) : null) ?? NO_COUNTS;
    return {
      asOf,
      exists,
      compoundsWithBranch: rate(Number(c[AT.compoundsCovered]), Number(c[AT.compounds])),
      buildingsWithGroup: rate(Number(c[AT.buildingsCovered]), Number(c[AT.buildings])),
      communitiesWithOrganisation: rate(Number(c[AT.communitiesCovered]), Number(c[AT.communities])),
    };
  });
  return { place: scopeCode, every, points };
}
