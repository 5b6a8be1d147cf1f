import { forbidden, inScope, type Viewer } from "../auth/index.js";
import type { Transaction } from "../database/index.js";
import { dayBefore } from "../graph/dates.js";
import { outsideScopeOver } from "../graph/mutation.js";
import type { ScopeWindow } from "../graph/scope.queries.js";
import { isProtectedLabel } from "../people/access.js";
import { placesOfRecords } from "../people/people.queries.js";
import { relationKey, relationOf } from "../seeding/graph-shape.js";
import type { SeedEntity, SeedModel } from "../seeding/model.js";
import type { ImportPlan } from "../seeding/plan.js";
import type { EntityWriteRow } from "../seeding/queries.js";
import { cellName, decodeCell } from "./cells.js";

/**
 * A steward's workbook import held to the token's scope (docs/SPREADSHEETS.md, "Stewards").
 *
 * An import rewrites each record it touches as a whole — every name, every dated link, its
 * validity — so a touched record is judged over its WHOLE life, not from a write's effective day
 * as a mutation is: a record is written only when it lies in the scope on every day of its life,
 * both as the graph held it before the import and as the import leaves it. Backdating a record to
 * before it entered the scope, extending it past the day it leaves, moving it in from elsewhere or
 * out to elsewhere: each puts some day of one of those lives outside the scope.
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

/** The first day a record's life is judged from: a dated record is clamped to its own validFrom; a change event from the day before it. */
function startOf(label: string, dates: Readonly<Record<string, unknown>>): string {
  if (label === "ChangeEvent") return dayBefore(String(dates.date));
  // A record with no validFrom (legacy data) is judged from the first day it could hold.
  return typeof dates.validFrom === "string" ? dates.validFrom : "0001-01-01";
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
      const updated = rowsOf(plan.updates);
      const before = new Map(rowsOf(plan.before).map(({ label, row }) => [row.code, startOf(label, row.dates)]));
      const checks: Check[] = updated.map(({ row }) => ({ code: row.code, record: row.code, from: before.get(row.code)!, line: lineOf(row.code)! }));
      for (const relation of plan.relationDeletes) {
        const other = relation.from === relation.owner ? relation.to : relation.from;
        const from = relation.validFrom === null ? before.get(relation.owner)! : dayBefore(relation.validFrom);
        checks.push({ code: other, record: relation.owner, from, line: lineOf(relation.owner)! });
      }
      await refuseOutside(tx, checks);
    },

    async afterWrites(tx, plan) {
      if (viewer.role === "admin") return;
      const touched = touchedCodes(plan);
      const checks: Check[] = [];
      const topLevel: Check[] = [];
      for (const code of touched) {
        const entity = model.byCode.get(code)!;
        checks.push({ code, record: code, from: entityStart(entity), line: entity.record.line });
        const isNew = plan.creates.get(entity.label)?.some((row) => row.code === code) ?? false;
        if (isNew && entity.label === "Place" && !model.links.some((link) => link.owner === entity && link.relation.type === "PART_OF")) {
          topLevel.push({ code, record: code, from: entity.life.from, line: entity.record.line });
        }
      }
      // The links this import creates (a touched record's unchanged links are not written: they
      // are judged as a mutation judges what it does not link anew, through the record's own place).
      const created = new Set([...plan.relationCreates].flatMap(([type, rows]) => rows.map((row) => relationKey({ type, ...row }))));
      for (const link of model.links) {
        if (!touched.has(link.owner.code) || !created.has(relationKey(relationOf(link)))) continue;
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
      "A steward imports only records whose whole history, before and after the import, lies in the scope; the steward of a wider place or an admin imports the rest.",
    { entities: entities.slice(0, MAX_REFUSED_CELLS), cells: shown },
  );
}
