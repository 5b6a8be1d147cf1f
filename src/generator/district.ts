import { iso, START } from "./calendar.js";
import { emptyChunk, type GeneratedChunk, type GeneratedOrganisation } from "./model.js";
import { districtName } from "./names.js";

/**
 * The top of the generated network: one district place and its district committee per ten
 * subdistricts, and the district's own-system committees (education, health, state assets, …)
 * that lead resident units' and dispatched agencies' organisations on the OWN_SYSTEM line. As in
 * seeds/longhutang they are SYSTEM_COMMITTEEs without builtAt: they sit outside the subdistricts.
 */
export const SUBDISTRICTS_PER_DISTRICT = 10;

/** Own-system committees by the systems units belong to. */
export const OWN_SYSTEMS = {
  EDU: "教育局黨委",
  HEALTH: "衛生健康局黨委",
  SASAC: "國資系統黨委",
  AGRI: "農業農村局黨委",
  PSB: "公安分局黨委",
  TAX: "稅務局黨委",
  MSA: "市場監督管理局黨委",
} as const;
export type OwnSystem = keyof typeof OWN_SYSTEMS;

export function districtCode(district: number): string {
  return `G-D${String(district + 1).padStart(2, "0")}`;
}

export function districtCommitteeCode(district: number): string {
  return `${districtCode(district)}-DC`;
}

export function ownSystemCode(district: number, system: OwnSystem): string {
  return `${districtCode(district)}-${system}-PC`;
}

export function districtOf(subdistrict: number): number {
  return Math.floor(subdistrict / SUBDISTRICTS_PER_DISTRICT);
}

export function generateDistrict(district: number): GeneratedChunk {
  const chunk = emptyChunk();
  const code = districtCode(district);
  const name = districtName(district);
  const from = iso(START);
  chunk.places.push({ code, names: [{ name, validFrom: from }], validFrom: from, validTo: null, kind: "DISTRICT", partOf: [] });
  const committee = districtCommitteeCode(district);
  const organisation = (fields: Pick<GeneratedOrganisation, "code" | "names" | "kind" | "builtAt" | "ledBy">): GeneratedOrganisation => ({
    validFrom: from,
    validTo: null,
    form: "TERRITORIAL",
    covers: [],
    ...fields,
  });
  chunk.organisations.push(
    organisation({ code: committee, names: [{ name: `中共${name}委`, validFrom: from }], kind: "DISTRICT_COMMITTEE", builtAt: [{ place: code, validFrom: from, validTo: null }], ledBy: [] }),
  );
  for (const [system, title] of Object.entries(OWN_SYSTEMS)) {
    chunk.organisations.push(
      organisation({
        code: ownSystemCode(district, system as OwnSystem),
        names: [{ name: `${name}${title}`, validFrom: from }],
        kind: "SYSTEM_COMMITTEE",
        builtAt: [],
        ledBy: [{ organisation: committee, line: "OWN_SYSTEM", validFrom: from, validTo: null }],
      }),
    );
  }
  return chunk;
}
