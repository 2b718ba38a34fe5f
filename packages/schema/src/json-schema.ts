import { z } from "zod";
import { AnalysisSpec } from "./analysis.js";
import { cellTypeOf } from "./cells.js";
import { ExtractionDocument } from "./document.js";
import { reportedForms } from "./provenance.js";

type JsonObject = Record<string, unknown>;

function clear(target: JsonObject): void {
  for (const key of Object.keys(target)) delete target[key];
}

/**
 * JSON Schema of a zod type, for editors. Cells that accept text (CSV) but mean numbers
 * or booleans are shown as numbers or booleans; a reported number as a number or its
 * object form {value, source, location, quote, status, ...}.
 */
export function toJsonSchema(schema: z.ZodType, id: string): JsonObject {
  const override = (ctx: { zodSchema: unknown; jsonSchema: JsonObject }): void => {
    const zodSchema = ctx.zodSchema as z.ZodType;
    const cell = cellTypeOf(zodSchema);
    const forms = reportedForms(zodSchema);
    if (cell !== undefined) {
      const description = ctx.jsonSchema["description"];
      clear(ctx.jsonSchema);
      ctx.jsonSchema["type"] = cell;
      if (description !== undefined) ctx.jsonSchema["description"] = description;
    } else if (forms !== undefined) {
      const description = ctx.jsonSchema["description"];
      const objectSchema = z.toJSONSchema(forms.object, { io: "input", unrepresentable: "any", override, target: "draft-2020-12" });
      delete objectSchema["$schema"];
      clear(ctx.jsonSchema);
      ctx.jsonSchema["anyOf"] = [{ type: cellTypeOf(forms.bare) ?? "number" }, objectSchema];
      if (description !== undefined) ctx.jsonSchema["description"] = description;
    }
  };
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", override, target: "draft-2020-12" }) as JsonObject;
  return { $schema: json["$schema"], $id: id, ...json };
}

/** The JSON Schemas metakit generates, by file name. */
export function jsonSchemas(): Record<string, JsonObject> {
  return {
    "extraction.schema.json": toJsonSchema(ExtractionDocument, "https://metakit.dev/schema/extraction.schema.json"),
    "analysis.schema.json": toJsonSchema(AnalysisSpec, "https://metakit.dev/schema/analysis.schema.json"),
  };
}

/** A JSON Schema as committed: two-space indented, with a final newline. */
export function formatJsonSchema(schema: JsonObject): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
