import type { EntityLabel } from "../graph/vocabulary.js";
import { checkAnchors, checkEntityDates, checkEvent, checkCycles, checkLink, checkOverlaps, checkRegistrationsInService, type CodeRegistry } from "./checks.js";
import { entityOf, linksOf, type SeedEntity, type SeedLink, type SeedModel } from "./model.js";
import { groupInto } from "./state.js";
import { parseSeedFolder, type ParsedSeed, type RawRecord } from "./parse.js";
import { sortProblems, type SeedProblem } from "./problems.js";
import { checkMetaSchema, checkRecordSchema } from "./schema-check.js";

/**
 * `validate`: every problem of a seed folder at once. Records that fail the schema (or sit in a
 * file with YAML errors) keep their code in the registry, so they do not cascade into "unknown
 * reference" reports elsewhere, but take no part in the semantic checks.
 */
export interface SeedValidation {
  readonly folder: string;
  readonly files: readonly string[];
  readonly meta: Readonly<Record<string, unknown>> | undefined;
  /** Sorted by file and line. Empty when the seed can be imported. */
  readonly problems: readonly SeedProblem[];
  /** The records that passed the per-record checks, as entities and links. */
  readonly model: SeedModel;
  readonly recordCount: number;
}

/** A code's entry in the registry; where its record is written is only named when a message needs it. */
class Registered {
  constructor(
    readonly label: EntityLabel,
    readonly entity: SeedEntity | undefined,
    private readonly record: RawRecord,
  ) {}
  get where(): string {
    return this.record.at(this.record.line);
  }
}

export function validateSeed(folder: string): SeedValidation {
  return validateParsed(parseSeedFolder(folder));
}

const NONE: readonly SeedProblem[] = [];

export function validateParsed(parsed: ParsedSeed): SeedValidation {
  const problems: SeedProblem[] = [...parsed.problems];
  if (parsed.meta) problems.push(...checkMetaSchema(parsed.meta));

  const registry = new Map<string, Registered>();
  const entities: SeedEntity[] = [];
  for (const record of parsed.records) {
    const schemaProblems = record.broken ? NONE : checkRecordSchema(record);
    if (schemaProblems.length > 0) problems.push(...schemaProblems);
    if (record.code === undefined) continue;
    const earlier = registry.get(record.code);
    if (earlier) {
      problems.push({
        code: "SEED_DUPLICATE_CODE",
        file: record.file,
        line: record.lineOf(["code"]),
        record: record.code,
        message: `the code ${record.code} is already used by the record at ${earlier.where}`,
      });
      continue;
    }
    const trusted = !record.broken && schemaProblems.length === 0;
    const entity = trusted ? entityOf(record) : undefined;
    registry.set(record.code, new Registered(record.spec.label, entity, record));
    if (entity) entities.push(entity);
  }

  // An entity whose own dates are wrong is kept in the model (to check its links) but not trusted as a target.
  for (const entity of entities) {
    const dates = checkEntityDates(entity);
    if (dates.length > 0) problems.push(...dates);
    if (entity.life.to !== null && !(entity.life.from < entity.life.to)) {
      registry.set(entity.code, new Registered(entity.label, undefined, entity.record));
    }
  }

  const byCode = new Map<string, SeedEntity>();
  const links: SeedLink[] = [];
  for (const entity of entities) {
    byCode.set(entity.code, entity);
    for (const link of linksOf(entity)) links.push(link);
  }
  const model: SeedModel = { entities, byCode, links };
  const lookup: CodeRegistry = { get: (code) => registry.get(code) };

  for (const link of links) {
    const found = checkLink(link, lookup);
    if (found.length > 0) problems.push(...found);
  }
  problems.push(...checkOverlaps(links));
  problems.push(...checkAnchors(entities, links));
  problems.push(...checkCycles(links, model));
  problems.push(...checkRegistrationsInService(links));
  const eventLinks = new Map<string, SeedLink[]>();
  for (const link of links) if (link.owner.label === "ChangeEvent") groupInto(eventLinks, link.owner.code, link);
  for (const entity of entities) {
    if (entity.label === "ChangeEvent") problems.push(...checkEvent(entity, eventLinks.get(entity.code) ?? [], lookup));
  }
  return {
    folder: parsed.folder,
    files: parsed.files,
    meta: parsed.meta,
    problems: sortProblems(problems),
    model,
    recordCount: parsed.records.length,
  };
}
