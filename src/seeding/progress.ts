import type { ImportProgress } from "./steps.js";

/**
 * A progress bar on stderr without a package: redrawn in place on a terminal, one line per tenth
 * otherwise (CI logs). Small imports (under `threshold` rows) show nothing.
 */
export function stderrProgress(stream: NodeJS.WriteStream = process.stderr, threshold = 2_000): (progress: ImportProgress) => void {
  let lastTenth = -1;
  let lastDraw = 0;
  return ({ phase, done, total }) => {
    if (total < threshold) return;
    const ratio = total === 0 ? 1 : done / total;
    const label = phase === "writing" ? "importing" : "undoing";
    if (stream.isTTY) {
      const now = Date.now();
      if (done < total && now - lastDraw < 100) return;
      lastDraw = now;
      const width = 30;
      const filled = Math.round(ratio * width);
      stream.write(`\r${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${done}/${total} rows`);
      if (done >= total) stream.write("\n");
      return;
    }
    const tenth = Math.floor(ratio * 10);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    stream.write(`${label}: ${tenth * 10}% (${done}/${total} rows)\n`);
  };
}
