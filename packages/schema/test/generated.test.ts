import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dataDictionary, formatJsonSchema, jsonSchemas } from "../src/index.js";

// The committed generated files must equal what the zod types generate now
// (regenerate with `pnpm --filter @metakit/schema generate`).
const here = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");

describe("generated files are up to date", () => {
  for (const [name, schema] of Object.entries(jsonSchemas())) {
    it(`generated/${name} equals jsonSchemas()["${name}"]`, () => {
      expect(here(`generated/${name}`)).toBe(formatJsonSchema(schema));
    });
  }

  it("DICTIONARY.md equals dataDictionary()", () => {
    expect(here("DICTIONARY.md")).toBe(dataDictionary());
  });

  it("the dictionary documents every record kind, the result forms and where dose classes are declared", () => {
    const text = dataDictionary();
    for (const heading of ["## studies", "## arms", "## results", "### form: `paired`", "## claims", "## analysis spec", "## Daily dose and dose classes"]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain("| `doseClasses.classes[].upTo` | number |  | The class holds daily doses (mg) up to and including this bound. |");
  });

  it("the JSON Schema shows CSV-friendly numbers as numbers", () => {
    const schema = jsonSchemas()["extraction.schema.json"] as { properties: { studies: { items: { properties: Record<string, unknown> } } } };
    const year = (schema.properties.studies.items.properties["citation"] as { properties: Record<string, unknown> }).properties["year"];
    expect(year).toEqual({ type: "integer", description: "Year of publication." });
  });
});
