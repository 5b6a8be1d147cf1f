import { SUBDISTRICTS_PER_DISTRICT } from "./district.js";

/**
 * Scale = the number of subdistricts. One generated subdistrict is a realistic one (14–25
 * communities of 5–11 compounds) of about 10k nodes, so the named scales grow the graph, not the
 * subdistrict: S1 = 1 subdistrict ≈ 10k nodes, S2 = 10 ≈ 100k, S3 = 100 ≈ 1M; one district per
 * ten subdistricts.
 */
export const NAMED_SCALES: Readonly<Record<string, number>> = { S1: 1, S2: 10, S3: 100 };

export class ScaleError extends Error {}

export function parseScale(text: string): number {
  const named = NAMED_SCALES[text.toUpperCase()];
  if (named !== undefined) return named;
  if (!/^[1-9]\d{0,4}$/.test(text)) throw new ScaleError(`scale must be S1, S2, S3 or a number of subdistricts (1–99999), got "${text}"`);
  return Number(text);
}

export function districtsFor(subdistricts: number): number {
  return Math.ceil(subdistricts / SUBDISTRICTS_PER_DISTRICT);
}
