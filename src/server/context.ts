import type { Logger } from "pino";
import type { Viewer } from "../auth/index.js";
import type { Database } from "../database/index.js";
import type { Loaders } from "../graph/loaders.js";
import type { CalendarDate } from "../temporal/index.js";

/** Per-request state: created fresh for every request, never shared between requests. */
export interface HubContext {
  readonly db: Database;
  readonly logger: Logger;
  readonly requestId: string;
  readonly about: HubFacts;
  readonly viewer: Viewer;
  readonly loaders: Loaders;
  /** Today in the hub's time zone (HUB_TIMEZONE), resolved once when the request began: the default `asOf`. */
  readonly today: CalendarDate;
  readonly policy: HubPolicy;
}

/** Disclosure and access policy, fixed at start from the configuration. */
export interface HubPolicy {
  /** Counts of personal data below this are suppressed for callers who may not see the records (src/people/suppression.ts). */
  readonly disclosureThreshold: number;
}

/** Facts about the running hub, fixed at start. */
export interface HubFacts {
  readonly hubVersion: string;
  readonly neo4jVersion: string;
  readonly neo4jEdition: string;
  readonly neo4jAddress: string;
  readonly localNeo4j: boolean;
}

/** The date a read is seen at: the one asked for, else today in the hub's time zone (resolved once for the request). */
export function asOfOrToday(context: Pick<HubContext, "today">, asOf: string | null | undefined): CalendarDate {
  return asOf ?? context.today;
}
