import { defineConfig } from "vitest/config";

// Tests import each package's TypeScript source through the "source" export condition,
// so they run without a build. vitest 4 needs the condition for both client and SSR.
const conditions = ["source", "import", "module", "node", "default"];

const ALL_TESTS = ["packages/*/test/**/*.test.ts"];

/**
 * The `render` project: tests that draw figures (vega, resvg), open the browser or run a
 * whole `metakit report`, and the check that the results schema is generated from the
 * current types (it builds a TypeScript program of the workspace, about 10 s). They take
 * most of the suite's time. Every other test (numbers, schema, tables, the CLI's other
 * commands) is in the fast `unit` project. A new test that
 * renders belongs in this list; each test file is in exactly one project.
 */
const RENDER_TESTS = [
  "packages/report/test/{baujat,browser,docx,figures,forest,geometry,labels,print,print-pages,prisma,report,rob}.test.ts",
  "packages/cli/test/{figures,prototype-keys,report,report-rob,report-visible-text,sample-bcg}.test.ts",
  "packages/web/test/{analyse,browser,review-pages,study}.test.ts",
  "packages/review/test/report-robustness.test.ts",
  "packages/review/test/results-schema.test.ts",
];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    // Many tests start the CLI as a child process (about 0.3 s each on a quiet machine, and
    // several seconds when the machine is busy); 20 s keeps them from failing on load alone,
    // while a hung test still fails.
    testTimeout: 20_000,
    reporters: ["default", ["json", { outputFile: ".vitest/results.json" }]],
    projects: [
      { extends: true, test: { name: "unit", include: ALL_TESTS, exclude: RENDER_TESTS, isolate: false } },
      { extends: true, test: { name: "render", include: RENDER_TESTS } },
    ],
  },
});
