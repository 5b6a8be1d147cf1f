import type { Transaction } from "../database/index.js";
import { ruleViolation } from "./mutation.js";
import { exclusiveKey, NO_CYCLES, ONE_AT_A_TIME, oneAtATimeClash, wouldCloseCycleQuery, type HeldLink, type NoCycleType, type OneAtATime, type OneAtATimeType } from "./rule-registry.js";
import { heldLinksQuery, type RelationType } from "./write.queries.js";

/**
 * The write path of the registry's one-at-a-time and no-cycle rules (src/graph/rule-registry.ts):
 * every mutation that creates or moves such a link calls these inside its transaction, after it
 * has ended the link it replaces and before it opens the new one. A refusal is RULE_VIOLATION with
 * the rule's id in `extensions.rule`, thrown before anything is written (the transaction rolls back).
 */

/** Every link of `type` from `code` as this transaction sees it: its far end's code, days and properties (the registry's checks take these). */
export async function readHeldLinks(tx: Transaction, type: RelationType, code: string): Promise<(HeldLink & { readonly code: string })[]> {
  const rows = await tx.run(heldLinksQuery(type, code));
  return rows.map((row) => ({
    code: String(row.code),
    from: String(row.validFrom),
    to: row.validTo === null || row.validTo === undefined ? null : String(row.validTo),
    properties: (row.properties ?? {}) as Record<string, unknown>,
  }));
}

/**
 * Refuses a new link of `type` from `code` over `span` (with `properties`, e.g. a leadership line)
 * when one of the record's links of that type holds on one of its days and shares the rule's key:
 * the registry's `breaksOneAtATime`, on the record's links read in this transaction.
 */
export async function assertOneAtATime(
  tx: Transaction,
  type: OneAtATimeType,
  code: string,
  span: { readonly from: string; readonly to: string | null },
  properties: Readonly<Record<string, unknown>> = {},
): Promise<void> {
  const held = await readHeldLinks(tx, type, code);
  const clash = oneAtATimeClash<HeldLink & { code: string }>(type, held, { ...span, properties });
  if (!clash) return;
  const entry: OneAtATime = ONE_AT_A_TIME[type];
  const key = entry.per === undefined ? "" : ` ${entry.per} ${exclusiveKey(type, properties)}`;
  throw ruleViolation(
    entry.rule,
    `${code} already has a ${type}${key} link to ${clash.code} from ${clash.from} to ${clash.to ?? "open end"}, which overlaps ${span.from}–${span.to ?? "open end"}: one at a time (end or move that link first).`,
    { code, type, existing: clash.code, validFrom: clash.from, validTo: clash.to, ...(entry.per === undefined ? {} : { [entry.per]: exclusiveKey(type, properties) }) },
  );
}

/** Refuses a new link `owner` → `target` of `type` over `span` that would close a cycle on some day (the registry's `wouldCloseCycleQuery`). */
export async function assertNoCycle(tx: Transaction, type: NoCycleType, owner: string, target: string, span: { readonly from: string; readonly to: string | null }): Promise<void> {
  const [row] = await tx.run(wouldCloseCycleQuery(type, owner, target, span.from, span.to));
  if (!row?.cycle) return;
  throw ruleViolation(
    NO_CYCLES[type].rule,
    type === "PART_OF"
      ? `${target} lies inside ${owner} during ${span.from}–${span.to ?? "open end"}; a place cannot be part of its own descendant.`
      : `${target} is already led, directly or not, by ${owner} during ${span.from}–${span.to ?? "open end"}: the link would close a cycle.`,
    { code: owner, target },
  );
}
