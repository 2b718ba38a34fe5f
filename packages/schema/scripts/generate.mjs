// Writes the generated files of @metakit/schema from its zod types (never edit them by hand):
// generated/*.schema.json (JSON Schema, for editors) and DICTIONARY.md (the data dictionary).
// Run `pnpm --filter @metakit/schema generate` (builds first); test/generated.test.ts checks
// the committed files are up to date.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { dataDictionary, formatJsonSchema, jsonSchemas } from "../dist/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
for (const [name, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(join(root, "generated", name), formatJsonSchema(schema));
}
writeFileSync(join(root, "DICTIONARY.md"), dataDictionary());
console.log("wrote generated/*.schema.json and DICTIONARY.md");
