import type { Transaction } from "../database/index.js";
import { HubError } from "../errors/index.js";
import { dayBefore } from "./dates.js";
import type { EntityRecord } from "./entity.record.js";
import { entityAnyDate } from "./entity.writes.js";
import { assertDate, assertSpan, assertVersion, requireEntity, ruleViolation } from "./mutation.js";
import type { LinkRecord } from "./relation.js";
import type { EntityLabel } from "./vocabulary.js";
import { closeLinksQuery, openLinkQuery, overlappingLinksQuery, updateEntityQuery, type RelationType } from "./write.queries.js";

/**
 * Dated links between two entities that both outlive the link (a coverage, a council seat):
 * opened and ended on their own, inside `mutate()`. A link belongs to one end, its `owner` (the
 * organisation of a coverage or a seat): opening or ending it is a change of the owner, whose
 * version goes up, and ending it takes the owner's `expectedVersion` (CONFLICT if it moved on).
 */

/** One end of a link: the label it must have and what it is to the link (for messages). */
export interface LinkEnd {
  readonly label: EntityLabel;
  readonly code: string;
  readonly role: string;
}

export interface NewDatedLink {
  readonly type: RelationType;
  readonly from: LinkEnd;
  readonly to: LinkEnd;
  readonly validFrom: string;
  readonly validTo?: string | null;
  /** Relation properties; keys chosen by the calling service, never by a client. */
  readonly properties?: Record<string, unknown>;
  /**
   * The same two entities may be linked once at a time: `rule` names the rule a second,
   * overlapping link breaks and `verb` says what the link means ("holds a seat on").
   */
  readonly overlap: { readonly rule: string; readonly verb: string };
  /** The end the link belongs to (its version goes up). */
  readonly owner: "from" | "to";
}

export interface DatedLink {
  readonly from: EntityRecord;
  readonly to: EntityRecord;
  readonly link: LinkRecord;
  /** The day the change takes effect: the link's first day, or the first day it no longer holds. */
  readonly effective: string;
}

/** Opens the link over [validFrom, validTo); both ends must exist over that whole span. */
export async function openDatedLink(tx: Transaction, input: NewDatedLink): Promise<DatedLink> {
  const span = { from: input.validFrom, to: input.validTo ?? null };
  assertSpan(span.from, span.to, input.type);
  const from = await requireEntity(tx, input.from.label, input.from.code, span, input.from.role);
  const to = await requireEntity(tx, input.to.label, input.to.code, span, input.to.role);
  const [overlapping] = await tx.run(overlappingLinksQuery(input.type, from.code, "out", span.from, span.to, null, to.code));
  if (overlapping) {
    throw ruleViolation(
      input.overlap.rule,
      `${from.label} ${from.code} already ${input.overlap.verb} ${to.label} ${to.code} from ${String(overlapping.validFrom)} to ${String(overlapping.validTo ?? "open end")}, ` +
        `which overlaps ${span.from}–${span.to ?? "open end"}: end that link first.`,
      { from: from.code, to: to.code, validFrom: overlapping.validFrom, validTo: overlapping.validTo ?? null },
    );
  }
  const [row] = await tx.run(openLinkQuery({ type: input.type, fromCode: from.code, toCode: to.code, validFrom: span.from, validTo: span.to, properties: input.properties ?? {} }));
  return { ...(await bumpOwner(tx, input.owner, from, to)), link: row!.link as LinkRecord, effective: span.from };
}

/** The owner's version goes up with its link; the ends come back with the owner as it is now. */
async function bumpOwner(tx: Transaction, owner: "from" | "to", from: EntityRecord, to: EntityRecord): Promise<{ from: EntityRecord; to: EntityRecord }> {
  const entity = owner === "from" ? from : to;
  await tx.run(updateEntityQuery(entity.label, entity.code, {}, null));
  const bumped = { ...entity, version: entity.version + 1 };
  return owner === "from" ? { from: bumped, to } : { from, to: bumped };
}

/** Which link to end, and when: the link of `type` from `from` to `to` that holds on `date`. */
export interface EndedDatedLink {
  readonly type: RelationType;
  readonly from: LinkEnd;
  readonly to: LinkEnd;
  readonly date: string;
  /** The end the link belongs to: its version is checked and goes up. */
  readonly owner: "from" | "to";
  /** The owner's version the client read. */
  readonly expectedVersion?: number | null;
}

/**
 * Ends on `date` the link of `type` between the two entities that holds then (a link that began
 * that very day is removed: it never held). The result shows the link as ended.
 */
export async function endDatedLink(tx: Transaction, { type, from: fromEnd, to: toEnd, date, owner, expectedVersion }: EndedDatedLink): Promise<DatedLink> {
  assertDate(date, "date");
  const asOf = dayBefore(date);
  const from = await entityAnyDate(tx, fromEnd.label, fromEnd.code, asOf, date);
  const to = await entityAnyDate(tx, toEnd.label, toEnd.code, asOf, date);
  assertVersion(owner === "from" ? from : to, expectedVersion);
  const [closed] = await tx.run(closeLinksQuery(type, from.code, "out", date, null, to.code));
  if (!closed) {
    throw new HubError("NOT_FOUND", `No ${type} link from ${from.label} ${from.code} to ${to.label} ${to.code} holds on ${date}.`, {
      from: from.code,
      to: to.code,
      asOf: date,
    });
  }
  return { ...(await bumpOwner(tx, owner, from, to)), link: { ...(closed.link as LinkRecord), validTo: date }, effective: date };
}
