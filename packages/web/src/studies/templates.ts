/**
 * New records from the schema: every required field present, so the form shows each one
 * to fill. A required number that may be missing starts as "missing, because …" with an
 * empty reason (which the checks flag until a value or a reason is given), a required
 * text as empty text, a required choice or plain number as null in its place (flagged
 * until chosen); references to the
 * study and its arms are filled in.
 */
import { controlOf, type JsonSchema } from "./json-schema.js";

export interface TemplateContext {
  readonly study: string;
  /** Arm ids of the study: the first fills arm references. */
  readonly arms: readonly { readonly id: string; readonly type?: string }[];
  /** An unused id for the new record. */
  readonly id: string;
}

export function template(schema: JsonSchema, context: TemplateContext, key = ""): unknown {
  const control = controlOf(schema);
  switch (control.kind) {
    case "object": {
      const record: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(control.properties)) {
        if (!control.required.includes(name)) continue;
        const value = template(property, context, name);
        if (value !== undefined) record[name] = value;
      }
      return record;
    }
    case "reported":
      return control.maybe ? { missing: "" } : {};
    case "union":
      return template(control.branches[0]!, context, key);
    case "list":
      return (typeof (schema.minItems) === "number" && schema.minItems > 0) ? [template(control.items, context, "")] : [];
    case "fixed":
      return control.value;
    case "text":
      return textTemplate(key, context);
    case "text-list":
      return [];
    case "choice":
    case "number":
    case "boolean":
      return null;
    default:
      return undefined;
  }
}

function textTemplate(key: string, context: TemplateContext): string {
  if (key === "study") return context.study;
  if (key === "id") return context.id;
  if (key === "arm" || key === "experimental") return (context.arms.find((a) => a.type === "experimental") ?? context.arms[0])?.id ?? "";
  if (key === "control") return (context.arms.find((a) => a.type !== "experimental") ?? context.arms[0])?.id ?? "";
  return "";
}

/** `base`, or `base-2`, `base-3`, ... : the first not in `taken`. */
export function unusedId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
