import type { CypherQuery } from "../database/index.js";
import { dateParam } from "../database/index.js";
import { entityMap, validAt } from "./cypher.js";
import type { EntityLabel } from "./vocabulary.js";

const SAFE_LABEL = /^[A-Z][A-Za-z]*$/;

function label(name: EntityLabel | "Entity"): string {
  if (!SAFE_LABEL.test(name)) throw new Error(`unsafe label ${name}`);
  return name;
}

/** Entities of a label by id or by code, as they are at `$asOf` (absent when not valid then). */
export function entitiesByKey(kind: EntityLabel | "Entity", key: "id" | "code", values: readonly string[], asOf: string): CypherQuery {
  return {
    name: `entity.by${key === "id" ? "Id" : "Code"}.${kind}`,
    cypher: `
      UNWIND $values AS value
      MATCH (e:${label(kind)} {${key}: value})
      WHERE e:Entity AND ${validAt("e")}
      RETURN value AS key, ${entityMap("e")} AS entity`,
    params: { values, asOf: dateParam(asOf) },
  };
}

/** An entity by code whatever its dates, with its labels: for writes that must say why a reference fails. */
export function entityAnyTime(code: string): CypherQuery {
  return {
    name: "entity.anyTimeByCode",
    cypher: `MATCH (e:Entity {code: $code}) RETURN ${entityMap("e")} AS entity`,
    params: { code },
  };
}
