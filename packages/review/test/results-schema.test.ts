/**
 * generated/results.schema.json is the JSON Schema of results.json, generated from the
 * AnalysisResult type (scripts/results-schema.mjs, ts-json-schema-generator, from the
 * workspace's declarations: `pnpm exec tsc -b` first). The committed file must equal what
 * the types generate now: regenerate with `pnpm --filter @metakit/review generate`.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatResultsSchema, RESULTS_SCHEMA_PATH, resultsSchema } from "../scripts/results-schema.mjs";
import { loadNaltrexone } from "./naltrexone.js";

interface ObjectSchema {
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly additionalProperties?: boolean;
}

const committed = readFileSync(RESULTS_SCHEMA_PATH, "utf8");
const schema = JSON.parse(committed) as { definitions: { AnalysisResult: ObjectSchema } };

describe("generated/results.schema.json", () => {
  it("equals the schema the AnalysisResult type generates now", { timeout: 120_000 }, () => {
    expect(committed).toBe(formatResultsSchema(resultsSchema()));
  });

  it("names exactly the top-level fields a real results.json has, all required, no others allowed", { timeout: 120_000 }, () => {
    const result = loadNaltrexone().analysed("pain").result;
    const top = schema.definitions.AnalysisResult;
    expect(Object.keys(top.properties ?? {}).sort()).toEqual(Object.keys(result).sort());
    expect([...(top.required ?? [])].sort()).toEqual(Object.keys(result).sort());
    expect(top.additionalProperties).toBe(false);
  });
});
