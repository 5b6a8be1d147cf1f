import type { ImportProgress } from "../seeding/index.js";
import type { BulkPartWritten } from "./bulk-import.js";
import type { ImportedPart } from "./import.js";

/**
 * Progress of a generated import on stderr: on a terminal one line redrawn in place — parts done,
 * entities created, the rate so far, the estimated time left and how far the current part's
 * writes are — and otherwise (CI, a log file) one plain line per finished part.
 */
export interface ImportProgressDisplay {
  /** Rows of the part being written (importSeed's onProgress). */
  readonly onRows: (progress: ImportProgress) => void;
  readonly onPart: (part: ImportedPart) => void;
  /** Ends the redrawn line (call once, after the last part or on failure). */
  readonly end: () => void;
}

const seconds = (millis: number) => `${(millis / 1000).toFixed(1)} s`;

export function formatDuration(millis: number): string {
  const total = Math.max(0, Math.round(millis / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, "0")}m`;
  if (minutes > 0) return `${minutes}m${String(secs).padStart(2, "0")}s`;
  return `${secs}s`;
}

/**
 * Parts done, entities so far, rate and ETA — the line both imports draw. `advance` counts a
 * finished part (and prints its plain line off a terminal), `draw` redraws the line on a
 * terminal with what is under way.
 */
interface PartsCounter {
  readonly advance: (entities: number, plainLine: (status: string) => string) => void;
  readonly draw: (current: string) => void;
  readonly end: () => void;
  readonly parts: () => number;
}

function partsCounter(totalParts: number, stream: NodeJS.WriteStream, now: () => number): PartsCounter {
  const started = now();
  let parts = 0;
  let entities = 0;
  let drawn = false;

  const status = (current: string) => {
    const elapsed = now() - started;
    const rate = elapsed > 0 ? Math.round((entities / elapsed) * 1000) : 0;
    // Parts are of similar size (a district's top is tiny, but there are few), so time per part predicts the rest.
    const eta = parts > 0 ? formatDuration((elapsed / parts) * (totalParts - parts)) : "?";
    return `part ${parts}/${totalParts} · ${entities} entities · ${rate}/s · ETA ${eta}${current}`;
  };
  const draw = (current: string) => {
    if (!stream.isTTY) return;
    stream.write(`\r${status(current)}\x1b[K`);
    drawn = true;
  };
  return {
    advance: (count, plainLine) => {
      parts++;
      entities += count;
      if (stream.isTTY) draw("");
      else stream.write(plainLine(status("")) + "\n");
    },
    draw,
    end: () => {
      if (drawn) stream.write("\n");
      drawn = false;
    },
    parts: () => parts,
  };
}

const rssLine = (memory: () => number) => `node RSS peak ${Math.round(memory() / 1024 / 1024)} MiB`;

/** `memory` is sampled at each part (Node's peak resident memory in bytes, for the log lines). */
export function importProgressDisplay(totalParts: number, stream: NodeJS.WriteStream = process.stderr, memory: () => number = () => process.resourceUsage().maxRSS * 1024, now: () => number = () => performance.now()): ImportProgressDisplay {
  const counter = partsCounter(totalParts, stream, now);
  let lastDraw = -Infinity;
  return {
    onRows: ({ phase, done, total }) => {
      if (!stream.isTTY || total === 0) return;
      const at = now();
      if (done < total && at - lastDraw < 200) return;
      lastDraw = at;
      counter.draw(` · part ${counter.parts() + 1} ${phase === "writing" ? "writing" : "undoing"} ${Math.round((done / total) * 100)}%`);
    },
    onPart: (part) => {
      const created = Object.values(part.report.summary.entities).reduce((sum, counts) => sum + counts.created, 0);
      counter.advance(created, (status) => `${part.part} ${part.index + 1}: ${part.records} records, ${seconds(part.report.millis)}; ${status}; ${rssLine(memory)}`);
    },
    end: counter.end,
  };
}

/**
 * Progress of the bulk import on stderr: the same parts line while the CSV files are written,
 * then the admin tool's stages (its dotted progress redrawn in place on a terminal, every 20 %
 * off one) and the roll-ups' places.
 */
export interface BulkProgressDisplay {
  readonly onPart: (part: BulkPartWritten) => void;
  readonly log: (message: string) => void;
  readonly end: () => void;
}

export function bulkProgressDisplay(totalParts: number, stream: NodeJS.WriteStream = process.stderr, memory: () => number = () => process.resourceUsage().maxRSS * 1024, now: () => number = () => performance.now()): BulkProgressDisplay {
  const counter = partsCounter(totalParts, stream, now);
  let redrawn = false;
  const line = (text: string) => {
    counter.end();
    if (redrawn) stream.write("\n");
    redrawn = false;
    stream.write(text + "\n");
  };
  const redraw = (text: string) => {
    if (stream.isTTY) {
      stream.write(`\r${text}\x1b[K`);
      redrawn = true;
    }
  };
  return {
    onPart: (part) =>
      counter.advance(part.entities, (status) => `${part.part} ${part.index + 1}: ${part.entities} entities, ${part.relationships} relationships to CSV, ${seconds(part.millis)}; ${status}; ${rssLine(memory)}`),
    log: (message) => {
      // The admin tool's progress: ten dots per 2 %, then the percentage.
      const dotted = /^neo4j-admin: [-.\s]+(\d+)%/.exec(message);
      if (!dotted) return line(message);
      if (stream.isTTY) redraw(message);
      else if (Number(dotted[1]) % 20 === 0) stream.write(message + "\n");
    },
    end: () => {
      counter.end();
      if (redrawn) stream.write("\n");
      redrawn = false;
    },
  };
}
