// The JSON Schema of results.json (an AnalysisResult, as `metakit analyze --format json`
// and `metakit report` write it), generated from the TypeScript types in src/types.ts with
// ts-json-schema-generator: the types are the spec, the schema is never written by hand.
// `pnpm --filter @metakit/review generate` writes generated/results.schema.json;
// test/results-schema.test.ts fails when the committed file is stale.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createGenerator } from "ts-json-schema-generator";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const RESULTS_SCHEMA_PATH = join(root, "generated", "results.schema.json");

/** The JSON Schema (draft-07, as the generator writes it) of AnalysisResult. */
export function resultsSchema() {
  const generator = createGenerator({
    path: join(root, "src", "types.ts"),
    tsconfig: join(root, "tsconfig.schema.json"),
    type: "AnalysisResult",
    expose: "none",
    topRef: true,
    jsDoc: "extended",
    sortProps: true,
    additionalProperties: false,
    skipTypeCheck: true,
  });
  return {
    ...generator.createSchema("AnalysisResult"),
    title: "metakit analysis results (results.json)",
  };
}

export function formatResultsSchema(schema) {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(RESULTS_SCHEMA_PATH, formatResultsSchema(resultsSchema()));
  console.log(`wrote ${RESULTS_SCHEMA_PATH}`);
}
