/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations, and the
 * inverse square root it gives (CR2's adjustment matrices). O(n^3) per sweep; sweeps until
 * the off-diagonal mass is below 1e-30 of the total (at most 100 sweeps).
 * @reference Golub & Van Loan (2013), Matrix Computations, 4th ed., section 8.5
 */
import { MetakitError } from "@metakit/base";

/**
 * The (generalised) inverse square root V diag(lambda^{-1/2}) V' of a symmetric positive
 * semi-definite n x n S (row-major), with eigenvalues at most 1e-12 times the largest
 * taken as 0 (clubSandwich's matrix_power() uses an absolute 1e-12; a cluster whose rows
 * alone determine a coefficient makes S singular). Throws INVALID_INPUT for a clearly
 * negative eigenvalue or a zero matrix.
 * @example inverseSquareRoot(Float64Array.of(4), 1) // [0.5]
 */
export function inverseSquareRoot(S: Float64Array, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(S, n);
  const largest = Math.max(...values);
  const out = new Float64Array(n * n);
  for (let e = 0; e < n; e++) {
    const lambda = values[e]!;
    if (!(largest > 0) || lambda < -1e-8 * largest) {
      throw new MetakitError("INVALID_INPUT", "CR2 adjustment: a cluster's matrix is not positive semi-definite", {
        field: "cluster",
        value: lambda,
      });
    }
    if (lambda <= 1e-12 * largest) continue;
    const w = 1 / Math.sqrt(lambda);
    for (let a = 0; a < n; a++) {
      const va = vectors[a * n + e]! * w;
      for (let b = 0; b < n; b++) out[a * n + b]! += va * vectors[b * n + e]!;
    }
  }
  return out;
}

/** Eigenvalues and eigenvectors (columns of `vectors`) of a symmetric n x n matrix. */
export function symmetricEigen(S: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const A = Float64Array.from(S);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  let total = 0;
  for (const x of A) total += x * x;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += 2 * A[p * n + q]! ** 2;
    if (off <= 1e-30 * total) break;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) rotate(A, V, n, p, q);
  }
  return { values: Float64Array.from({ length: n }, (_, i) => A[i * n + i]!), vectors: V };
}

/** One Jacobi rotation annihilating A[p][q] (Golub & Van Loan, algorithm 8.5.1). */
function rotate(A: Float64Array, V: Float64Array, n: number, p: number, q: number): void {
  const apq = A[p * n + q]!;
  if (apq === 0) return;
  const theta = (A[q * n + q]! - A[p * n + p]!) / (2 * apq);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    const akp = A[k * n + p]!;
    const akq = A[k * n + q]!;
    A[k * n + p] = c * akp - s * akq;
    A[k * n + q] = s * akp + c * akq;
  }
  for (let k = 0; k < n; k++) {
    const apk = A[p * n + k]!;
    const aqk = A[q * n + k]!;
    A[p * n + k] = c * apk - s * aqk;
    A[q * n + k] = s * apk + c * aqk;
  }
  for (let k = 0; k < n; k++) {
    const vkp = V[k * n + p]!;
    const vkq = V[k * n + q]!;
    V[k * n + p] = c * vkp - s * vkq;
    V[k * n + q] = s * vkp + c * vkq;
  }
}
