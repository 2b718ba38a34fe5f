import { defineConfig } from "vitest/config";

// Tests import each package's TypeScript source through the "source" export condition,
// so they run without a build. vitest 4 needs the condition for both client and SSR.
const conditions = ["source", "import", "module", "node", "default"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ["packages/*/test/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: ".vitest/results.json" }]],
  },
});
