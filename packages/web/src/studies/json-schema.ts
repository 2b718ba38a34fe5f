/**
 * The extraction schema as the form reads it: the JSON Schema @metakit/schema generates
 * from its zod types (the committed generated/extraction.schema.json), made here from the
 * same types at start-up, so a field added to the schema is in the form with no new UI
 * code. Each schema node is classified once into the kind of control it needs.
 */
import { ExtractionDocument, toJsonSchema } from "@metakit/schema";

export type JsonSchema = Readonly<Record<string, unknown>> & {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly enum?: readonly string[];
  readonly const?: unknown;
  readonly description?: string;
  readonly additionalProperties?: JsonSchema | boolean;
  readonly minItems?: number;
  readonly default?: unknown;
};

let cached: JsonSchema | undefined;

/** The extraction document's JSON Schema. */
export function extractionSchema(): JsonSchema {
  cached ??= toJsonSchema(ExtractionDocument, "https://metakit.dev/schema/extraction.schema.json") as JsonSchema;
  return cached;
}

/** The schema of one record of a kind (studies, arms, results, ...). */
export function recordSchema(kind: string): JsonSchema {
  const list = extractionSchema().properties?.[kind];
  if (list?.items === undefined) throw new Error(`the extraction schema has no record kind ${kind}`);
  return list.items;
}

export type Control =
  | { readonly kind: "reported"; readonly maybe: boolean; readonly integer: boolean; readonly object: JsonSchema }
  | { readonly kind: "union"; readonly branches: readonly JsonSchema[]; readonly discriminator: string }
  | { readonly kind: "text-list" }
  | { readonly kind: "number-or-text" }
  | { readonly kind: "object"; readonly properties: Readonly<Record<string, JsonSchema>>; readonly required: readonly string[] }
  | { readonly kind: "record"; readonly values: JsonSchema }
  | { readonly kind: "list"; readonly items: JsonSchema }
  | { readonly kind: "choice"; readonly options: readonly string[] }
  | { readonly kind: "fixed"; readonly value: unknown }
  | { readonly kind: "text" }
  | { readonly kind: "number"; readonly integer: boolean }
  | { readonly kind: "boolean" }
  | { readonly kind: "any" };

function branches(schema: JsonSchema): readonly JsonSchema[] {
  return schema.anyOf ?? schema.oneOf ?? [];
}

/** The control a schema node needs. */
export function controlOf(schema: JsonSchema): Control {
  const options = branches(schema);
  const bare = options.find((b) => b.type === "number" || b.type === "integer");
  const object = options.find((b) => b.type === "object" && b.properties?.["value"] !== undefined);
  if (bare !== undefined && object !== undefined) {
    return { kind: "reported", maybe: object.properties?.["missing"] !== undefined, integer: bare.type === "integer", object };
  }
  const discriminator = options.length > 1 ? Object.keys(options[0]?.properties ?? {}).find((key) => options.every((b) => b.properties?.[key]?.const !== undefined)) : undefined;
  if (discriminator !== undefined) return { kind: "union", branches: options, discriminator };
  if (options.some((b) => b.type === "array") && options.some((b) => b.type === "string")) return { kind: "text-list" };
  if (options.length > 0 || Array.isArray(schema.type)) return { kind: "number-or-text" };
  if (schema.const !== undefined) return { kind: "fixed", value: schema.const };
  if (schema.enum !== undefined) return { kind: "choice", options: schema.enum };
  if (schema.type === "object" && schema.properties !== undefined) return { kind: "object", properties: schema.properties, required: schema.required ?? [] };
  if (schema.type === "object" && typeof schema.additionalProperties === "object") return { kind: "record", values: schema.additionalProperties };
  if (schema.type === "array" && schema.items !== undefined) return { kind: "list", items: schema.items };
  if (schema.type === "string") return { kind: "text" };
  if (schema.type === "number" || schema.type === "integer") return { kind: "number", integer: schema.type === "integer" };
  if (schema.type === "boolean") return { kind: "boolean" };
  return { kind: "any" };
}

/** "armOrderAssumption" -> "Arm order assumption". */
export function labelOf(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
