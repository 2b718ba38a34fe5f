/**
 * Bundles the built CLI (dist/main.js, from tsc -b) into dist/bundle/: one file for the
 * program and a chunk per command, loaded when that command runs. Node then reads a few
 * files instead of about 600 (most of them @stdlib's small CommonJS modules, which the
 * distributions need and which cost more to resolve than to run), so `metakit pool` on a
 * small CSV starts in about Node's own start-up time. Native and browser-driving packages
 * stay external and load from node_modules as before.
 * Run by `pnpm build` (after tsc -b); `bin.metakit` points at dist/bundle/metakit.js.
 */
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Native and browser-driving packages: not bundled, loaded from where they are installed. */
const EXTERNAL = /^(playwright-core|@resvg\/resvg-js|@napi-rs\/canvas)$/;

/**
 * Each external package resolved from the module that imports it (the report package's
 * own dependencies are not the CLI's), and imported by that absolute path: the bundle is
 * built in place, as dist/ is.
 */
const externalsInPlace = {
  name: "externals-in-place",
  setup(build) {
    build.onResolve({ filter: EXTERNAL }, (args) => ({
      path: createRequire(join(args.resolveDir, "importer.js")).resolve(args.path),
      external: true,
    }));
  },
};

const root = fileURLToPath(new URL("..", import.meta.url));
// another folder two levels below packages/cli (tests build there), default dist/bundle
const outdir = process.argv[2] ?? `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { metakit: `${root}dist/main.js` },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  plugins: [externalsInPlace],
  // CommonJS dependencies call require(); an ES module bundle has none of its own
  banner: { js: "import { createRequire as metakitCreateRequire } from 'node:module'; const require = metakitCreateRequire(import.meta.url);" },
  logLevel: "warning",
});
