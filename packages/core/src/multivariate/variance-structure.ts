/**
 * The between-study covariance G of the outcomes (q levels) in metafor's
 * rma.mv(random = ~ outcome | study, struct): its entries and their first and second
 * derivatives in theta = (tau2..., rho...), so that the marginal covariance of a study,
 * M_c = V_c + Z_c G Z_c', and its derivatives are read off entry by entry.
 *   CS:   G_ll = tau2,   G_lm = rho tau2                       theta = (tau2, rho)
 *   HCS:  G_ll = tau2_l, G_lm = rho sqrt(tau2_l tau2_m)        theta = (tau2_1..q, rho)
 *   UN:   G_ll = tau2_l, G_lm = rho_lm sqrt(tau2_l tau2_m)     theta = (tau2_1..q, rho_21, rho_31, .., rho_32, ..)
 *   DIAG: G_ll = tau2_l, G_lm = 0                              theta = (tau2_1..q)
 *   AR:   G_ll = tau2,   G_lm = tau2 rho^|l - m|               theta = (tau2, rho)
 * UN's correlations are the lower triangle of G by column, metafor's order. AR's lag is the
 * distance between the levels' positions in code-point order (equally spaced time points).
 * @reference Berkey, Hoaglin, Antczak-Bouckoms, Mosteller & Colditz (1998), Stat Med
 *   17:2537-2550; Viechtbauer (2010), J Stat Softw 36(3); metafor's rma.mv() documentation
 * @metafor rma.mv(yi, V, random = ~ outcome | study, struct = "CS" | "HCS" | "UN" | "DIAG" | "AR")
 */
export const VARIANCE_STRUCTURES = ["CS", "HCS", "UN", "DIAG", "AR"] as const;
export type VarianceStructure = (typeof VARIANCE_STRUCTURES)[number];

export interface StructureShape {
  readonly struct: VarianceStructure;
  /** Number of outcome levels. */
  readonly q: number;
  /** Number of tau2 and of rho parameters. */
  readonly nTau: number;
  readonly nRho: number;
  /** For UN, the level pair [l, m] (l > m) of each rho, in metafor's order. */
  readonly rhoPairs: readonly (readonly [number, number])[];
}

/** The derivatives of one entry G_lm: value, gradient (sparse) and Hessian (sparse, upper triangle j <= i). */
export interface EntryDerivatives {
  readonly value: number;
  readonly gradient: readonly (readonly [number, number])[];
  readonly hessian: readonly (readonly [number, number, number])[];
}

export function structureShape(struct: VarianceStructure, q: number): StructureShape {
  const rhoPairs: [number, number][] = [];
  if (struct === "UN") for (let m = 0; m < q; m++) for (let l = m + 1; l < q; l++) rhoPairs.push([l, m]);
  const perLevel = struct === "HCS" || struct === "UN" || struct === "DIAG";
  const nRho = struct === "DIAG" ? 0 : struct === "UN" ? rhoPairs.length : 1;
  return { struct, q, nTau: perLevel ? q : 1, nRho, rhoPairs };
}

/** Index in theta of the tau2 of level l. */
function tauIndex(shape: StructureShape, l: number): number {
  return shape.nTau === 1 ? 0 : l;
}

/** Index in theta of the rho of the pair (l, m), l != m, or -1 when G_lm is 0. */
function rhoIndex(shape: StructureShape, l: number, m: number): number {
  if (shape.nRho === 0) return -1;
  if (shape.struct !== "UN") return shape.nTau;
  const [a, b] = l > m ? [l, m] : [m, l];
  // column-major lower triangle: column b holds rows b+1..q-1
  let offset = 0;
  for (let c = 0; c < b; c++) offset += shape.q - 1 - c;
  return shape.nTau + offset + (a - b - 1);
}

