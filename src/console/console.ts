import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../database/index.js";

/**
 * The analyst console served at GET /: one self-contained page (no CDN, no fonts, no scripts from
 * elsewhere — the hub runs on closed networks) to run queries and download the CSV reports.
 * The Content-Security-Policy forbids anything not from the hub itself.
 */
export const CONSOLE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy": "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
} as const;

export function renderConsole(reportNames: readonly string[]): string {
  const template = readFileSync(join(PROJECT_ROOT, "src", "console", "console.html"), "utf8");
  // Report names are the registry's own keys (lower-case words and dashes), not user input.
  return template.replace("__REPORTS__", JSON.stringify([...reportNames].sort()));
}
