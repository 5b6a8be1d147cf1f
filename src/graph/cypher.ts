/**
 * Fixed Cypher fragments shared by query modules. They are constants chosen by code, never built
 * from user input; every value in them is a $parameter.
 */

/** The half-open validity test of an entity or relation `alias` at `$asOf` (a Neo4j date). */
export function validAt(alias: string, at = "$asOf"): string {
  return `(${alias}.validFrom <= ${at} AND (${alias}.validTo IS NULL OR ${at} < ${alias}.validTo))`;
}

/** The entity's name as of `$asOf`: the last name that took effect on or before it. */
export function nameAt(alias: string, at = "$asOf"): string {
  return `coalesce([i IN range(0, size(${alias}.names) - 1) WHERE ${alias}.nameFrom[i] <= ${at} | ${alias}.names[i]][-1], ${alias}.name)`;
}

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
