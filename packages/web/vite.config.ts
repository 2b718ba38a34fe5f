/**
 * The web app's bundle: one classic script (IIFE, no code splitting) with relative paths,
 * so the same folder is served by `metakit serve` and opened from disk (file:// forbids
 * module scripts). Packages resolve to their TypeScript source ("source" condition), so
 * the pure packages are bundled as they are, never copied. The few Node-only modules that
 * the shared code imports but never calls in the browser are replaced by stubs that throw.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const stub = (name: string) => fileURLToPath(new URL(`./src/node-stubs/${name}.ts`, import.meta.url));

/** Turns Vite's `<script type="module" crossorigin>` into a deferred classic script. */
function classicScript(): Plugin {
  return {
    name: "metakit-classic-script",
    transformIndexHtml: {
      order: "post",
      handler: (html) => html.replace(/<script type="module" crossorigin/g, "<script defer").replace(/ crossorigin(?=[ >])/g, ""),
    },
  };
}

/** The CLI's version: the R script the app writes is headed as `metakit pool --emit-r` heads it. */
const cliVersion = (JSON.parse(readFileSync(new URL("../cli/package.json", import.meta.url), "utf8")) as { version: string }).version;

export default defineConfig({
  base: "./",
  define: { __METAKIT_VERSION__: JSON.stringify(cliVersion) },
  resolve: {
    conditions: ["source", "browser", "module", "import", "default"],
    alias: [
      { find: /^@napi-rs\/canvas$/, replacement: stub("canvas") },
    ],
  },
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    modulePreload: false,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      output: { format: "iife", inlineDynamicImports: true, entryFileNames: "assets/app.js", assetFileNames: "assets/[name][extname]" },
    },
  },
  plugins: [classicScript()],
});
