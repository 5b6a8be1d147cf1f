import type { ImportProgress } from "../seeding/index.js";
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

/** `memory` is sampled at each part (Node's peak resident memory in bytes, for the log lines). */
export function importProgressDisplay(totalParts: number, stream: NodeJS.WriteStream = process.stderr, memory: () => number = () => process.resourceUsage().maxRSS * 1024, now: () => number = () => performance.now()): ImportProgressDisplay {
  const started = now();
  let parts = 0;
  let entities = 0;
  let drawn = false;
  let lastDraw = -Infinity;

  const status = (current: string) => {
    const elapsed = now() - started;
    const rate = elapsed > 0 ? Math.round((entities / elapsed) * 1000) : 0;
    // Parts are of similar size (a district's top is tiny, but there are few), so time per part predicts the rest.
    const eta = parts > 0 ? formatDuration((elapsed / parts) * (totalParts - parts)) : "?";
    return `part ${parts}/${totalParts} · ${entities} entities · ${rate}/s · ETA ${eta}${current}`;
  };
  const draw = (current: string) => {
    stream.write(`\r${status(current)}\x1b[K`);
    drawn = true;
  };

  return {
    onRows: ({ phase, done, total }) => {
      if (!stream.isTTY || total === 0) return;
      const at = now();
      if (done < total && at - lastDraw < 200) return;
      lastDraw = at;
      draw(` · part ${parts + 1} ${phase === "writing" ? "writing" : "undoing"} ${Math.round((done / total) * 100)}%`);
    },
    onPart: (part) => {
      parts++;
      for (const counts of Object.values(part.report.summary.entities)) entities += counts.created;
      if (stream.isTTY) draw("");
      else stream.write(`${part.part} ${part.index + 1}: ${part.records} records, ${seconds(part.report.millis)}; ${status("")}; node RSS peak ${Math.round(memory() / 1024 / 1024)} MiB\n`);
    },
    end: () => {
      if (drawn) stream.write("\n");
      drawn = false;
    },
  };
}
