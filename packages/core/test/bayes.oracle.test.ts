/**
 * Bayesian random-effects meta-analysis (bayesMeta, the normal-normal hierarchical model
 * of R's bayesmeta; Röver 2020, JSS 93(6)) against the exact posterior computed by direct
 * numerical integration in R: fixtures/bayes/case-*.json (scripts/bayes-meta.R;
 * integrate() with rel.tol 1e-11, quantiles by Newton to 1e-12). Cases: Crins et al. (2014)
 * (bayesmeta's CrinsEtAl2014, Röver 2020's worked example) with half-normal(0.5),
 * half-Cauchy(1), Turner et al. (2015) priors and a N(0, 4^2) prior on mu; dat.bcg with
 * half-normal, exponential, half-t, uniform and log-normal priors; Rubin (1981) eight
 * schools (half-Cauchy(25)); dat.normand1999 with a Rhodes et al. (2015) prior; a k = 2
 * case whose variances do not exist. Tolerance: relative 1e-5 (the issue's target), with an
 * absolute floor of 1e-7 times the data scale for values near zero; Bayes factors on the
 * log scale to 1e-6 absolute.
 * Also bayesmeta 3.4 itself (default DIRECT grid) on Crins et al.: tau's summaries (which
 * bayesmeta integrates) to 1e-6, mu's (from its coarse grid) only to 2e-3.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";

// Each fit takes milliseconds, but the shared test machine can be slowed many times over.
vi.setConfig({ testTimeout: 120_000 });
import type { BayesMetaResult, IntervalType, NormalMuPrior, PosteriorSummary, TauPrior } from "../src/index.js";
import { bayesMeta } from "../src/index.js";
import { expectClose, tol, type Tolerance } from "@metakit/fixtures";

interface Summary {
  readonly median: number;
  readonly mean: number;
  readonly sd: number | null;
  readonly ciLower: number;
  readonly ciUpper: number;
}

interface BayesCase {
  readonly id: string;
  readonly source: string;
  readonly yi: number[];
  readonly vi: number[];
  readonly tauPrior: TauPrior;
  readonly muPrior: NormalMuPrior | null;
  readonly interval: IntervalType;
  readonly tau: Summary;
  readonly mu: Summary;
  readonly prediction: Summary;
  readonly probBelow: { x: number; probability: number }[];
  readonly shrinkage: (Summary & { index: number })[];
  readonly logMarginalLikelihood?: number;
  readonly logBayesFactorTau0?: number;
  readonly logBayesFactorMu0?: number;
}

interface BayesmetaRun {
  readonly id: string;
  readonly version: string;
  readonly tau: Record<string, number>;
  readonly mu: Record<string, number>;
}

const dir = new URL("../../fixtures/bayes/", import.meta.url);
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, dir), "utf8")) as T;
const fixture = {
  cases: readdirSync(dir)
    .filter((f) => f.startsWith("case-"))
    .sort()
    .map((f) => read<BayesCase>(f)),
  bayesmeta: read<BayesmetaRun>("bayesmeta-crins.json"),
};

const EXACT = tol.posterior;
const LOG_EVIDENCE = tol.logEvidence;

function fit(c: BayesCase): BayesMetaResult {
  return bayesMeta({ yi: c.yi, vi: c.vi }, {
    tauPrior: c.tauPrior,
    ...(c.muPrior ? { muPrior: c.muPrior } : {}),
    interval: c.interval,
    probBelow: c.probBelow.map((p) => p.x),
  });
}

function compare(actual: PosteriorSummary, expected: Summary, scale: number, what: string): void {
  const tol: Tolerance = { ...EXACT, abs: 1e-7 * scale };
  expectClose(actual.median, expected.median, tol, `${what} median`);
  expectClose(actual.mean, expected.mean, tol, `${what} mean`);
  if (expected.sd === null) expect(actual.sd, `${what} sd does not exist`).toBeNull();
  else expectClose(actual.sd, expected.sd, tol, `${what} sd`);
  expectClose(actual.ciLower, expected.ciLower, tol, `${what} ciLower`);
  expectClose(actual.ciUpper, expected.ciUpper, tol, `${what} ciUpper`);
}

describe("bayesMeta(input, options) against the exact posterior (R integrate)", () => {
  for (const c of fixture.cases) {
    it(`${c.id}: ${c.source}`, () => {
      const r = fit(c);
      const scale = Math.sqrt(Math.max(...c.vi));
      compare(r.tau, c.tau, scale, `${c.id} tau`);
      compare(r.mu, c.mu, scale, `${c.id} mu`);
      compare(r.prediction, c.prediction, scale, `${c.id} prediction`);
      c.probBelow.forEach((p, i) => expectClose(r.probBelow[i]!.probability, p.probability, { ...tol.posterior, abs: 1e-12 }, `${c.id} P(mu < ${p.x})`));
      for (const s of c.shrinkage) {
        const actual = r.shrinkage[s.index]!;
        compare({ median: actual.median!, mean: actual.mean, sd: actual.sd, ciLower: actual.ciLower!, ciUpper: actual.ciUpper! }, s, scale, `${c.id} shrinkage ${s.index + 1}`);
      }
      if (c.logMarginalLikelihood !== undefined) {
        expectClose(r.logMarginalLikelihood, c.logMarginalLikelihood, LOG_EVIDENCE, `${c.id} log marginal likelihood`);
        expectClose(r.bayesFactors.tau0?.log, c.logBayesFactorTau0!, LOG_EVIDENCE, `${c.id} log BF(tau = 0)`);
        expectClose(r.bayesFactors.mu0?.log, c.logBayesFactorMu0!, LOG_EVIDENCE, `${c.id} log BF(mu = 0)`);
      } else {
        expect(r.logMarginalLikelihood).toBeNull();
        expect(r.bayesFactors.tau0).toBeNull();
      }
      expect(r.accuracy.relErrorEstimate).toBeLessThanOrEqual(1e-10);
    });
  }
});

describe("bayesMeta against bayesmeta 3.4 (Röver 2020, sec. 3.3: Crins et al. 2014, half-normal(0.5))", () => {
  const bm = fixture.bayesmeta;
  // Any case on the full Crins et al. data (they share yi and vi), with bayesmeta's settings.
  const c = fixture.cases.find((x) => x.id.startsWith("crins-") && x.yi.length === 6)!;
  const r = fit({ ...c, tauPrior: { family: "halfnormal", scale: 0.5 }, muPrior: null, interval: "shortest", probBelow: [] });
  const keys: [keyof PosteriorSummary, string][] = [
    ["median", "median"],
    ["mean", "mean"],
    ["sd", "sd"],
    ["ciLower", "95% lower"],
    ["ciUpper", "95% upper"],
  ];
  it("has cases", () => expect(fixture.cases.length).toBeGreaterThanOrEqual(6));
  it("tau's summaries, which bayesmeta integrates numerically, agree to 1e-6", () => {
    // bayesmeta finds the shortest interval with optimize() (tolerance ~1e-5 in the endpoint), so its bounds agree to 1e-5.
    for (const [ours, theirs] of keys) {
      const tolerance = ours.startsWith("ci") ? tol.bayesmetaInterval : tol.bayesmetaTau;
      expectClose(r.tau[ours] as number, bm.tau[theirs]!, { ...tolerance, abs: 1e-12 }, `tau ${ours}`);
    }
  });
  it("mu's summaries, from bayesmeta's default DIRECT grid (delta 0.01), agree only to 2e-3", () => {
    for (const [ours, theirs] of keys) expectClose(r.mu[ours] as number, bm.mu[theirs]!, tol.bayesmetaGrid, `mu ${ours}`);
  });
});
