import type { z } from "zod";
import { AnalysisSpec } from "./analysis.js";
import { SCHEDULE_TIMES_PER_DAY } from "./dose.js";
import { RECORD_KINDS, recordSchemas } from "./document.js";
import { toJsonSchema } from "./json-schema.js";

type Json = Record<string, unknown>;

interface Row {
  readonly field: string;
  readonly type: string;
  readonly required: boolean;
  readonly description: string;
}

function isReportedNumber(json: Json): boolean {
  const anyOf = json["anyOf"] as Json[] | undefined;
  return anyOf !== undefined && anyOf.length === 2 && (anyOf[1]?.["properties"] as Json | undefined)?.["quote"] !== undefined;
}

function reportedKind(json: Json): string {
  const anyOf = json["anyOf"] as Json[];
  const object = anyOf[1] as Json;
  const canBeMissing = (object["properties"] as Json)["missing"] !== undefined;
  const base = anyOf[0]?.["type"] === "integer" ? "count" : "number";
  return canBeMissing ? `${base} or missing (reported)` : `${base} (reported)`;
}

function typeName(json: Json): string {
  if (isReportedNumber(json)) return reportedKind(json);
  if (json["const"] !== undefined) return `\`${String(json["const"])}\``;
  if (Array.isArray(json["enum"])) return (json["enum"] as unknown[]).map((v) => `\`${String(v)}\``).join(" \\| ");
  if (json["type"] === "array") {
    const items = json["items"] as Json | undefined;
    return items === undefined ? "list" : `list of ${typeName(items)}`;
  }
  const variants = (json["oneOf"] ?? json["anyOf"]) as Json[] | undefined;
  if (Array.isArray(variants)) {
    const names = variants.map((v) => (v["type"] === "object" ? discriminatorOf(v) : undefined));
    if (names.every((n) => n !== undefined)) return `mapping (${names.join(" \\| ")})`;
    return variants.map(typeName).join(" or ");
  }
  if (json["type"] === "object") return "mapping";
  if (typeof json["type"] === "string") return json["type"] === "string" ? "text" : (json["type"] as string);
  return "any";
}

/** One row per field, nested mappings and lists of mappings flattened to dotted paths. */
function fieldRows(json: Json, prefix: string): Row[] {
  const properties = (json["properties"] ?? {}) as Record<string, Json>;
  const required = new Set((json["required"] ?? []) as string[]);
  const rows: Row[] = [];
  for (const [name, property] of Object.entries(properties)) {
    const field = `${prefix}${name}`;
    const description = String(property["description"] ?? "").replace(/\|/g, "\\|");
    rows.push({ field, type: typeName(property), required: required.has(name), description });
    if (property["type"] === "object" && !isReportedNumber(property)) rows.push(...fieldRows(property, `${field}.`));
    const items = property["items"] as Json | undefined;
    if (property["type"] === "array" && items?.["type"] === "object") rows.push(...fieldRows(items, `${field}[].`));
    rows.push(...variantRows(property, field));
  }
  return rows;
}

/** The value of the field that tells a union's variants apart (type, family), or undefined. */
function discriminatorOf(variant: Json): string | undefined {
  const properties = (variant["properties"] ?? {}) as Record<string, Json>;
  for (const key of ["type", "family", "form"]) {
    const value = properties[key]?.["const"];
    if (value !== undefined) return `${key}: ${String(value)}`;
  }
  return undefined;
}

/** A union of mappings (a model, a prior): each variant's fields, under `field (type: ...)`. */
function variantRows(property: Json, field: string): Row[] {
  if (isReportedNumber(property)) return [];
  const variants = (property["oneOf"] ?? property["anyOf"]) as Json[] | undefined;
  if (variants === undefined) return [];
  return variants.flatMap((variant, i) => {
    if (variant["type"] !== "object") return [];
    const name = discriminatorOf(variant) ?? `variant ${i + 1}`;
    return fieldRows(variant, `${field} (${name}).`);
  });
}

function table(rows: readonly Row[]): string {
  const lines = ["| field | type | required | description |", "|---|---|---|---|"];
  for (const row of rows) lines.push(`| \`${row.field}\` | ${row.type} | ${row.required ? "yes" : ""} | ${row.description} |`);
  return lines.join("\n");
}

function section(title: string, schema: z.ZodType): string {
  const json = toJsonSchema(schema, title);
  const description = String(json["description"] ?? "");
  const variants = (json["oneOf"] ?? json["anyOf"]) as Json[] | undefined;
  if (variants !== undefined && json["properties"] === undefined) {
    const parts = variants.map((variant) => {
      const form = ((variant["properties"] as Record<string, Json>)["form"]?.["const"] ?? "?") as string;
      return `### form: \`${form}\`\n\n${table(fieldRows(variant, ""))}`;
    });
    return `## ${title}\n\n${description}\n\n${parts.join("\n\n")}`;
  }
  return `## ${title}\n\n${description}\n\n${table(fieldRows(json, ""))}`;
}

function scheduleTable(): string {
  const lines = ["| schedule | administrations per day |", "|---|---|"];
  for (const [schedule, times] of Object.entries(SCHEDULE_TIMES_PER_DAY)) lines.push(`| \`${schedule}\` | ${times ?? "not fixed (no daily dose derived)"} |`);
  return lines.join("\n");
}

/**
 * The data dictionary (Markdown), generated from the zod types through their JSON Schema,
 * so that it can never disagree with the parser.
 */
export function dataDictionary(): string {
  const kinds = RECORD_KINDS.map((kind) => section(kind, recordSchemas[kind] as unknown as z.ZodType));
  return [
    "# metakit data dictionary",
    "",
    "Generated from the zod types of `@metakit/schema` by `pnpm --filter @metakit/schema generate`.",
    "Do not edit by hand: a test fails when this file differs from the types.",
    "",
    "An extraction file (YAML or JSON) holds lists of records under the keys below; a CSV file",
    "holds one kind, named by the end of its file name (`trials-arms.csv`), with dotted",
    "column names for nested fields (`citation.year`, `arms.0.mean`).",
    "",
    "**Reported numbers.** A field marked *(reported)* is a number with provenance: either",
    "`{value, source, location, quote, status, formula?}` or a bare number whose provenance comes",
    "from the record's `provenance`. *or missing* fields may instead be `{missing: reason}`.",
    "In CSV, a column `x` with columns `x.quote`, `x.status`, ... forms one reported number.",
    "status: `verified` (seen in the source), `unverified` (plausible, not seen), `computed` (derived;",
    "give `formula`). A missing number's status says why it is missing: `not-reported` (the source,",
    "as read, does not report it; the default) or `not-retrieved` (the source reports it but it was",
    "not read, e.g. a registry results table past the stored excerpt or a full text behind a paywall;",
    "`source` and `location` say where it is).",
    "",
    "## Daily dose and dose classes",
    "",
    "The daily dose in mg is derived from `dose`: amount x mg per unit x administrations per day.",
    "A range is classed by the end named in `classBy`. The classes and their thresholds are the",
    "review's own: an analysis spec declares them under `doseClasses`, with their rationale.",
    "",
    scheduleTable(),
    "",
    ...kinds.flatMap((text) => [text, ""]),
    section("analysis spec", AnalysisSpec as unknown as z.ZodType),
    "",
  ].join("\n");
}
