/**
 * The closed-form (Sherman–Morrison) evaluation of compound-symmetric blocks equals the
 * dense per-cluster evaluation: log-likelihood, beta, score and both informations, REML
 * and ML, with moderators, on dat.assink2016 (study/esid) at several sigma2, including
 * the bound 0. And the analytic score is the derivative of the log-likelihood (central
 * differences).
 */
import { describe, expect, it } from "vitest";
import { evaluateBlocks } from "../src/multilevel/block-evaluation.js";
import { prepareMultilevel } from "../src/multilevel/multilevel-model.js";
import { inputOf, multilevelCases } from "./multilevel-helpers.js";
import { closeTo } from "@metakit/fixtures";

const IDENTITY = { rel: 1e-10, abs: 1e-12 };
const c = multilevelCases.find((x) => x.id === "assink2016 REML t deltype+year")!;

describe("evaluateBlocks(data, sigma2, reml, path)", () => {
  for (const reml of [true, false]) {
    for (const sigma2 of [[0.15, 0.085], [0, 0.2], [0.3, 0], [1e-6, 2]]) {
      it(`closed form equals dense blocks (${reml ? "REML" : "ML"}, sigma2 = ${sigma2.join(", ")})`, () => {
        const { data } = prepareMultilevel(inputOf(c), { moderators: c.moderators });
        const a = evaluateBlocks(data, sigma2, reml, "auto");
        const b = evaluateBlocks(data, sigma2, reml, "dense");
        expect(closeTo(a.logLik, b.logLik, IDENTITY)).toBe(true);
        a.beta.forEach((x, j) => expect(closeTo(x, b.beta[j]!, IDENTITY), `beta[${j}]`).toBe(true));
        a.score.forEach((x, j) => expect(closeTo(x, b.score[j]!, { rel: 1e-8, abs: 1e-8 }), `score[${j}]`).toBe(true));
        a.fisher.forEach((x, j) => expect(closeTo(x, b.fisher[j]!, IDENTITY), `fisher[${j}]`).toBe(true));
        a.observed.forEach((x, j) => expect(closeTo(x, b.observed[j]!, { rel: 1e-8, abs: 1e-8 }), `observed[${j}]`).toBe(true));
      });
    }
  }
  it("the score is the derivative of the log-likelihood (central differences, both paths)", () => {
    const { data } = prepareMultilevel(inputOf(c), { moderators: c.moderators });
    for (const path of ["auto", "dense"] as const) {
      const s = [0.15, 0.085];
      const ev = evaluateBlocks(data, s, true, path);
      for (let j = 0; j < 2; j++) {
        const h = 1e-6;
        const up = s.map((v, i) => (i === j ? v + h : v));
        const down = s.map((v, i) => (i === j ? v - h : v));
        const numeric = (evaluateBlocks(data, up, true, path).logLik - evaluateBlocks(data, down, true, path).logLik) / (2 * h);
        expect(closeTo(ev.score[j]!, numeric, { rel: 1e-5, abs: 1e-6 }), `${path} score[${j}]`).toBe(true);
      }
    }
  });
});
