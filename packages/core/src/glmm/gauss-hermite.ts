/**
 * The 7-point Gauss–Hermite rule for ∫ f(x) exp(-x²) dx, exact for polynomials of degree
 * up to 13: nodes ±x_j and weights w_j.
 * @reference Abramowitz & Stegun (1964), Handbook of Mathematical Functions, Table 25.10 (n = 7)
 * @metafor rma.glmm(..., nAGQ = 7), lme4::GHrule(7) (the same rule for the standard normal)
 * @example GAUSS_HERMITE_7.nodes[3] // 0 (the middle node)
 */
export const GAUSS_HERMITE_7: { readonly nodes: readonly number[]; readonly weights: readonly number[] } = {
  nodes: [
    -2.651961356835233492447, -1.673551628767471445032, -0.8162878828589646630387, 0, 0.8162878828589646630387,
    1.673551628767471445032, 2.651961356835233492447,
  ],
  weights: [
    9.717812450995191645889e-4, 0.05451558281912703059218, 0.4256072526101278005203, 0.8102646175568073267159,
    0.4256072526101278005203, 0.05451558281912703059218, 9.717812450995191645889e-4,
  ],
};
