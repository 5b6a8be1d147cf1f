import { START } from "./calendar.js";
import { pad, type SubdistrictContext } from "./context.js";
import { districtOf } from "./district.js";
import { emptyChunk, type GeneratedChunk } from "./model.js";
import { subdistrictName } from "./names.js";
import { buildPeople } from "./people.js";
import { buildServices } from "./services.js";
import { buildTerritory } from "./territory.js";
import { buildUnits } from "./units.js";

/**
 * One subdistrict (街道) with everything in it. Each subdistrict draws from its own random
 * streams (seed, index, phase), so subdistricts can be generated one at a time — a 1M-node seed
 * never has to be in memory at once — and each phase's draws do not shift the others'.
 */
export function subdistrictCode(index: number): string {
  return `G-S${pad(index + 1, 3)}`;
}

export function generateSubdistrict(seed: number, index: number): GeneratedChunk {
  const code = subdistrictCode(index);
  const context: SubdistrictContext = {
    seed,
    index,
    prefix: code,
    code,
    name: subdistrictName(index),
    district: districtOf(index),
    chunk: emptyChunk(),
    workingCommittee: { code: `${code}-WC`, kind: "WORKING_COMMITTEE", from: START, to: null },
    communities: [],
    villages: new Map(),
    communityByCode: new Map(),
    units: [],
    orgs: new Map(),
    eventCount: 0,
  };
  buildTerritory(context);
  buildUnits(context);
  buildServices(context);
  buildPeople(context);
  return context.chunk;
}
