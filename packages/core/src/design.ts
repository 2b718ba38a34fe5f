/**
 * The design matrix X of a (mixed-effects) meta-analytic model, k rows (studies) by p
 * columns (coefficients), stored row-major. The intercept-only model is the design with
 * one column of ones; meta-regression adds moderator columns. Every estimator in the core
 * takes a Design, so the intercept-only model and meta-regression run the same code.
 */
import { MetakitError } from "@metakit/base";

export interface Design {
  /** Number of studies (rows). */
  readonly k: number;
  /** Number of coefficients (columns). */
  readonly p: number;
  /** X[i * p + j] is column j of study i. */
  readonly X: Float64Array;
  /** True when the first column is all ones (metafor's `int.incl`). */
  readonly intercept: boolean;
}

/** The k x 1 design of the intercept-only model (metafor's rma(yi, vi) without mods). */
export function interceptDesign(k: number): Design {
  return { k, p: 1, X: new Float64Array(k).fill(1), intercept: true };
}

/**
 * A design from columns of moderator values, with an intercept column first when
 * `intercept` is true (metafor's default). Throws INVALID_INPUT naming the column and row
 * of a non-finite value.
 * @example designFromColumns(3, [[1, 2, 3]]).p // 2
 */
export function designFromColumns(
  k: number,
  columns: readonly ArrayLike<number>[],
  intercept = true,
): Design {
  const p = columns.length + (intercept ? 1 : 0);
  const X = new Float64Array(k * p);
  const offset = intercept ? 1 : 0;
  for (let i = 0; i < k; i++) {
    if (intercept) X[i * p] = 1;
    columns.forEach((column, c) => {
      if (column.length !== k) {
        throw new MetakitError("INVALID_INPUT", `design: column ${c} has length ${column.length}, expected ${k}`, {
          field: `X[${c}]`,
          value: column.length,
        });
      }
      const x = column[i]!;
      if (!Number.isFinite(x)) {
        throw new MetakitError("INVALID_INPUT", `design: column ${c} is not finite at study ${i}`, {
          study: i,
          field: `X[${c}]`,
          value: x,
        });
      }
      X[i * p + c + offset] = x;
    });
  }
  return { k, p, X, intercept };
}
