/**
 * Checks shared by the scatter figures, written so that NaN fails them; each failure
 * names the figure, the study (or point) and the field.
 */
import { MetakitError } from "@metakit/base";
import { messages } from "../messages.js";

export function fail(message: string, details: Record<string, unknown>): never {
  throw new MetakitError("INVALID_INPUT", message, details);
}

/** A finite value; positive as well on a log axis. */
export function checkValue(scale: "log" | "identity", study: string, field: string, value: number): void {
  if (!Number.isFinite(value)) fail(messages.notFinite(field, value), { study, field, value });
  if (scale === "log" && !(value > 0)) fail(messages.forest.logScaleNotPositive(field, value), { study, field, value });
}

/** A finite value >= 0. */
export function checkNonNegative(study: string, field: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) fail(messages.negative(field, value), { study, field, value });
}

export function checkNotEmpty(figure: string, field: string, count: number): void {
  if (!(count > 0)) fail(messages.figure.empty(figure, field), { field, value: count });
}
