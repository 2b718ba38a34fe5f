/**
 * The guards every result passes before it is written, in one place: numbers must be
 * finite whatever the format (so the outcome never depends on the format), option pairs
 * that contradict each other are usage errors, and every null of a JSON output carries
 * the reason it has no value.
 */
import { InputFileError, UsageError } from "./errors.js";

/**
 * The first number in `value` (a result about to be written) that is NaN or infinite, with
 * its JSON path. O(size of the value); the path is built only for the number found, so a
 * result with a million per-study entries is checked without a string per entry.
 */
export function firstNonFinite(value: unknown, path = "$"): { readonly path: string; readonly value: number } | undefined {
  const trail: (string | number)[] = [];
  const found = nonFiniteIn(value, trail);
  if (found === undefined) return undefined;
  return { path: trail.reduce<string>((text, step) => (typeof step === "number" ? `${text}[${step}]` : `${text}.${step}`), path), value: found };
}

/** The first non-finite number in `value`, with `trail` left holding its path (keys and indices). */
function nonFiniteIn(value: unknown, trail: (string | number)[]): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : value;
  if (value === null || typeof value !== "object") return undefined;
  if (ArrayBuffer.isView(value)) {
    const list = value as unknown as ArrayLike<unknown>;
    for (let i = 0; i < list.length; i++) {
      const x = list[i];
      if (typeof x === "number" && !Number.isFinite(x)) return trail.push(i), x;
    }
    return undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      trail.push(i);
      const found = nonFiniteIn(value[i], trail);
      if (found !== undefined) return found;
      trail.pop();
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    trail.push(key);
    const found = nonFiniteIn((value as Record<string, unknown>)[key], trail);
    if (found !== undefined) return found;
    trail.pop();
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

/**
 * Why a value of a JSON output is null, by path ("posterior.mu.mean"; "[]" stands for
 * any list index). The output promises no null except these, each with its reason.
 */
export type NullReasons = Readonly<Record<string, string>>;

/**
 * The path pattern of every null in `value` ("shrinkage[].median"), in order, each once.
 * O(size of the value), with a string built only for each null found.
 */
export function nullPaths(value: unknown, path = ""): string[] {
  const found = new Set<string>();
  const trail: (string | null)[] = path === "" ? [] : [path]; // null: any index of a list
  const walk = (entry: unknown): void => {
    if (entry === null) {
      found.add(trail.reduce<string>((text, step) => (step === null ? `${text}[]` : text === "" ? step : `${text}.${step}`), ""));
      return;
    }
    if (typeof entry !== "object" || ArrayBuffer.isView(entry)) return;
    if (Array.isArray(entry)) {
      trail.push(null);
      for (const item of entry) walk(item);
      trail.pop();
      return;
    }
    for (const key of Object.keys(entry)) {
      trail.push(key);
      walk((entry as Record<string, unknown>)[key]);
      trail.pop();
    }
  };
  walk(value);
  return [...found];
}

/** The reason for a path, or for its longest tail listed ("piLower" for "subgroups[].piLower"). */
function reasonOf(path: string, reasons: NullReasons): string | undefined {
  const segments = path.split(".");
  for (let i = 0; i < segments.length; i++) {
    const reason = reasons[segments.slice(i).join(".")];
    if (reason !== undefined) return reason;
  }
  return undefined;
}

/**
 * The output with a `notApplicable` map beside its nulls: each null's path and why it has
 * no value. A null with no reason listed is a bug the test suite looks for: it is named
 * with "no reason recorded" rather than hidden.
 */
export function explainNulls<T extends object>(json: T, reasons: NullReasons): T & { readonly notApplicable?: Record<string, string> } {
  const paths = nullPaths(json);
  if (paths.length === 0) return json;
  const notApplicable = Object.fromEntries(paths.map((path) => [path, reasonOf(path, reasons) ?? "not applicable: no reason recorded (please report this as a metakit bug)"]));
  return { ...json, notApplicable };
}
