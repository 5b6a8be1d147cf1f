import type { Page } from "../graph/connection.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { findEntity, listEntities } from "../graph/entity.service.js";
import type { EndArgs, LookupArgs } from "../graph/entity.input.js";
import { createAnchoredEntity, endEntity, mutateEntity } from "../graph/entity.writes.js";
import { assertSpan, requireEntity, ruleViolation } from "../graph/mutation.js";
import { loadEntities, loadOne, type RelationSpec } from "../graph/relation.js";
import { asOfOrToday, type HubContext } from "../server/context.js";
import { assertMayList, assertMaySee, guarded, guardedLookup } from "./access.js";
import type { CreatePairingInput, PairingsArgs } from "./pairing.input.js";
import { overlappingPairings, pairingCount, pairingPage } from "./people.queries.js";

export const PAIRING_HELPER: RelationSpec = { name: "pairing.helper", type: "HELPER", direction: "out", target: "Entity" };
export const PAIRING_BENEFICIARY: RelationSpec = { name: "pairing.beneficiary", type: "HELPS", direction: "out", target: "Beneficiary" };
export const HELPER_PAIRINGS: RelationSpec = { name: "helper.pairings", type: "HELPER", direction: "in", target: "Pairing" };
export const BENEFICIARY_PAIRINGS: RelationSpec = { name: "beneficiary.pairings", type: "HELPS", direction: "in", target: "Pairing" };

export function findPairing(context: HubContext, args: LookupArgs): Promise<EntityRecord | null> {
  return guardedLookup(context, "Pairing", () => findEntity(context, "Pairing", args, args.asOf), "The pairing");
}

export async function listPairings(context: HubContext, args: PairingsArgs): Promise<Page<EntityRecord>> {
  await assertMayList(context, [args.within, args.helper], asOfOrToday(context, args.asOf));
  const page = await listEntities(
    context,
    args,
    (asOf) => ({ asOf, kinds: args.kinds ?? null, helper: args.helper ?? null, within: args.within ?? null }),
    pairingPage,
    pairingCount,
  );
  await assertMaySee(context, page.edges.map((edge) => edge.node), "A pairing listed");
  return page;
}

/** The pairing's helper (an organisation, or a member: then guarded as personal data) or its beneficiary. */
export function pairingEnd(context: HubContext, spec: RelationSpec, pairing: EntityRecord): Promise<EntityRecord | null> {
  return guarded(context, loadOne(context.db, context.loaders, spec, pairing), spec === PAIRING_HELPER ? "The helper" : "The beneficiary");
}

/**
 * Pairings of a helper or a beneficiary on its date. An organisation is checked first (out of
 * scope, even an empty list is refused); members and beneficiaries were checked when reached.
 */
export async function pairingsOf(context: HubContext, spec: RelationSpec, owner: EntityRecord): Promise<EntityRecord[]> {
  await assertMaySee(context, [owner], `This ${owner.label.toLowerCase()}`);
  return guarded(context, loadEntities(context.db, context.loaders, spec, owner), "A pairing listed");
}

export function createPairing(context: HubContext, input: CreatePairingInput): Promise<EntityRecord> {
  return mutateEntity(context, "createPairing", async (tx) => {
    const span = { from: input.validFrom, to: input.validTo ?? null };
    assertSpan(span.from, span.to, "pairing");
    const helper = await requireEntity(tx, ["Organisation", "Member"], input.helper, span, "helper");
    const beneficiary = await requireEntity(tx, "Beneficiary", input.beneficiary, span, "beneficiary");
    if (beneficiary.kind !== input.kind) {
      throw ruleViolation("PAIRING_KIND", `A ${input.kind} pairing helps a ${input.kind} beneficiary; ${input.beneficiary} is a ${String(beneficiary.kind)}.`, {
        kind: input.kind,
        beneficiaryKind: beneficiary.kind,
      });
    }
    const [overlap] = await tx.run(overlappingPairings(input.helper, input.beneficiary, span.from, span.to));
    if (overlap) {
      throw ruleViolation(
        "DUPLICATE_PAIRING",
        `${input.helper} already helps ${input.beneficiary} in pairing ${String(overlap.code)} (${String(overlap.validFrom)}–${String(overlap.validTo ?? "open end")}), which overlaps ${span.from}–${span.to ?? "open end"}.`,
        { existing: overlap.code },
      );
    }
    const name = input.name ?? `${input.helper} → ${input.beneficiary}`;
    const written = await createAnchoredEntity(tx, "Pairing", { ...input, name }, { kind: input.kind }, [
      { type: "HELPER", target: helper.label, code: input.helper, role: "helper" },
      { type: "HELPS", target: "Beneficiary", code: input.beneficiary, role: "beneficiary" },
    ]);
    return written;
  });
}

export function endPairing(context: HubContext, { code, date, expectedVersion }: EndArgs): Promise<EntityRecord> {
  return mutateEntity(context, "endPairing", (tx) => endEntity(tx, "Pairing", code, date, expectedVersion));
}
