import neo4j from "neo4j-driver";

/**
 * The one place where Neo4j values become plain TypeScript values (and back):
 * integers become numbers, temporal values ISO strings, nodes and relationships their properties.
 */
export function fromNeo4j(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (neo4j.isInt(value)) {
    if (!neo4j.integer.inSafeRange(value)) throw new RangeError(`Integer ${value.toString()} is outside the safe range`);
    return value.toNumber();
  }
  if (neo4j.isDate(value) || neo4j.isDateTime(value) || neo4j.isLocalDateTime(value) || neo4j.isTime(value) || neo4j.isLocalTime(value) || neo4j.isDuration(value)) {
    return value.toString();
  }
  if (neo4j.isNode(value) || neo4j.isRelationship(value)) return fromNeo4j(value.properties);
  if (Array.isArray(value)) return value.map(fromNeo4j);
  if (typeof value === "object") {
    const plain: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) plain[key] = fromNeo4j(inner);
    return plain;
  }
  return value;
}

/** Whole numbers go to Neo4j as integers, so `LIMIT $first` and integer properties work. */
export function toNeo4j(value: unknown): unknown {
  if (typeof value === "number" && Number.isInteger(value)) return neo4j.int(value);
  if (Array.isArray(value)) return value.map(toNeo4j);
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const converted: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) converted[key] = toNeo4j(inner);
    return converted;
  }
  return value;
}
