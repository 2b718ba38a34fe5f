/**
 * Moderators of a meta-regression and the design matrix they make: a numeric moderator is
 * one column; a categorical one is treatment-coded, one 0/1 column per level other than
 * the reference, as R's model.matrix() does for a factor (metafor's mods = ~ factor(x)).
 */
import { invalidOption, MetakitError } from "@metakit/base";
import type { Design } from "../design.js";

export interface NumericModerator {
  readonly kind: "numeric";
  readonly name: string;
  readonly values: ArrayLike<number>;
}

export interface CategoricalModerator {
  readonly kind: "categorical";
  readonly name: string;
  readonly values: readonly string[];
  /**
   * The level the others are compared with. Default: the first level in sorted order, as
   * R's factor(); levels sort by code point here, by the locale's collation in R (the two
   * agree for levels of one letter case).
   */
  readonly reference?: string;
}

export type Moderator = NumericModerator | CategoricalModerator;

/** How a moderator was coded, kept with the result so predictions code new values the same way. */
export type ModeratorCoding =
  | { readonly kind: "numeric"; readonly name: string }
  | { readonly kind: "categorical"; readonly name: string; readonly reference: string; readonly levels: readonly string[] };

export interface ModeratorDesign {
  readonly design: Design;
  /** Column names: "intrcpt", then one per numeric moderator and per non-reference level ("alloc=random"). */
  readonly terms: readonly string[];
  readonly coding: readonly ModeratorCoding[];
}

/**
 * The design matrix X (intercept first, then the moderators in the order given) and its
 * term names. Throws INVALID_INPUT naming the moderator and study of a non-finite or
 * missing value, an unknown reference level, or a moderator of the wrong length.
 * @metafor rma(yi, vi, mods = ~ x1 + factor(x2)) (relevel() for another reference)
 * @example moderatorDesign(3, [{ kind: "numeric", name: "ablat", values: [44, 55, 42] }], undefined, "metaRegression").terms // ["intrcpt", "ablat"]
 */
export function moderatorDesign(
  k: number,
  moderators: readonly Moderator[],
  labels: readonly string[] | undefined,
  fn: string,
): ModeratorDesign {
  const coding = moderators.map((m) => codingOf(m, k, fn));
  const columns: Float64Array[] = [new Float64Array(k).fill(1)];
  const terms = ["intrcpt"];
  moderators.forEach((m, c) => {
    const code = coding[c]!;
    if (code.kind === "numeric") {
      columns.push(numericColumn(m as NumericModerator, labels, fn));
      terms.push(m.name);
      return;
    }
    for (const level of code.levels) {
      if (level === code.reference) continue;
      columns.push(Float64Array.from(m.values as readonly string[], (v) => (v === level ? 1 : 0)));
      terms.push(`${m.name}=${level}`);
    }
  });
  return { design: designOf(k, columns), terms, coding };
}

/** One row of X for new moderator values (name -> number or level), coded as in fitting; `fn` names the caller in errors. */
export function designRow(coding: readonly ModeratorCoding[], values: Readonly<Record<string, number | string>>, fn: string): Float64Array {
  const row: number[] = [1];
  for (const code of coding) {
    const value = values[code.name];
    if (code.kind === "numeric") {
      if (typeof value !== "number" || !Number.isFinite(value)) throw invalidOption(fn, code.name, value, "a finite number");
      row.push(value);
      continue;
    }
    if (typeof value !== "string" || !code.levels.includes(value)) {
      throw invalidOption(fn, code.name, value, `one of ${code.levels.join(", ")}`);
    }
    for (const level of code.levels) if (level !== code.reference) row.push(value === level ? 1 : 0);
  }
  return Float64Array.from(row);
}

function codingOf(m: Moderator, k: number, fn: string): ModeratorCoding {
  if (m.values.length !== k) {
    throw new MetakitError("INVALID_INPUT", `${fn}: moderator ${m.name} has ${m.values.length} values, expected ${k}`, {
      field: m.name,
      value: m.values.length,
    });
  }
  if (m.kind === "numeric") return { kind: "numeric", name: m.name };
  const levels = [...new Set(m.values)].sort();
  const reference = m.reference ?? levels[0];
  if (reference === undefined || !levels.includes(reference)) throw invalidOption(fn, m.name, reference, `a level of ${m.name} (reference)`);
  return { kind: "categorical", name: m.name, reference, levels };
}

function numericColumn(m: NumericModerator, labels: readonly string[] | undefined, fn: string): Float64Array {
  const column = Float64Array.from(m.values);
  column.forEach((x, i) => {
    if (!Number.isFinite(x)) {
      const study = labels?.[i] ?? i;
      throw new MetakitError("INVALID_INPUT", `${fn}: moderator ${m.name} of study ${study} is not a finite number`, {
        study,
        field: m.name,
        value: m.values[i],
      });
    }
  });
  return column;
}

function designOf(k: number, columns: readonly Float64Array[]): Design {
  const p = columns.length;
  const X = new Float64Array(k * p);
  for (let i = 0; i < k; i++) for (let j = 0; j < p; j++) X[i * p + j] = columns[j]![i]!;
  return { k, p, X, intercept: true };
}
