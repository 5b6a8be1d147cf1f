import { forbidden, inScope, type Viewer } from "../auth/index.js";
import type { Transaction } from "../database/index.js";
import { dayBefore } from "../graph/dates.js";
import { outsideScopeOver } from "../graph/mutation.js";
import type { ScopeWindow } from "../graph/scope.queries.js";
import { isProtectedLabel } from "../people/access.js";
import { placesOfRecords } from "../people/people.queries.js";
import { relationKey, relationOf } from "../seeding/graph-shape.js";
import type { SeedEntity, SeedLink, SeedModel } from "../seeding/model.js";
import type { ImportPlan } from "../seeding/plan.js";
import type { EntityWriteRow } from "../seeding/queries.js";
import { groupInto } from "../seeding/state.js";
import type { CalendarDate } from "../temporal/index.js";
import { cellName, decodeCell } from "./cells.js";
import { firstChangedDay, startOf } from "./first-changed-day.js";

/**
 * A steward's workbook import held to the token's scope (docs/SPREADSHEETS.md, "Stewards").
 *
 * An import rewrites each record it touches as a whole — every name, every dated link, its
 * validity — with no effective day of its own, so the day a write takes effect is worked out per
 * record. A CREATED record is judged over its whole life. An UPDATED one is judged from the first
 * day the import changes it (`firstChangedDay`, ./first-changed-day.ts): the earliest validFrom of
 * a name added, removed or changed; the earlier start when validFrom changes (the whole life);
 * the day before the earlier end when validTo changes; the day before the start of a link it
 * creates or deletes (a link over the whole life: the whole life); the whole life when an undated
 * attribute changes (it holds on every day). It is written only when it lies in the scope on every
 * day from there to its end, both as the graph held it before the import and as the import leaves
 * it. On the days before, the two agree on every fact, so a steward may correct a compound's name
 * from 2024 though the compound lay in a village before it came into the scope. Backdating a
 * record (or a name, or a link) into the days before it entered the scope, extending it past the
 * day it leaves, shortening it to drop a planned move, moving it in from elsewhere or out to
 * elsewhere: each changes some day on which one of those lives lies outside the scope.
 *
 * Every link the import creates also needs its other end in the scope, from the day before the
 * link starts to that record's end (the mutations' `requireEntity`/`lookUp`: hanging a branch
 * under a committee outside the scope is refused even when the branch itself lies inside); so does
 * the other end of every link the import deletes, as it lay before. Only an admin creates a place
 * with no parent (`assertMayCreateTopLevel`). Personal records the workbook holds unchanged must
 * be ones the steward may read today — what the steward's export (workbook.service.ts) hands out —
 * so an unchanged row cannot confirm a guess about a person elsewhere.
 *
 * The judgement is the mutations' own (`outsideScopeOver`, src/graph/scope.queries.ts: where
 * each kind of record lies, on every day a placing link starts or ends), run inside the import's
 * one write transaction: over the old state after the graph was read (`beforeWrites`), over the new
 * one after the writes and before commit (`beforeCommit`), each time with every record judged
 * write-locked first. So a concurrent move of a judged record (mutations lock what they move)
 * waits for this import's commit or rollback rather than slipping between check and commit, and
 * a refusal rolls everything back: the graph is exactly as it was. (Checking before writing
 * alone would not do: the new state — where created links and moved records end up, after
 * roll-ups and every other write — exists only after the writes.)
 */

/** How many cells a refusal lists; the rest are counted. */
export const MAX_REFUSED_CELLS = 20;

/** One thing to judge: an entity from a day on, and the workbook cell that asks for it. */
interface Check extends ScopeWindow {
  /** The workbook record that asks: the entity itself, or the record whose link points at it. */
  readonly record: string;
  /** The encoded cell (src/spreadsheet/cells.ts): its numeric order is the workbook's order. */
  readonly line: number;
}

