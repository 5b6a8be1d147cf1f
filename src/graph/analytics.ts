import type { ReportParams } from "../exports/export.route.js";
import { HubError } from "../errors/index.js";
import { validAt } from "./cypher.js";
import { entitiesByKey } from "./entity.queries.js";
import { isIsoDate } from "./dates.js";
import { asOfOrToday, type HubContext } from "../server/context.js";

/**
 * Pieces shared by the analytic reports (src/integrity, src/linkage, src/services): the resolved
 * scope and date, the Cypher fragments that put an organisation or a place in a scope, and the
 * plain-string parameters of their CSV exports. The GraphQL arguments are in scope.args.ts.
 */

/** A report's resolved scope and date. */
export interface ScopeFilter {
  readonly scope: string | null;
  readonly asOf: string;
}

export function scopeFilter(context: Pick<HubContext, "today">, args: { scope?: string | null; asOf?: string | null }): ScopeFilter {
  return { scope: args.scope ?? null, asOf: asOfOrToday(context, args.asOf) };
}

/**
 * The scope and date of an analytic asked through GraphQL: a scope that is no place on that date is
 * a NOT_FOUND with its code and the date (docs/ERRORS.md), not a report of zeros; the field answers
 * null with that error and its siblings stay.
 */
export async function existingScope(context: Pick<HubContext, "db" | "today">, args: { scope?: string | null; asOf?: string | null }): Promise<ScopeFilter> {
  const filter = scopeFilter(context, args);
  if (filter.scope !== null && (await context.db.read(entitiesByKey("Place", "code", [filter.scope], filter.asOf))).length === 0) {
    throw new HubError("NOT_FOUND", `No place ${filter.scope} on ${filter.asOf}.`, { code: filter.scope, asOf: filter.asOf });
  }
  return filter;
}

/**
 * Places inside the scope at `$asOf` (the scope place itself included), as a MATCH binding `alias`
 * once per place: it starts from the scope place and walks down part-of links valid then, so the
 * work grows with the scope, not with the graph. Used only when a scope is given.
 */
export function scopePlaces(alias: string): string {
  return `MATCH (scopeRoot:Entity:Place {code: $scope})
      MATCH (${alias}:Place)(()-[scopeNest:PART_OF]->() WHERE ${validAt("scopeNest")}){0,12}(scopeRoot)`;
}

/**
 * Organisations valid at `$asOf` in the scope, as a clause prefix binding `alias` once each: with a
 * scope, those built (by a link valid then) at a place inside it, found from the scope down; with
 * none, every organisation. An organisation built nowhere (an own-system committee outside the
 * territory) is therefore only in unscoped reports. The scope decides the text, never a request.
 */
export function scopedOrganisations(alias: string, filter: ScopeFilter): string {
  if (filter.scope === null) return `MATCH (${alias}:Organisation) WHERE ${validAt(alias)}`;
  return `${scopePlaces("scopePlace")}
      MATCH (${alias}:Organisation)-[scopeBuilt:BUILT_AT]->(scopePlace)
      WHERE ${validAt("scopeBuilt")} AND ${validAt(alias)}
      WITH DISTINCT ${alias}`;
}

/** Reads `asOf` and `scope` from export parameters; a malformed date is the caller's mistake. */
export function scopeFromParams(context: Pick<HubContext, "today">, params: ReportParams): ScopeFilter {
  return scopeFilter(context, { scope: params.scope || null, asOf: dateParamOf(params, "asOf") });
}

/** An optional ISO date parameter of an export. */
export function dateParamOf(params: ReportParams, name: string): string | null {
  const value = params[name];
  if (value === undefined || value === "") return null;
  if (!isIsoDate(value)) throw new HubError("BAD_USER_INPUT", `${name} must be a date written YYYY-MM-DD.`, { argument: name });
  return value;
}

/** A required text parameter of an export (a code). */
export function requiredParam(params: ReportParams, name: string): string {
  const value = params[name];
  if (value === undefined || value === "") throw new HubError("BAD_USER_INPUT", `The ${name} parameter is required.`, { argument: name });
  return value;
}

/** An optional whole-number parameter of an export. */
export function intParamOf(params: ReportParams, name: string): number | null {
  const value = params[name];
  if (value === undefined || value === "") return null;
  if (!/^\d{1,6}$/.test(value)) throw new HubError("BAD_USER_INPUT", `${name} must be a whole number.`, { argument: name });
  return Number(value);
}

/** A ratio of two counts, 0 when there is nothing to divide (an empty council has no part-time share). */
export function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
