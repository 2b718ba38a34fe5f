/**
 * Small dense symmetric positive-definite matrices (p x p, row-major Float64Array), the
 * only matrices the core ever forms: p is the number of model coefficients, never k.
 */
import { MetakitError } from "@metakit/base";

/** Inverse and log-determinant of a symmetric positive-definite matrix. */
export interface SpdInverse {
  readonly inverse: Float64Array;
  readonly logDet: number;
}

/**
 * Inverts a symmetric positive-definite p x p matrix through its Cholesky factor
 * A = L L'; O(p^3). Throws INVALID_INPUT when A is not positive definite (a design
 * matrix that is not of full rank), as metafor's rma() stops for such models.
 * @example invertSpd(Float64Array.of(4), 1).inverse // [0.25]
 */
export function invertSpd(A: Float64Array, p: number): SpdInverse {
  const L = new Float64Array(p * p);
  let logDet = 0;
  const scale = maxDiagonal(A, p);
  for (let j = 0; j < p; j++) {
    let d = A[j * p + j]!;
    for (let m = 0; m < j; m++) d -= L[j * p + m]! ** 2;
    if (!(d > 1e-13 * scale)) {
      throw new MetakitError("INVALID_INPUT", "design matrix is not of full rank", {
        field: "X",
        value: j,
      });
    }
    const ljj = Math.sqrt(d);
    L[j * p + j] = ljj;
    logDet += 2 * Math.log(ljj);
    for (let i = j + 1; i < p; i++) {
      let s = A[i * p + j]!;
      for (let m = 0; m < j; m++) s -= L[i * p + m]! * L[j * p + m]!;
      L[i * p + j] = s / ljj;
    }
  }
  return { inverse: inverseFromCholesky(L, p), logDet };
}

function maxDiagonal(A: Float64Array, p: number): number {
  let max = 0;
  for (let j = 0; j < p; j++) max = Math.max(max, Math.abs(A[j * p + j]!));
  return max;
}

/** (L L')^{-1} = L'^{-1} L^{-1}, from the lower-triangular factor L. */
function inverseFromCholesky(L: Float64Array, p: number): Float64Array {
  const Linv = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    Linv[j * p + j] = 1 / L[j * p + j]!;
    for (let i = j + 1; i < p; i++) {
      let s = 0;
      for (let m = j; m < i; m++) s -= L[i * p + m]! * Linv[m * p + j]!;
      Linv[i * p + j] = s / L[i * p + i]!;
    }
  }
  const inverse = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let m = i; m < p; m++) s += Linv[m * p + i]! * Linv[m * p + j]!;
      inverse[i * p + j] = s;
      inverse[j * p + i] = s;
    }
  }
  return inverse;
}

/** y = A x for a p x p matrix A. */
export function multiplyVector(A: Float64Array, x: Float64Array, p: number): Float64Array {
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += A[i * p + j]! * x[j]!;
    y[i] = s;
  }
  return y;
}

/** tr(A B) for p x p matrices, B symmetric: sum_ij A_ij B_ij. */
export function traceOfProduct(A: Float64Array, B: Float64Array, p: number): number {
  let s = 0;
  for (let i = 0; i < p * p; i++) s += A[i]! * B[i]!;
  return s;
}

/** A B for p x p matrices. */
export function multiplyMatrices(A: Float64Array, B: Float64Array, p: number): Float64Array {
  const C = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let m = 0; m < p; m++) {
      const a = A[i * p + m]!;
      for (let j = 0; j < p; j++) C[i * p + j]! += a * B[m * p + j]!;
    }
  }
  return C;
}

/** tr(C C) for a p x p matrix C (not necessarily symmetric): sum_ij C_ij C_ji. */
export function traceOfSquare(C: Float64Array, p: number): number {
  let s = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) s += C[i * p + j]! * C[j * p + i]!;
  return s;
}

/** out = A B for A of r x s and B of s x c, row-major (blocks of the multilevel and multivariate models). */
export function multiplyInto(A: ArrayLike<number>, B: ArrayLike<number>, r: number, s: number, c: number, out: Float64Array): void {
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      let t = 0;
      for (let m = 0; m < s; m++) t += A[i * s + m]! * B[m * c + j]!;
      out[i * c + j] = t;
    }
  }
}

/** out += A' B for A, B of n rows and p columns. */
export function addCrossProduct(A: Float64Array, B: Float64Array, n: number, p: number, out: Float64Array): void {
  for (let a = 0; a < n; a++) for (let x = 0; x < p; x++) for (let y = 0; y < p; y++) out[x * p + y]! += A[a * p + x]! * B[a * p + y]!;
}

/** tr(A B) for p x p matrices, neither symmetric: sum_ab A_ab B_ba. */
export function traceOfGeneralProduct(A: Float64Array, B: Float64Array, p: number): number {
  let s = 0;
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += A[a * p + b]! * B[b * p + a]!;
  return s;
}

/** tr(H S1 H S2) for p x p matrices (the REML information's second-order term). */
export function traceOfHSHS(H: Float64Array, S1: Float64Array, S2: Float64Array, p: number): number {
  return traceOfGeneralProduct(multiplyMatrices(H, S1, p), multiplyMatrices(H, S2, p), p);
}
