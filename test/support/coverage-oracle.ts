import type { GeneratedModel, GeneratedOrganisation, GeneratedPlace, Span } from "../../src/generator/index.js";

/**
 * A brute-force oracle for the coverage analytics, in plain TypeScript over the generator's
 * records — never over Neo4j. It restates the rules of docs/ANALYTICS.md in the most direct way
 * (walk every place, every organisation, every link) so that it shares no code with the Cypher.
 */
export interface OracleRate {
  covered: number;
  total: number;
}

export interface OracleFigures {
  place: string;
  compoundsWithBranch: OracleRate;
  buildingsWithGroup: OracleRate;
  communitiesWithOrganisation: OracleRate;
}

export interface OracleReport {
  totals: OracleFigures;
  breakdown: OracleFigures[];
  compoundGaps: { place: string; responsible: string | null }[];
  buildingGaps: { place: string; responsible: string | null }[];
  newOrganisations: { units: number; organisational: OracleRate; own: OracleRate; work: OracleRate };
  withoutOwn: string[];
}

const validAt = (span: Span, date: string) => span.validFrom <= date && (span.validTo === null || date < span.validTo);
const COMMUNITY_LEVEL = new Set(["COMMUNITY", "VILLAGE_COMMITTEE", "OLD_TOWN_DISTRICT"]);
/** The tiers above a building's compound branch, each in its order of kinds (docs/ANALYTICS.md). */
const UPPER_TIERS = [["GENERAL_BRANCH", "COMMUNITY_COMMITTEE"], ["WORKING_COMMITTEE"], ["DISTRICT_COMMITTEE"]];

