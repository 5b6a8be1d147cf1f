/**
 * Fixed Cypher fragments shared by query modules. They are constants chosen by code, never built
 * from user input; every value in them is a $parameter.
 */

import { nameAtCypher, validAtCypher } from "../temporal/index.js";

/** The half-open validity test of an entity or relation `alias` at `$asOf` (a Neo4j date): the temporal core's. */
export const validAt = validAtCypher;

/** The entity's name as of `$asOf`: the last name that took effect on or before it (the temporal core's). */
export const nameAt = nameAtCypher;

/** The map an entity is returned as: every property plus its labels. */
export function entityMap(alias: string): string {
  return `${alias} {.*, labels: labels(${alias})}`;
}

/**
 * True when the place `alias` is the place with code `param` or lies inside it through part-of
 * links valid at `$asOf` ("within a place" filters: at any depth, the place itself included).
 */
export function insidePlace(alias: string, param = "$within"): string {
  return `(${alias}.code = ${param} OR EXISTS { MATCH (${alias})(()-[nest:PART_OF]->() WHERE ${validAt("nest")}){1,12}(:Place {code: ${param}}) })`;
}

/** The "name contains" filter: true when `$nameContains` is null or the name as of `$asOf` contains it. */
export function nameContains(alias: string): string {
  return `($nameContains IS NULL OR ${nameAt(alias)} CONTAINS $nameContains)`;
}

const SAFE_NAME = /^[A-Z][A-Za-z_]*$/;

function safe(name: string): string {
  if (!SAFE_NAME.test(name)) throw new Error(`unsafe Cypher name ${name}`);
  return name;
}

/**
 * The "within a place" filter of an entity hung on a place by `type` (a unit LOCATED_IN, a
 * facility FACILITY_OF…): true when `param` is null or the link, valid at `$asOf`, reaches that
 * place or one inside it.
 */
export function linkedWithin(alias: string, type: string, param = "$within"): string {
  return `(${param} IS NULL OR EXISTS { MATCH (${alias})-[via:${safe(type)}]->(target:Place) WHERE ${validAt("via")} AND ${insidePlace("target", param)} })`;
}

/** True when `param` is null or the entity has a link of `type`, valid at `$asOf`, to the `label` with that code. */
export function linkedTo(alias: string, type: string, label: string, param: string): string {
  return `(${param} IS NULL OR EXISTS { MATCH (${alias})-[via:${safe(type)}]->(:${safe(label)} {code: ${param}}) WHERE ${validAt("via")} })`;
}
