import { HubError } from "../errors/index.js";
import { isIsoDate } from "./dates.js";
import { CODE_PATTERN, ENTITY_LABELS, type EntityLabel } from "./vocabulary.js";

/**
 * Snapshot identity (docs/CLIENTS.md). What a client receives is an entity *as of a date*, so its
 * GraphQL `id` names the entity and that date: base64url of `Label:CODE:YYYY-MM-DD`. It is derived
 * from data every environment shares (label, code, date), never from the stored uuid, so it is the
 * same after any re-import; and two dates of one entity are two ids, so a normalised cache
 * (Apollo, urql, Relay) keeps them apart. `entityId` is the date-free identity: `Label:CODE`.
 */
export interface Snapshot {
  readonly label: EntityLabel;
  readonly code: string;
  readonly asOf: string;
}

function encode(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

/** The `id` of `label` `code` as of `asOf`. */
export function snapshotId(label: EntityLabel, code: string, asOf: string): string {
  return encode(`${label}:${code}:${asOf}`);
}

/** The date-free identity of an entity: the same for every snapshot of it. */
export function entityId(label: EntityLabel, code: string): string {
  return encode(`${label}:${code}`);
}

function isLabel(value: string): value is EntityLabel {
  return (ENTITY_LABELS as readonly string[]).includes(value);
}

/**
 * The snapshot an id names. An id this hub never issued (not base64url of `Label:CODE:date`) is
 * a NOT_FOUND with the id: nothing has that id, on any date.
 */
export function parseSnapshotId(id: string): Snapshot {
  const parts = /^[A-Za-z0-9_-]+$/.test(id) ? Buffer.from(id, "base64url").toString("utf8").split(":") : [];
  const [label, code, asOf] = parts;
  if (parts.length !== 3 || !label || !code || !asOf || !isLabel(label) || !CODE_PATTERN.test(code) || !isIsoDate(asOf)) {
    throw new HubError("NOT_FOUND", `No entity has the id "${id}": ids come from this hub's answers (an entity as of a date).`, { id });
  }
  return { label, code, asOf };
}