function entityStart(entity: SeedEntity): string {
  return entity.label === "ChangeEvent" ? dayBefore(entity.life.from) : entity.life.from;
}

function rowsOf(map: ReadonlyMap<string, readonly EntityWriteRow[]>): { label: string; row: EntityWriteRow }[] {
  return [...map].flatMap(([label, rows]) => rows.map((row) => ({ label, row })));
}

function touchedCodes(plan: ImportPlan): Set<string> {
  return new Set([...rowsOf(plan.creates), ...rowsOf(plan.updates)].map(({ row }) => row.code));
}

/**
 * The workbook's links this import creates (a touched record's unchanged links are not written:
 * they are judged as a mutation judges what it does not link anew, through the record's own place).
 */
function createdLinks(plan: ImportPlan, model: SeedModel): SeedLink[] {
  const touched = touchedCodes(plan);
  const created = new Set([...plan.relationCreates].flatMap(([type, rows]) => rows.map((row) => relationKey({ type, ...row }))));
  return model.links.filter((link) => touched.has(link.owner.code) && created.has(relationKey(relationOf(link))));
}

/** The day each updated record is judged from, before and after the import: the first day the import changes it. */
function updatesJudgedFrom(plan: ImportPlan, model: SeedModel): Map<string, CalendarDate> {
  const before = new Map(rowsOf(plan.before).map(({ row }) => [row.code, row]));
  const changedLinkStarts = new Map<string, (CalendarDate | null)[]>();
  for (const relation of plan.relationDeletes) groupInto(changedLinkStarts, relation.owner, relation.validFrom);
  for (const link of createdLinks(plan, model)) groupInto(changedLinkStarts, link.owner.code, relationOf(link).validFrom);
  return new Map(rowsOf(plan.updates).map(({ label, row }) => [row.code, firstChangedDay(label, before.get(row.code)!, row, changedLinkStarts.get(row.code) ?? [])]));
}

/** Write-locks records by code (in one order, so two imports do not deadlock on each other), as `entityAnyTime` locks one. */
function lock(tx: Transaction, codes: readonly string[]): Promise<unknown> {
  return tx.run({ name: "workbook.lockJudged", cypher: "UNWIND $codes AS code MATCH (e:Entity {code: code}) SET e._lock = true REMOVE e._lock", params: { codes: [...new Set(codes)].sort() } });
}

export interface WorkbookScopeCheck {
  /** The import's `beforeWrites`: the touched records and deleted links as the graph holds them. */
  readonly beforeWrites: (tx: Transaction, plan: ImportPlan) => Promise<void>;
  /** Part of the import's `beforeCommit`: the touched records and their links as the import leaves them. */
  readonly afterWrites: (tx: Transaction, plan: ImportPlan) => Promise<void>;
}

