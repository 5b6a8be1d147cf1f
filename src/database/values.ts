import neo4j from "neo4j-driver";

/**
 * The one place where Neo4j values become plain TypeScript values (and back):
 * integers become numbers (the driver already decodes them so), temporal values ISO strings, nodes and relationships their properties.
 */
export function fromNeo4j(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") {
    // The driver gives integers beyond ±2^53 as ±Infinity (disableLosslessIntegers); no stored value is infinite.
    if (!Number.isFinite(value)) throw new RangeError("An integer outside the safe range (±2^53) reached the hub");
    return value;
  }
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (neo4j.isInt(value)) {
    if (!neo4j.integer.inSafeRange(value)) throw new RangeError(`Integer ${value.toString()} is outside the safe range`);
    return value.toNumber();
  }
  if (neo4j.isDate(value) || neo4j.isDateTime(value) || neo4j.isLocalDateTime(value) || neo4j.isTime(value) || neo4j.isLocalTime(value) || neo4j.isDuration(value)) {
    return value.toString();
  }
  if (neo4j.isNode(value) || neo4j.isRelationship(value)) return fromNeo4j(value.properties);
  // Lists and maps come fresh from the driver for each record, so they are converted in place: a
  // tree of thousands of entities is not copied once more just to be checked.
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) value[index] = fromNeo4j(value[index]);
    return value;
  }
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const map = value as Record<string, unknown>;
    for (const key of Object.keys(map)) map[key] = fromNeo4j(map[key]);
    return map;
  }
  if (typeof value === "object") {
    const plain: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) plain[key] = fromNeo4j(inner);
    return plain;
  }
  return value;
}

/**
 * A calendar date parameter. Plain strings stay strings (a code may look like a date), so a date
 * is marked explicitly and reaches Neo4j as a `date`, comparable with stored `validFrom`/`validTo`.
 */
export class DateParam {
  constructor(readonly iso: string) {}
}

export function dateParam(iso: string): DateParam;
export function dateParam(iso: string | null | undefined): DateParam | null;
export function dateParam(iso: string | null | undefined): DateParam | null {
  return iso === null || iso === undefined ? null : new DateParam(iso);
}

/** Whole numbers go to Neo4j as integers, so `LIMIT $first` and integer properties work. */
export function toNeo4j(value: unknown): unknown {
  if (value instanceof DateParam) {
    const [year, month, day] = value.iso.split("-").map(Number);
    return new neo4j.types.Date(year!, month!, day!);
  }
  if (typeof value === "number" && Number.isInteger(value)) return neo4j.int(value);
  if (Array.isArray(value)) return value.map(toNeo4j);
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const converted: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) converted[key] = toNeo4j(inner);
    return converted;
  }
  return value;
}