export function coverageOracle(model: GeneratedModel, scope: string, date: string): OracleReport {
  const places = new Map<string, GeneratedPlace>();
  for (const place of model.places) if (validAt(place, date)) places.set(place.code, place);
  const organisations = model.organisations.filter((organisation) => validAt(organisation, date));
  const parentOf = (code: string): string | null => places.get(code)?.partOf.find((link) => validAt(link, date))?.place ?? null;
  /** The chain from the place up: itself first. */
  const chain = (code: string): string[] => {
    const result: string[] = [];
    for (let current: string | null = code; current !== null && result.length < 20; current = parentOf(current)) result.push(current);
    return result;
  };
  const builtAt = (organisation: GeneratedOrganisation) => organisation.builtAt.filter((link) => validAt(link, date)).map((link) => link.place);
  const organisationsAt = new Map<string, GeneratedOrganisation[]>();
  for (const organisation of organisations) {
    for (const place of builtAt(organisation)) organisationsAt.set(place, [...(organisationsAt.get(place) ?? []), organisation]);
  }
  const compoundCovered = (compound: string) =>
    organisations.some((o) => o.kind === "BRANCH" && builtAt(o).some((place) => chain(place).slice(0, 4).includes(compound)));
  const buildingCovered = (building: string) => (organisationsAt.get(building) ?? []).some((o) => o.kind === "GROUP");
  const communityCovered = (community: string) =>
    (organisationsAt.get(community) ?? []).some((o) => (o.kind === "GENERAL_BRANCH" || o.kind === "COMMUNITY_COMMITTEE") && o.form === "TERRITORIAL");
  const territorial = (o: GeneratedOrganisation) => o.form === "TERRITORIAL";
  const longestStanding = (a: GeneratedOrganisation, b: GeneratedOrganisation) => a.validFrom.localeCompare(b.validFrom) || a.code.localeCompare(b.code);
  /** The compound's branch of a building: built at the compound first, then on the building's own chain, then anywhere inside. */
  const compoundBranch = (building: string): string | null => {
    const compound = chain(building).find((place) => places.get(place)!.kind === "COMPOUND");
    if (compound === undefined) return null;
    const own = chain(building);
    const branches = organisations
      .filter((o) => o.kind === "BRANCH" && territorial(o))
      .flatMap((o) =>
        builtAt(o)
          .filter((place) => chain(place).slice(0, 4).includes(compound))
          .map((place) => ({ o, inside: place === compound ? 0 : own.includes(place) ? 1 : 2 })),
      )
      .sort((a, b) => a.inside - b.inside || longestStanding(a.o, b.o));
    return branches[0]?.o.code ?? null;
  };
  const responsible = (code: string, kind: "COMPOUND" | "BUILDING"): string | null => {
    if (kind === "BUILDING") {
      const branch = compoundBranch(code);
      if (branch !== null) return branch;
    }
    for (const tier of UPPER_TIERS) {
      for (const place of chain(code).slice(0, 9)) {
        const candidates = (organisationsAt.get(place) ?? [])
          .filter((o) => tier.includes(o.kind) && territorial(o))
          .sort((a, b) => tier.indexOf(a.kind) - tier.indexOf(b.kind) || longestStanding(a, b));
        if (candidates.length > 0) return candidates[0]!.code;
      }
    }
    return null;
  };

  if (!places.has(scope)) throw new Error(`scope ${scope} not valid on ${date}`);
  const inside = [...places.keys()].filter((code) => chain(code).includes(scope)).sort();
  const figuresOf = (root: string, members: string[]): OracleFigures => {
    const count = (predicate: (p: GeneratedPlace) => boolean, covered: (code: string) => boolean): OracleRate => {
      const matching = members.filter((code) => predicate(places.get(code)!));
      return { covered: matching.filter(covered).length, total: matching.length };
    };
    return {
      place: root,
      compoundsWithBranch: count((p) => p.kind === "COMPOUND", compoundCovered),
      buildingsWithGroup: count((p) => p.kind === "BUILDING", buildingCovered),
      communitiesWithOrganisation: count((p) => COMMUNITY_LEVEL.has(p.kind), communityCovered),
    };
  };
  const children = inside.filter((code) => parentOf(code) === scope);
  const units = model.units.filter(
    (unit) =>
      validAt(unit, date) &&
      unit.operating &&
      (unit.kind === "NEW_ECONOMIC_ORGANISATION" || unit.kind === "NEW_SOCIAL_ORGANISATION") &&
      unit.locatedIn.some((link) => validAt(link, date) && places.has(link.place) && chain(link.place).includes(scope)),
  );
  const coverModes = (unit: string) => organisations.flatMap((o) => o.covers.filter((link) => link.unit === unit && validAt(link, date)).map((link) => link.mode));
  const validOrganisation = new Set(organisations.map((o) => o.code));
  const covered = units.filter((unit) => coverModes(unit.code).length > 0);
  const own = units.filter((unit) => coverModes(unit.code).includes("OWN"));
  const worked = units.filter((unit) => coverModes(unit.code).length > 0 || unit.workCoveredBy.some((link) => validAt(link, date) && validOrganisation.has(link.organisation)));
  return {
    totals: figuresOf(scope, inside),
    breakdown: children.map((child) => figuresOf(child, inside.filter((code) => chain(code).includes(child)))),
    compoundGaps: inside
      .filter((code) => places.get(code)!.kind === "COMPOUND" && !compoundCovered(code))
      .map((code) => ({ place: code, responsible: responsible(code, "COMPOUND") })),
    buildingGaps: inside
      .filter((code) => places.get(code)!.kind === "BUILDING" && !buildingCovered(code))
      .map((code) => ({ place: code, responsible: responsible(code, "BUILDING") })),
    newOrganisations: {
      units: units.length,
      organisational: { covered: covered.length, total: units.length },
      own: { covered: own.length, total: units.length },
      work: { covered: worked.length, total: units.length },
    },
    withoutOwn: units
      .filter((unit) => unit.formalPartyMembers >= 3 && !coverModes(unit.code).includes("OWN"))
      .map((unit) => unit.code)
      .sort(),
  };
}
