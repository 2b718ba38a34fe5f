/**
 * Properties of bayesMeta (fast-check, fixed seed) and its edge cases:
 * - a prior concentrated at tau = 0 gives the equal-effects result (metaAnalysis with
 *   method "EE": mu | y ~ N(sum w y / sum w, 1 / sum w), Röver 2020, eq. 10-11 at tau = 0);
 * - the posterior does not depend on the order of the studies;
 * - the median lies inside the credible interval; the central interval has 2.5% tails;
 * - invalid input raises a typed MetakitError.
 */
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";

// Each fit takes milliseconds, but the shared test machine can be slowed many times over.
vi.setConfig({ testTimeout: 120_000 });
import { isMetakitError, normalQuantile } from "@metakit/base";
import { bayesMeta, metaAnalysis, tauPriorDensity, turnerParameters, type TauPrior } from "../src/index.js";
import { closeTo, expectClose, type Tolerance } from "@metakit/fixtures";

/** tau <= ~1e-6 moves mu by O(tau^2 / v), far below this. */
const EQUAL_EFFECTS: Tolerance = { rel: 1e-6, abs: 1e-8 };
/** Reordering changes only the quadrature's rounding (and possibly a bisection choice). */
const REORDERED: Tolerance = { rel: 1e-8, abs: 1e-10 };

const SEED = 20261207;

const studies = fc.integer({ min: 1, max: 8 }).chain((k) =>
  fc.record({
    yi: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: k, maxLength: k }),
    vi: fc.array(fc.double({ min: 0.005, max: 1, noNaN: true }), { minLength: k, maxLength: k }),
  }),
);

const priors: TauPrior[] = [
  { family: "halfnormal", scale: 0.5 },
  { family: "halfcauchy", scale: 0.5 },
  { family: "exponential", rate: 3 },
  { family: "turner", outcome: "all-cause-mortality", comparison: "pharma-placebo" },
];

describe("bayesMeta: a prior concentrated at tau = 0 gives the equal-effects result", () => {
  it("half-normal(1e-6): mu's posterior is N(EE estimate, EE se^2)", () => {
    fc.assert(
      fc.property(studies, ({ yi, vi }) => {
        const ee = metaAnalysis({ yi, vi }, { method: "EE" });
        const r = bayesMeta({ yi, vi }, { tauPrior: { family: "halfnormal", scale: 1e-6 }, interval: "central", shrinkageQuantiles: false });
        const tol = EQUAL_EFFECTS;
        const z = normalQuantile(0.975);
        return (
          closeTo(r.mu.median, ee.estimate, tol) &&
          closeTo(r.mu.mean!, ee.estimate, tol) &&
          closeTo(r.mu.sd!, ee.se, tol) &&
          closeTo(r.mu.ciLower, ee.estimate - z * ee.se, tol) &&
          closeTo(r.mu.ciUpper, ee.estimate + z * ee.se, tol)
        );
      }),
      { seed: SEED, numRuns: 15 },
    );
  });
});

describe("bayesMeta: invariances and orderings", () => {
  it("is invariant to the order of the studies", () => {
    fc.assert(
      fc.property(studies, fc.constantFrom(...priors), ({ yi, vi }, tauPrior) => {
        const order = yi.map((_, i) => i).reverse();
        const a = bayesMeta({ yi, vi }, { tauPrior, shrinkageQuantiles: false });
        const b = bayesMeta({ yi: order.map((i) => yi[i]!), vi: order.map((i) => vi[i]!) }, { tauPrior, shrinkageQuantiles: false });
        const tol = REORDERED;
        return (
          closeTo(a.mu.median, b.mu.median, tol) &&
          closeTo(a.mu.ciLower, b.mu.ciLower, tol) &&
          closeTo(a.mu.ciUpper, b.mu.ciUpper, tol) &&
          closeTo(a.tau.median, b.tau.median, tol) &&
          closeTo(a.tau.ciUpper, b.tau.ciUpper, tol)
        );
      }),
      { seed: SEED, numRuns: 12 },
    );
  });

  it("the medians lie inside the intervals and the predictive interval contains mu's", () => {
    fc.assert(
      fc.property(studies, fc.constantFrom(...priors), fc.constantFrom("shortest" as const, "central" as const), ({ yi, vi }, tauPrior, interval) => {
        const r = bayesMeta({ yi, vi }, { tauPrior, interval, shrinkageQuantiles: false });
        return (
          r.mu.ciLower < r.mu.median &&
          r.mu.median < r.mu.ciUpper &&
          r.tau.ciLower <= r.tau.median &&
          r.tau.median < r.tau.ciUpper &&
          r.prediction.ciLower < r.mu.ciLower &&
          r.prediction.ciUpper > r.mu.ciUpper
        );
      }),
      { seed: SEED, numRuns: 12 },
    );
  });

  it("the central interval leaves 2.5% in each tail: P(mu < ciLower) = 0.025", () => {
    const yi = [-0.4, 0.1, -0.9];
    const vi = [0.04, 0.09, 0.2];
    const central = bayesMeta({ yi, vi }, { tauPrior: { family: "halfnormal", scale: 0.5 }, interval: "central" });
    const p = bayesMeta({ yi, vi }, { tauPrior: { family: "halfnormal", scale: 0.5 }, probBelow: [central.mu.ciLower, central.mu.ciUpper] });
    expectClose(p.probBelow[0]!.probability, 0.025, { rel: 1e-9, abs: 0 }, "P(mu < lower)");
    expectClose(p.probBelow[1]!.probability, 0.975, { rel: 1e-9, abs: 0 }, "P(mu < upper)");
  });

  it("level 0.9 and 90 mean the same", () => {
    const input = { yi: [0.2, 0.5], vi: [0.1, 0.2] };
    const a = bayesMeta(input, { tauPrior: { family: "halfnormal", scale: 0.5 }, level: 0.9 });
    const b = bayesMeta(input, { tauPrior: { family: "halfnormal", scale: 0.5 }, level: 90 });
    expect(a.mu.ciLower).toBe(b.mu.ciLower);
    expect(a.level).toBe(0.9);
  });
});

