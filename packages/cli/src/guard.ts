/**
 * The guards every command's output passes, in one place: numbers must be finite
 * whatever the format (so the exit status never depends on --format), CSV cells are
 * neutralised against formula injection (the same neutraliser as the report's CSVs),
 * terminal text has its control characters escaped, and option pairs that contradict
 * each other are usage errors.
 */
import { neutraliseCsvText, terminalText } from "@metakit/base";
import { InputFileError, UsageError } from "./errors.js";

export { neutraliseCsvText, terminalText };

/** The first number in `value` (a result about to be written) that is NaN or infinite, with its JSON path. */
export function firstNonFinite(value: unknown, path = "$"): { readonly path: string; readonly value: number } | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : { path, value };
  if (value === null || typeof value !== "object") return undefined;
  if (ArrayBuffer.isView(value)) {
    const list = Array.from(value as unknown as ArrayLike<number>);
    const i = list.findIndex((x) => typeof x === "number" && !Number.isFinite(x));
    return i < 0 ? undefined : { path: `${path}[${i}]`, value: list[i]! };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstNonFinite(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, entry] of Object.entries(value)) {
    const found = firstNonFinite(entry, `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Refuses a result holding NaN or Infinity: the data are beyond what double precision
 * computes (effects near 1e308, variances near 0). Called on the result before it is
 * formatted, so text, CSV and JSON fail alike.
 * @throws InputFileError naming the file and the quantity.
 */
export function assertFinite(value: unknown, file: string): void {
  const found = firstNonFinite(value);
  if (found === undefined) return;
  const quantity = found.path.replace(/^\$\.?/, "") || "result";
  throw new InputFileError(file, `${quantity} is ${String(found.value)}: the data are beyond what double precision can compute (effect sizes too large or sampling variances too small); rescale them`);
}

/**
 * Stops when an option that means something only with another is given alone, or two
 * options contradict each other.
 * @example conflictingOptions([[options.commonTau2 === true && options.by === undefined, "--common-tau2 needs --by"]])
 */
export function refuseConflicts(conflicts: readonly (readonly [boolean, string])[]): void {
  const found = conflicts.find(([conflict]) => conflict);
  if (found !== undefined) throw new UsageError(found[1]);
}