/** G_lm and its derivatives at theta. */
export function entryDerivatives(shape: StructureShape, theta: ArrayLike<number>, l: number, m: number): EntryDerivatives {
  const tl = tauIndex(shape, l);
  if (l === m) return { value: theta[tl]!, gradient: [[tl, 1]], hessian: [] };
  const r = rhoIndex(shape, l, m);
  if (r < 0) return { value: 0, gradient: [], hessian: [] };
  // G_lm = c(rho) s(tau2): c = rho (CS, HCS, UN) or rho^d (AR); s = tau2 (one tau2) or sqrt(tau2_l tau2_m)
  const rho = theta[r]!;
  const d = Math.abs(l - m);
  const c = shape.struct === "AR" ? rho ** d : rho;
  const dc = shape.struct === "AR" ? d * power(rho, d - 1) : 1;
  const d2c = shape.struct === "AR" ? d * (d - 1) * power(rho, d - 2) : 0;
  const gradient: [number, number][] = [];
  const hessian: [number, number, number][] = [];
  const tm = tauIndex(shape, m);
  if (tl === tm) {
    const s = theta[tl]!;
    gradient.push([tl, c], [r, dc * s]);
    hessian.push([r, tl, dc]);
    if (d2c !== 0) hessian.push([r, r, d2c * s]);
    return { value: c * s, gradient, hessian };
  }
  const a = theta[tl]!;
  const b = theta[tm]!;
  // A level whose tau2 is 0 has no covariance with the others: G_lm = 0, and its
  // correlations carry no information (they are held; see optimize.ts)
  if (a === 0 || b === 0) return { value: 0, gradient: [], hessian: [] };
  const s = Math.sqrt(a * b);
  const sa = 0.5 * Math.sqrt(b / a); // d s / d a
  const sb = 0.5 * Math.sqrt(a / b);
  gradient.push([tl, c * sa], [tm, c * sb], [r, dc * s]);
  hessian.push([tl, tl, (-c * sa) / (2 * a)], [tm, tm, (-c * sb) / (2 * b)], [Math.max(tl, tm), Math.min(tl, tm), c / (4 * s)]);
  hessian.push([r, tl, dc * sa], [r, tm, dc * sb]);
  if (d2c !== 0) hessian.push([r, r, d2c * s]);
  return { value: c * s, gradient, hessian };
}

/** x^e for an integer e >= 0 (0^0 = 1); 0 for e < 0 (a term whose coefficient is 0). */
function power(x: number, e: number): number {
  return e < 0 ? 0 : x ** e;
}

/**
 * The box bounds of a correlation: [-1, 1], and for CS and HCS [-1 / (q - 1), 1], where G
 * stops being positive semi-definite.
 */
export function rhoBounds(shape: StructureShape): readonly [number, number] {
  const compound = shape.struct === "CS" || shape.struct === "HCS";
  return [compound && shape.q > 2 ? -1 / (shape.q - 1) : -1, 1];
}

/**
 * Whether theta lies inside the parameter space: tau2 >= 0, |rho| <= 1, and G a covariance
 * matrix (positive semi-definite: for CS and HCS rho >= -1 / (q - 1), for UN the
 * correlation matrix positive semi-definite).
 */
export function feasible(shape: StructureShape, theta: ArrayLike<number>): boolean {
  for (let j = 0; j < shape.nTau; j++) {
    const t = theta[j]!;
    if (!(t >= 0) || !Number.isFinite(t)) return false;
  }
  for (let j = shape.nTau; j < shape.nTau + shape.nRho; j++) if (!(Math.abs(theta[j]!) <= 1)) return false;
  if (shape.struct === "DIAG" || shape.struct === "AR" || shape.q < 2) return true;
  return correlationIsPsd(shape, theta);
}

/** Cholesky of R + 1e-12 I, R the correlation matrix of G (rho on the off-diagonal). */
function correlationIsPsd(shape: StructureShape, theta: ArrayLike<number>): boolean {
  const { q } = shape;
  const L = new Float64Array(q * q);
  const R = (l: number, m: number) => (l === m ? 1 + 1e-12 : theta[rhoIndex(shape, l, m)]!);
  for (let j = 0; j < q; j++) {
    let d = R(j, j);
    for (let m = 0; m < j; m++) d -= L[j * q + m]! ** 2;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    L[j * q + j] = ljj;
    for (let i = j + 1; i < q; i++) {
      let s = R(i, j);
      for (let m = 0; m < j; m++) s -= L[i * q + m]! * L[j * q + m]!;
      L[i * q + j] = s / ljj;
    }
  }
  return true;
}

/** Parameter names as metafor prints them: tau2[1..], rho[1..]. */
export function parameterNames(shape: StructureShape): string[] {
  return [
    ...Array.from({ length: shape.nTau }, (_, j) => `tau2[${j + 1}]`),
    ...Array.from({ length: shape.nRho }, (_, j) => `rho[${j + 1}]`),
  ];
}