describe("bayesMeta: edge cases", () => {
  it("k = 1 with a uniform mu prior: the posterior of tau is the prior", () => {
    const r = bayesMeta({ yi: [0.3], vi: [0.1] }, { tauPrior: { family: "halfnormal", scale: 0.5 }, interval: "central" });
    const prior = tauPriorDensity({ family: "halfnormal", scale: 0.5 });
    expectClose(r.tau.median, prior.quantile(0.5), { rel: 1e-9, abs: 0 }, "tau median = prior median");
    expectClose(r.tau.ciUpper, prior.quantile(0.975), { rel: 1e-9, abs: 0 }, "tau upper = prior 97.5%");
    expectClose(r.mu.median, 0.3, { rel: 1e-9, abs: 1e-12 }, "mu median = y");
  });

  it("k = 2 with a half-Cauchy prior: tau's and mu's variances do not exist and are null", () => {
    const r = bayesMeta({ yi: [0.3, -0.2], vi: [0.1, 0.05] }, { tauPrior: { family: "halfcauchy", scale: 0.5 } });
    expect(r.tau.sd).toBeNull();
    expect(r.mu.sd).toBeNull();
    expect(r.prediction.sd).toBeNull();
    expect(r.tau.mean).not.toBeNull();
  });

  it("a normal mu prior gives a marginal likelihood; the uniform one does not", () => {
    const input = { yi: [0.3, -0.2, 0.5], vi: [0.1, 0.05, 0.2] };
    expect(bayesMeta(input, { tauPrior: { family: "halfnormal", scale: 0.5 } }).logMarginalLikelihood).toBeNull();
    const r = bayesMeta(input, { tauPrior: { family: "halfnormal", scale: 0.5 }, muPrior: { mean: 0, sd: 2 } });
    expect(Number.isFinite(r.logMarginalLikelihood)).toBe(true);
    expect(r.bayesFactors.tau0!.value).toBeCloseTo(Math.exp(r.bayesFactors.tau0!.log), 12);
  });

  it("Turner et al. (2015) general setting: log(tau^2) ~ N(-2.56, 1.74^2), p. 993", () => {
    expect(turnerParameters("any", "pharma-placebo")).toEqual({ mean: -2.56, sd: 1.74 });
    // Table IV, all-cause mortality, pharmacological vs placebo/control: N(-3.95, 1.34^2)
    expect(turnerParameters("all-cause-mortality", "pharma-placebo")).toEqual({ mean: -3.95, sd: 1.34 });
    const prior = tauPriorDensity({ family: "turner", outcome: "any" });
    expectClose(prior.quantile(0.5), Math.exp(-2.56 / 2), { rel: 1e-12, abs: 0 }, "median tau = exp(-1.28)");
  });

  const bad: [string, () => unknown, string][] = [
    ["no studies", () => bayesMeta({ yi: [], vi: [] }, { tauPrior: { family: "halfnormal", scale: 1 } }), "INSUFFICIENT_DATA"],
    ["zero variance", () => bayesMeta({ yi: [1], vi: [0] }, { tauPrior: { family: "halfnormal", scale: 1 } }), "NON_POSITIVE_VARIANCE"],
    ["NaN effect", () => bayesMeta({ yi: [NaN], vi: [1] }, { tauPrior: { family: "halfnormal", scale: 1 } }), "INVALID_INPUT"],
    ["negative scale", () => bayesMeta({ yi: [1], vi: [1] }, { tauPrior: { family: "halfnormal", scale: -1 } }), "INVALID_INPUT"],
    ["unknown family", () => bayesMeta({ yi: [1], vi: [1] }, { tauPrior: { family: "gamma" } as unknown as TauPrior }), "INVALID_INPUT"],
    ["unknown Turner outcome", () => bayesMeta({ yi: [1], vi: [1] }, { tauPrior: { family: "turner", outcome: "x" } as unknown as TauPrior }), "INVALID_INPUT"],
    ["mu prior sd 0", () => bayesMeta({ yi: [1], vi: [1] }, { tauPrior: { family: "halfnormal", scale: 1 }, muPrior: { mean: 0, sd: 0 } }), "INVALID_INPUT"],
    ["bad interval", () => bayesMeta({ yi: [1], vi: [1] }, { tauPrior: { family: "halfnormal", scale: 1 }, interval: "hpd" as "central" }), "INVALID_INPUT"],
    ["level 100", () => bayesMeta({ yi: [1], vi: [1] }, { tauPrior: { family: "halfnormal", scale: 1 }, level: 100 }), "INVALID_INPUT"],
  ];
  for (const [what, call, code] of bad) {
    it(`${what} raises ${code}`, () => {
      try {
        call();
        expect.fail("no error");
      } catch (error) {
        expect(isMetakitError(error) && error.code).toBe(code);
      }
    });
  }
});
