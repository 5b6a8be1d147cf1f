import type { Page } from "../graph/connection.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { findEntity, listEntities } from "../graph/entity.service.js";
import type { LookupArgs } from "../graph/entity.input.js";
import { createAnchoredEntity, mutateEntity } from "../graph/entity.writes.js";
import { loadEntities, loadOne, type RelationSpec } from "../graph/relation.js";
import { linkKindRule } from "../graph/rule-registry.js";
import { asOfOrToday, type HubContext } from "../server/context.js";
import { assertMayList, assertMaySee, guarded, guardedLookup } from "./access.js";
import type { BeneficiariesArgs, RegisterBeneficiaryInput } from "./beneficiary.input.js";
import { beneficiaryCount, beneficiaryPage } from "./people.queries.js";

export const BENEFICIARY_HOME: RelationSpec = { name: "beneficiary.livesIn", type: "LIVES_IN", direction: "out", target: "Place" };
export const PLACE_BENEFICIARIES: RelationSpec = { name: "place.beneficiaries", type: "LIVES_IN", direction: "in", target: "Beneficiary" };

export function findBeneficiary(context: HubContext, args: LookupArgs): Promise<EntityRecord | null> {
  return guardedLookup(context, "Beneficiary", () => findEntity(context, "Beneficiary", args, args.asOf), "The beneficiary");
}

export async function listBeneficiaries(context: HubContext, args: BeneficiariesArgs): Promise<Page<EntityRecord>> {
  await assertMayList(context, [args.within], asOfOrToday(context, args.asOf));
  const page = await listEntities(
    context,
    args,
    (asOf) => ({ asOf, kinds: args.kinds ?? null, within: args.within ?? null, unpaired: args.unpaired ?? null }),
    beneficiaryPage,
    beneficiaryCount,
  );
  await assertMaySee(context, page.edges.map((edge) => edge.node), "A beneficiary listed");
  return page;
}

export function homeOf(context: HubContext, beneficiary: EntityRecord): Promise<EntityRecord | null> {
  return loadOne(context.db, context.loaders, BENEFICIARY_HOME, beneficiary);
}

/** The beneficiaries living directly in a place on its date; the place is checked first, so an empty list out of scope is refused too. */
export async function beneficiariesIn(context: HubContext, place: EntityRecord): Promise<EntityRecord[]> {
  await assertMaySee(context, [place], "This place");
  return guarded(context, loadEntities(context.db, context.loaders, PLACE_BENEFICIARIES, place), "A beneficiary listed");
}

export function registerBeneficiary(context: HubContext, input: RegisterBeneficiaryInput): Promise<EntityRecord> {
  return mutateEntity(context, "registerBeneficiary", async (tx) => {
    const written = await createAnchoredEntity(tx, "Beneficiary", input, { kind: input.kind }, [
      { type: "LIVES_IN", target: "Place", code: input.livesIn, role: "home", kinds: linkKindRule("LIVES_IN") },
    ]);
    return written;
  });
}
