import { dateParam } from "../database/index.js";
import type { Page } from "../graph/connection.js";
import type { EndArgs, LookupArgs } from "../graph/entity.input.js";
import type { EntityRecord } from "../graph/entity.record.js";
import { findEntity, listEntities } from "../graph/entity.service.js";
import { createAnchoredEntity, endEntity, mutateEntity } from "../graph/entity.writes.js";
import { loadEntities, loadOne, type RelationSpec } from "../graph/relation.js";
import { linkKindRule } from "../graph/rule-registry.js";
import type { HubContext } from "../server/context.js";
import type { CoBuildingAgreementsArgs, RegisterCoBuildingAgreementInput } from "./agreement.input.js";
import { agreementCount, agreementPage } from "./agreement.queries.js";

export const AGREEMENT_UNIT: RelationSpec = { name: "agreement.unit", type: "PARTY", direction: "out", target: "Unit" };
export const UNIT_AGREEMENTS: RelationSpec = { name: "unit.agreements", type: "PARTY", direction: "in", target: "CoBuildingAgreement" };
export const AGREEMENT_COMMUNITY: RelationSpec = { name: "agreement.community", type: "WITH", direction: "out", target: "Place" };
export const PLACE_AGREEMENTS: RelationSpec = { name: "place.agreements", type: "WITH", direction: "in", target: "CoBuildingAgreement" };

export function findAgreement(context: HubContext, args: LookupArgs): Promise<EntityRecord | null> {
  return findEntity(context, "CoBuildingAgreement", args, args.asOf);
}

export function listAgreements(context: HubContext, args: CoBuildingAgreementsArgs): Promise<Page<EntityRecord>> {
  return listEntities(
    context,
    args,
    (asOf) => ({ asOf, within: args.within ?? null, nameContains: args.nameContains ?? null, unit: args.unit ?? null }),
    agreementPage,
    agreementCount,
  );
}

export function unitOf(context: HubContext, agreement: EntityRecord): Promise<EntityRecord | null> {
  return loadOne(context.db, context.loaders, AGREEMENT_UNIT, agreement);
}

export function communityOf(context: HubContext, agreement: EntityRecord): Promise<EntityRecord | null> {
  return loadOne(context.db, context.loaders, AGREEMENT_COMMUNITY, agreement);
}

export function agreementsOfUnit(context: HubContext, unit: EntityRecord): Promise<EntityRecord[]> {
  return loadEntities(context.db, context.loaders, UNIT_AGREEMENTS, unit);
}

export function agreementsWithPlace(context: HubContext, place: EntityRecord): Promise<EntityRecord[]> {
  return loadEntities(context.db, context.loaders, PLACE_AGREEMENTS, place);
}

/** Both parties must exist while the agreement is in force; the community is community-level (AGREEMENT_COMMUNITY). */
export function registerAgreement(context: HubContext, input: RegisterCoBuildingAgreementInput): Promise<EntityRecord> {
  const terms = { ...(input.signedOn ? { signedOn: dateParam(input.signedOn) } : {}), ...(input.content ? { content: input.content } : {}) };
  return mutateEntity(context, "registerCoBuildingAgreement", (tx) =>
    createAnchoredEntity(tx, "CoBuildingAgreement", input, terms, [
      { type: "PARTY", target: "Unit", code: input.unit, role: "unit" },
      { type: "WITH", target: "Place", code: input.community, role: "community", kinds: linkKindRule("WITH") },
    ]),
  );
}

export function endAgreement(context: HubContext, { code, date, expectedVersion }: EndArgs): Promise<EntityRecord> {
  return mutateEntity(context, "endCoBuildingAgreement", (tx) => endEntity(tx, "CoBuildingAgreement", code, date, expectedVersion));
}
