import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { precompress } from "./precompress.ts";

/**
 * The analyst's dashboard: built into dist/web, which the hub serves on HUB_DASHBOARD_PORT.
 * Everything it needs is bundled from npm; the built page loads nothing from another origin.
 */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  plugins: [react(), precompress()],
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    // GraphiQL's editor (Monaco) is one large lazy chunk, loaded only when the explorer opens.
    chunkSizeWarningLimit: 4_000,
    reportCompressedSize: true,
    rolldownOptions: {
      // GraphiQL's modules start with React-compiler directives ("use no memo") that bundling drops, harmlessly.
      onwarn(warning, warn) {
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  worker: { format: "es" },
});
