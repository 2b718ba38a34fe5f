/**
 * `metakit analyze`'s text for the models a spec names besides the inverse-variance model:
 * the three-level model (results nested within studies), and a Bayesian model or GLMM
 * (primary or as a sensitivity scenario), each with its estimate on the reporting scale.
 */
import { formatEffectCi, formatFixed, formatP } from "@metakit/report/format";
import type { AlternativeFit, MultilevelPooled } from "@metakit/review";

export function multilevelLines(m: MultilevelPooled, measure: string): string[] {
  const e = m.backTransformed ?? m.estimate;
  const f = m.fit;
  return [
    `Pooled by the three-level model (${f.method}, ${f.test} test; ${m.results.length} results in ${f.clusters} studies): ${measure} ${formatEffectCi(e.estimate, e.ciLower, e.ciUpper)} [${f.level}% CI]` +
      (e.piLower !== null && e.piUpper !== null ? `, prediction interval [${formatFixed(e.piLower, 2)}, ${formatFixed(e.piUpper, 2)}]` : ""),
    `  sigma2 between studies ${formatFixed(f.sigma2[0], 4)}, within studies ${formatFixed(f.sigma2[1], 4)}; QE = ${formatFixed(f.QE, 2)}, df = ${f.QEdf}, ${formatP(f.QEp)}; I2 ${formatFixed(f.I2, 1)}%`,
  ];
}

export function alternativeLines(a: AlternativeFit, measure: string, indent = ""): string[] {
  const name = a.type === "bayes" ? "Bayesian random-effects model" : "GLMM";
  const role = a.role === "primary" ? "primary analysis" : "sensitivity analysis";
  if (a.fit === null) return [`${indent}${name} (${role}): not fitted: ${a.notApplicable ?? "no estimate"}`];
  const e = a.backTransformed ?? a.estimate!;
  const interval = `${a.spec.level}% ${a.type === "bayes" ? "CrI" : "CI"}`;
  const what = a.type === "bayes" ? `tau ~ ${a.fit.tauPrior}, mu ~ ${a.fit.muPrior}; posterior median` : `${a.fit.model}, no continuity correction; estimate`;
  return [`${indent}${name} (${role}; ${what}): ${measure} ${formatEffectCi(e.estimate, e.ciLower, e.ciUpper)} [${interval}], k = ${a.fit.k}`];
}
