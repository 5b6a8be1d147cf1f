import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { Plugin } from "vite";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** What is worth compressing: text, and the editor's icon font. */
const COMPRESSIBLE = /\.(html|js|css|json|svg|txt|map|ttf)$/;

/** Below this a compressed copy saves less than its headers cost. */
const MIN_BYTES = 1_024;

/**
 * Writes `<file>.br` and `<file>.gz` beside every compressible file of the build, once, so the
 * hub serves compressed bytes without compressing per request (src/dashboard/dashboard.server.ts).
 * What the first page load fetches (the HTML, the entry chunks and their CSS) gets brotli's best
 * quality (11, seconds); the explorer's lazy chunks, megabytes loaded only when it opens, a fast
 * one (5) that is within a few per cent of it.
 */
export function precompress(): Plugin {
  let outDir = "";
  return {
    name: "dangjian-precompress",
    apply: "build",
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async writeBundle(_options, bundle) {
      const firstLoad = new Set<string>(["index.html"]);
      const visit = (name: string) => {
        const item = bundle[name];
        if (!item || item.type !== "chunk" || firstLoad.has(name)) return;
        firstLoad.add(name);
        for (const css of item.viteMetadata?.importedCss ?? []) firstLoad.add(css);
        for (const imported of item.imports) visit(imported);
      };
      for (const [name, item] of Object.entries(bundle)) if (item.type === "chunk" && item.isEntry) visit(name);
      const files = [...new Set(["index.html", ...Object.keys(bundle)])].filter((name) => COMPRESSIBLE.test(name));
      await Promise.all(
        files.map(async (name) => {
          const path = join(outDir, name);
          const bytes = await readFile(path).catch(() => undefined);
          if (!bytes || bytes.length < MIN_BYTES) return;
          const quality = firstLoad.has(name) ? constants.BROTLI_MAX_QUALITY : 5;
          const [br, gz] = await Promise.all([
            brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
            gzipAsync(bytes, { level: 9 }),
          ]);
          await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gz)]);
        }),
      );
    },
  };
}