/** The two halves of a steward's scope check for one workbook (nothing to check for an admin). */
export function workbookScopeCheck(viewer: Viewer, model: SeedModel, today: string): WorkbookScopeCheck {
  const lineOf = (code: string) => model.byCode.get(code)?.record.line;

  async function refuseOutside(tx: Transaction, checks: readonly Check[], alsoRefused: readonly Check[] = []): Promise<void> {
    // What is judged stays as judged until commit: a mutation moving one of these records locks it
    // first (lookUp), so it waits for this import instead of slipping between the check and the commit.
    await lock(tx, checks.map((check) => check.code));
    const outside = await outsideScopeOver(tx, viewer, checks);
    const refused = new Set(outside.map((entity) => entity.code));
    const found = [...checks.filter((check) => refused.has(check.code)), ...alsoRefused];
    if (found.length === 0) return;
    // One place per record: its own cell when the record itself lies outside, else its links' cells.
    const outsideItself = new Set(found.filter((check) => check.code === check.record).map((check) => check.record));
    const cells = found.filter((check) => check.code === check.record || !outsideItself.has(check.record));
    // Named: codes the workbook itself holds, never personal ones (nor a code only the graph knows).
    const entities = outside.filter((entity) => !entity.protected && model.byCode.has(entity.code)).map((entity) => entity.code);
    throw outOfScope(viewer, [...new Set(cells.map((check) => check.line))], entities);
  }

  return {
    async beforeWrites(tx, plan) {
      if (viewer.role === "admin") return;
      const judgedFrom = updatesJudgedFrom(plan, model);
      const checks: Check[] = [...judgedFrom].map(([code, from]) => ({ code, record: code, from, line: lineOf(code)! }));
      const oldStart = new Map(rowsOf(plan.before).map(({ label, row }) => [row.code, startOf(label, row.dates)]));
      for (const relation of plan.relationDeletes) {
        const other = relation.from === relation.owner ? relation.to : relation.from;
        const from = relation.validFrom === null ? oldStart.get(relation.owner)! : dayBefore(relation.validFrom);
        checks.push({ code: other, record: relation.owner, from, line: lineOf(relation.owner)! });
      }
      await refuseOutside(tx, checks);
    },

    async afterWrites(tx, plan) {
      if (viewer.role === "admin") return;
      const touched = touchedCodes(plan);
      const judgedFrom = updatesJudgedFrom(plan, model);
      const checks: Check[] = [];
      const topLevel: Check[] = [];
      for (const code of touched) {
        const entity = model.byCode.get(code)!;
        // A created record over its whole life; an updated one from the first day the import changes it.
        checks.push({ code, record: code, from: judgedFrom.get(code) ?? entityStart(entity), line: entity.record.line });
        const isNew = plan.creates.get(entity.label)?.some((row) => row.code === code) ?? false;
        if (isNew && entity.label === "Place" && !model.links.some((link) => link.owner === entity && link.relation.type === "PART_OF")) {
          topLevel.push({ code, record: code, from: entity.life.from, line: entity.record.line });
        }
      }
      for (const link of createdLinks(plan, model)) {
        checks.push({ code: link.target, record: link.owner.code, from: link.span === null ? entityStart(link.owner) : dayBefore(link.span.from), line: link.line });
      }
      // Unchanged personal records: the steward's export's rule (the people guard's maySee: one of
      // the places the record lies in today is in the scope), asked inside this transaction.
      const unchanged = model.entities.filter((entity) => isProtectedLabel(entity.label) && !touched.has(entity.code));
      const unreadable: Check[] = [];
      if (unchanged.length > 0) {
        const rows = await tx.run(placesOfRecords("code", unchanged.map((entity) => entity.code), today));
        const places = new Map(rows.map((row) => [String(row.key), row.places as string[]]));
        for (const entity of unchanged) {
          if (!inScope(viewer, places.get(entity.code) ?? [])) unreadable.push({ code: entity.code, record: entity.code, from: today, line: entity.record.line });
        }
      }
      await refuseOutside(tx, checks, [...topLevel, ...unreadable]);
    },
  };
}

/**
 * The refusal: FORBIDDEN / OUT_OF_SCOPE, as a mutation's, naming the first cells in workbook order
 * (sheet, row, column) and only the workbook's own non-personal codes; no names, no places.
 */
function outOfScope(viewer: Viewer, lines: readonly number[], entities: readonly string[]) {
  const cells = [...lines].sort((a, b) => a - b).map((line) => cellName(decodeCell(line)));
  const shown = cells.slice(0, MAX_REFUSED_CELLS);
  const more = cells.length - shown.length;
  return forbidden(
    viewer,
    "steward",
    `The workbook writes records outside the places of the token's scope on some day of their life or of a link's: ${shown.join(", ")}${more > 0 ? ` (and ${more} more)` : ""}. ` +
      "A steward imports only records that lie in the scope, before and after the import, on every day from the first day the import changes them (a new record: its whole life); the steward of a wider place or an admin imports the rest.",
    { entities: entities.slice(0, MAX_REFUSED_CELLS), cells: shown },
  );
}
