import { ID_PATTERN, ID_RULES, isSafeKey, MAX_ID_LENGTH, readLevel } from "@metakit/base";
import { z } from "zod";
import { messages } from "./messages.js";

/**
 * Schemas whose JSON Schema is written by hand-free override: they accept text (a CSV
 * cell is always text) but are numbers or booleans in the data model. `toJsonSchemas`
 * reads this registry so editors see `number`/`boolean`, never `string`.
 */
const cellTypeByDef = new WeakMap<object, "number" | "integer" | "boolean">();

/** The cell type of a schema (or of a copy made by .describe()), if it is a cell. */
export function cellTypeOf(schema: z.ZodType): "number" | "integer" | "boolean" | undefined {
  return cellTypeByDef.get(schema._zod.def);
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads a number from a YAML/JSON number or from text (a CSV cell). Text with a comma is
 * an error: a decimal comma is never read as a thousands separator and never dropped.
 */
function readNumber(input: unknown, ctx: z.RefinementCtx): number {
  if (typeof input === "number") {
    if (Number.isFinite(input)) return input;
    ctx.addIssue({ code: "custom", message: messages.notFinite(), input });
    return z.NEVER;
  }
  if (typeof input === "string") {
    const text = input.trim();
    if (text.includes(",")) {
      ctx.addIssue({ code: "custom", message: messages.decimalComma(text), input });
      return z.NEVER;
    }
    if (NUMBER_TEXT.test(text)) return Number(text);
    ctx.addIssue({ code: "custom", message: messages.notANumber(text), input });
    return z.NEVER;
  }
  ctx.addIssue({ code: "custom", message: messages.expectedType("a number", describeType(input)), input });
  return z.NEVER;
}

/** A number written as a number (YAML, JSON) or as text (CSV). */
export function numberCell(): z.ZodType<number, unknown> {
  const schema = z.unknown().transform(readNumber);
  cellTypeByDef.set(schema._zod.def, "number");
  return schema;
}

/**
 * A confidence level as metafor reads it (0.95 and 95 both mean 95%; 0.05 means 95%), read
 * once here and given as a percentage, so nothing downstream reads the raw value again.
 * `where` names the document in the error ("spec", "extraction").
 * @metafor metafor:::.level
 */
export function levelCell(where = "spec"): z.ZodType<number, unknown> {
  const schema = z.unknown().transform((input, ctx) => {
    const value = readNumber(input, ctx);
    if (typeof value !== "number") return value;
    try {
      return readLevel(value, where);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error), input });
      return z.NEVER;
    }
  });
  cellTypeByDef.set(schema._zod.def, "number");
  return schema;
}

/** A number greater than 0 (a scale, a rate, a standard deviation), written as a number or as text. */
export function positiveNumberCell(): z.ZodType<number, unknown> {
  const schema = z.unknown().transform((input, ctx) => {
    const value = readNumber(input, ctx);
    if (typeof value === "number" && !(value > 0)) {
      ctx.addIssue({ code: "custom", message: messages.notPositive(), input });
      return z.NEVER;
    }
    return value;
  });
  cellTypeByDef.set(schema._zod.def, "number");
  return schema;
}

/** A whole number (a count), written as a number or as text. */
export function integerCell(): z.ZodType<number, unknown> {
  const schema = z.unknown().transform((input, ctx) => {
    const value = readNumber(input, ctx);
    if (typeof value === "number" && !Number.isInteger(value)) {
      ctx.addIssue({ code: "custom", message: messages.notInteger(), input });
      return z.NEVER;
    }
    return value;
  });
  cellTypeByDef.set(schema._zod.def, "integer");
  return schema;
}

/** true/false, written as a boolean (YAML, JSON) or as the text true/false (CSV). */
export function booleanCell(): z.ZodType<boolean, unknown> {
  const schema = z.unknown().transform((input, ctx) => {
    if (typeof input === "boolean") return input;
    if (typeof input === "string" && /^(true|false)$/i.test(input.trim())) return input.trim().toLowerCase() === "true";
    ctx.addIssue({ code: "custom", message: messages.notABoolean(String(input)), input });
    return z.NEVER;
  });
  cellTypeByDef.set(schema._zod.def, "boolean");
  return schema;
}

/** The type of a value as a person would name it, for messages. */
export function describeType(input: unknown): string {
  if (input === null) return "null";
  if (Array.isArray(input)) return "a list";
  if (typeof input === "object") return "a mapping";
  if (typeof input === "string") return `text "${input}"`;
  return `${typeof input} ${String(input)}`;
}

export { isSafeKey, MAX_ID_LENGTH };

/**
 * A record identifier, by the one id rule of @metakit/base (idProblem): letters, digits
 * and - _ . (no spaces), starting with a letter or digit, at most MAX_ID_LENGTH
 * characters, not a name JavaScript objects reserve. The pattern and length stay in the
 * schema so the generated JSON Schema states them.
 */
export const Id = z
  .string()
  .regex(ID_PATTERN, { message: messages.badFormat(ID_RULES.pattern) })
  .max(MAX_ID_LENGTH, { message: messages.badFormat(ID_RULES.length) })
  .refine(isSafeKey, { message: messages.badFormat(ID_RULES.reserved) })
  .describe("Identifier: letters, digits and - _ . without spaces.");

/** A list of ids: a YAML/JSON list, or in a CSV cell ids separated by "|". */
export const IdList = z
  .union([z.array(Id), z.string().transform((text) => text.split("|").map((s) => s.trim()).filter((s) => s.length > 0))])
  .pipe(z.array(Id))
  .describe('List of ids; in a CSV cell, separated by "|".');

/**
 * Control characters a reader never means and that corrupt what is written (terminal
 * escapes, NUL, XML-invalid characters, bidirectional overrides): C0 but tab and line
 * breaks, DEL, C1, and U+202A-U+202E, U+2066-U+2069.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

function refuseControlCharacters(text: string, ctx: z.RefinementCtx): void {
  const found = CONTROL.exec(text);
  if (found !== null) ctx.addIssue({ code: "custom", message: messages.controlCharacter(found[0].codePointAt(0)!) });
}

/** Non-empty text without control characters (see CONTROL). */
export const Text = z.string().trim().min(1, { message: messages.emptyText() }).superRefine(refuseControlCharacters);

/** A list of short texts (e.g. registry ids): a YAML/JSON list, or in a CSV cell separated by "|". */
export const TextList = z
  .union([z.array(z.string()), z.string().transform((text) => text.split("|"))])
  .pipe(z.array(Text))
  .describe('List of texts; in a CSV cell, separated by "|".');
